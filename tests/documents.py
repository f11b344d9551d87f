"""Word and PDF copies of a report, made the ways real ones are made.

* :func:`write_docx` writes a report with python-docx in the official layout:
  merged cells (``gridSpan``/``vMerge``), narrow label columns whose labels
  wrap, vertical group labels, indented narrative paragraphs, a page-number
  footer; optionally the report inside a layout table (nested tables) and the
  title in a text box.
* :func:`docx_to_pdf` prints DOCX files to PDF with LibreOffice, in one call
  for a batch (LibreOffice starts slowly).
* :func:`html_to_pdf` prints a page to PDF with headless Chromium.

The external tools are required when ``GXOPEN_REQUIRE_EXTERNAL`` is set (CI)
and skip the test with a reason elsewhere.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import gxopen
from gxopen._render._layout import GridCell, official_grids, parts, title

REQUIRE_EXTERNAL = bool(os.environ.get("GXOPEN_REQUIRE_EXTERNAL"))

docx = pytest.importorskip("docx", reason="python-docx writes the test documents (pip install -e '.[test]')")
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from docx.table import _Cell  # noqa: E402

FONT = "Noto Serif CJK SC"

# Column widths (cm) of each table: narrow label columns make labels wrap, as in the template.
_WIDTHS = {
    "proactive": [4.2, 3.6, 3.6, 3.6],
    "requests": [1.4, 1.6, 1.9, *([1.45] * 7)],
    "review_litigation": [1.0] * 15,
}


def _external(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if REQUIRE_EXTERNAL:
            pytest.fail(f"{name} is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip(f"{name} is not installed")
    return found


def _vertical(cell: Any) -> None:
    """Set a cell's text direction to top-to-bottom (a vertical label)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:textDirection {nsdecls("w")} w:val="tbRlV"/>'))


def _fill_table(table: Any, grid: list[list[GridCell]], key: str, *, vertical: bool) -> None:
    # The cells before any merge, looked up once (python-docx's table.cell() walks the whole table each call).
    slots = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for slot_row in slots:
        for slot, cm in zip(slot_row, _WIDTHS[key], strict=True):
            slot.width = Cm(cm)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            target = slots[r][c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(slots[r + cell.rowspan - 1][c + cell.colspan - 1])
            target.text = cell.text
            if cell.pointer is not None:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            # The group labels of table 3 (a column of their own, several rows high) stand vertically.
            if vertical and key == "requests" and cell.rowspan > 2 and c < 2 and r >= 3:
                _vertical(target)
            c += cell.colspan


def _add_table(container: Any, grid: list[list[GridCell]], key: str, *, vertical: bool) -> None:
    width = sum(c.colspan for c in grid[0])
    table = container.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    table.autofit = False
    _fill_table(table, grid, key, vertical=vertical)


def _textbox(paragraph: Any, text: str) -> None:
    """Put ``text`` in a text box anchored in ``paragraph`` (DrawingML with a VML fallback, as Word writes)."""
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    content = (
        f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    )
    run = f"""<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5400000" cy="720000"/>
<wp:docPr id="1" name="Title"/><a:graphic><a:graphicData
uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="720000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:425pt;height:57pt">
<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
    paragraph._p.append(parse_xml(run))


def _page_number_footer(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}><w:t>1</w:t></w:r>",
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))
    paragraph.add_run(" —")


def write_docx(
    report: gxopen.Report,
    *,
    vertical: bool = False,
    nested: bool = False,
    textbox: bool = False,
    landscape: bool = False,
) -> bytes:
    """The report as a Word document in the official layout.

    Args:
        report: The report.
        vertical: Table 3's group labels in vertical text (``tbRlV``).
        nested: Every table inside a one-cell layout table.
        textbox: The title in a text box.
        landscape: Landscape A4 pages.
    """
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2.4)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_number_footer(section)
    name = title(report)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if textbox:
        _textbox(head, name)
    else:
        head.add_run(name).bold = True
    grids = official_grids(report)
    for key, heading, text in parts(report):
        doc.add_paragraph().add_run(heading).bold = True
        if key in grids:
            container: Any = doc
            if nested:
                outer = doc.add_table(rows=1, cols=1)
                container = outer.cell(0, 0)
            _add_table(container, grids[key], key, vertical=vertical)
        elif text is not None:
            for line in text.split("\n"):
                paragraph = doc.add_paragraph(line)
                paragraph.paragraph_format.first_line_indent = Pt(21)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_to_pdf(documents: Sequence[bytes], workdir: Path) -> list[bytes]:
    """Print Word documents to PDF with LibreOffice, all in one call."""
    soffice = _external("soffice")
    workdir.mkdir(parents=True, exist_ok=True)
    names = []
    for i, data in enumerate(documents):
        path = workdir / f"doc{i}.docx"
        path.write_bytes(data)
        names.append(str(path))
    profile = workdir / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            *names,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = []
    for i in range(len(documents)):
        pdf = workdir / f"doc{i}.pdf"
        assert pdf.exists(), result.stderr[-2000:] + result.stdout[-2000:]
        out.append(pdf.read_bytes())
    return out


_DOC_ARGS = ["--convert-to", "doc", "--outdir"]


def docx_to_doc(document: bytes, workdir: Path) -> bytes:
    """Save a Word document in the legacy Word 97-2003 format (``.doc``) with LibreOffice."""
    soffice = _external("soffice")
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "legacy.docx"
    path.write_bytes(document)
    profile = workdir / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *_DOC_ARGS,
            str(workdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    target = workdir / "legacy.doc"
    assert target.exists(), result.stderr[-2000:] + result.stdout[-2000:]
    return target.read_bytes()


def html_to_pdf(page: str, workdir: Path) -> bytes:
    """Print an HTML page to PDF with headless Chromium (no header or footer)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    browser = found or _external("chromium")
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "page.html"
    source.write_text(page, encoding="utf-8")
    target = workdir / "page.pdf"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert target.exists(), result.stderr[-2000:]
    return target.read_bytes()


def pdf_file(objects: Sequence[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of the given objects (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of pages that hold only an image, as a scanner makes (no text layer)."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    image = 3 + 2 * pages
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /XObject << /Im0 %d 0 R >> >> >>" % (4 + 2 * i, image)
        )
        objects.append(_stream(b"q 495 0 0 742 50 50 cm /Im0 Do Q"))
    pixels = bytes([0, 255, 255, 0])
    objects.append(
        _stream(
            pixels, b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8"
        )
    )
    return pdf_file(objects)


def encrypted_pdf() -> bytes:
    """A PDF encrypted with a user password (the standard security handler), which opens only with it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <%s> /U <%s> >>" % (b"5a" * 32, b"c3" * 32),
    ]
    return pdf_file(objects, b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"01" * 16, b"01" * 16))


def ole2_file(*streams: str) -> bytes:
    """The first bytes of an OLE2 compound file whose directory names ``streams`` (enough for detection)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64) for name in ("Root Entry", *streams))
    return header + directory
