"""Word and PDF documents in: DOCX written in the official layout, printed to PDF by LibreOffice and Chromium.

Every document is made here from a report (the seed, a busy variant with blanks, generated reports), so
each cell that comes back is checked against the report it was made from. Provenance is checked
against the official grid (row and column of each value cell) and, for PDF, against the text PDFium
itself finds inside the cell's box.
"""

from __future__ import annotations

import ctypes
import io
import random
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gxopen
from gxopen._cells import iter_cells, pointer, replace
from gxopen._cli import run
from gxopen._render._layout import official_grids
from gxopen.exceptions import ParseError, UnsupportedDocumentError
from gxopen.strategies import reports

from . import documents
from .documents import docx_to_pdf, encrypted_pdf, html_to_pdf, ole2_file, scanned_pdf, write_docx

pdfium = pytest.importorskip("pypdfium2", reason="parse_pdf needs pypdfium2 (pip install -e '.[pdf]')")
pdfium_c = pytest.importorskip("pypdfium2.raw")

TABLE_KEYS = ("proactive", "requests", "review_litigation")


def tables(report: gxopen.Report) -> dict[str, object]:
    return {pointer(path): value for path, value in iter_cells(report)}


def grid_positions(report: gxopen.Report) -> dict[str, tuple[int, int, int]]:
    """Each value cell's (table, row, column) in the official template, spans expanded."""
    out = {}
    for index, key in enumerate(TABLE_KEYS):
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(official_grids(report)[key]):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                if cell.pointer is not None:
                    out[cell.pointer] = (index, r, c)
                c += cell.colspan
    return out


def busy_report(seed: gxopen.Report) -> gxopen.Report:
    """The seed with distinct numbers, a decimal fee and some blank (not reported) cells."""
    rng = random.Random(11)
    report = seed
    for i, (path, _) in enumerate(iter_cells(seed)):
        if path[-1] == "amount":
            value: object = Decimal("12.35")
        elif i % 17 == 5:
            value = None
        else:
            value = rng.randrange(0, 100_000)
        report = replace(report, path, value)
    return report


def plain(report: gxopen.Report) -> gxopen.Report:
    """A generated report with a readable agency and narratives (drawn text may hold characters no font has)."""
    return attrs.evolve(
        report,
        agency="某某市某某区人民政府办公室",
        title=None,
        overview="本年度依法公开政府信息。",
        problems="存在的问题已经整改。",
        other_matters="本年度未收取信息处理费。",
    )


def assert_exact(result: gxopen.ParseResult, report: gxopen.Report) -> None:
    assert result.errors == ()
    assert result.report is not None
    assert tables(result.report) == tables(report)
    assert (result.report.agency, result.report.year) == (report.agency, report.year)


# ---------------------------------------------------------------- Word


@pytest.mark.parametrize(
    "options",
    [{}, {"vertical": True, "nested": True, "textbox": True}, {"landscape": True}],
    ids=["plain", "vertical-nested-textbox", "landscape"],
)
def test_docx_of_the_seed_reads_back_exactly(seed: gxopen.Report, options: dict[str, bool]) -> None:
    result = gxopen.parse_docx(write_docx(seed, **options), source="seed.docx")
    assert result.report == seed
    assert (result.errors, result.warnings) == ((), ())
    assert result.source == "seed.docx"


def test_docx_provenance_is_the_official_grid(seed: gxopen.Report) -> None:
    report = busy_report(seed)
    result = gxopen.parse_docx(write_docx(report, nested=True))
    assert_exact(result, report)
    expected = grid_positions(report)
    found = {where: (s.table, s.row, s.column) for where, s in result.cells.items()}
    assert found == expected
    assert result.cells["/proactive/fees/amount"].raw == "12.35"
    blank = next(where for where, value in tables(report).items() if value is None)
    assert result.cells[blank].raw == ""
    assert all(s.page is None and s.box is None for s in result.cells.values())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_docx_round_trips_generated_reports(report: gxopen.Report) -> None:
    report = plain(report)
    assert_exact(gxopen.parse_docx(write_docx(report, vertical=True)), report)


def _docx_with(document_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_grid_before_hmerge_content_controls_and_revisions() -> None:
    """A hand-written table: a row starting after gridBefore, a legacy hMerge, cells inside a content
    control, a deleted revision and a field instruction, all read as Word shows them."""
    t2 = "".join(
        f"<w:tr><w:tc>{_p(label)}</w:tc>" + "".join(f"<w:tc>{_p(v)}</w:tc>" for v in values) + "</w:tr>"
        for label, values in [
            ("规章", ["1", "2", "3"]),
            ("行政规范性文件", ["4", "5", "6"]),
            ("行政许可", ["7"]),
            ("行政处罚", ["8"]),
            ("行政强制", ["9"]),
        ]
    )
    fee = (
        "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        "<w:tc><w:tcPr><w:hMerge w:val='restart'/></w:tcPr>" + _p("行政事业性收费") + "</w:tc>"
        "<w:tc><w:tcPr><w:hMerge/></w:tcPr>" + _p("") + "</w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>1</w:t></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>.5</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>"
        "</w:tr>"
    )
    body = (
        _p("某某县人民政府2024年政府信息公开工作年度报告")
        + _p("二、主动公开政府信息情况")
        + _p("第二十条第（一）项")
        + f"<w:tbl>{t2}{fee}</w:tbl>"
        + _p("五、存在的主要问题及改进情况")
    )
    result = gxopen.parse_docx(_docx_with(f"<w:document {_W}><w:body>{body}</w:body></w:document>"))
    assert result.report is not None
    p = result.report.proactive
    assert isinstance(p, gxopen.Proactive)
    assert (p.regulations.issued, p.regulations.repealed, p.regulations.in_force) == (1, 2, 3)
    assert (p.licensing.decisions, p.penalty.decisions, p.coercion.decisions) == (7, 8, 9)
    assert p.fees.amount == Decimal("1.5")
    assert result.cells["/proactive/fees/amount"].column == 3  # gridBefore 1 + a cell spanning 2 (hMerge)
    assert result.report.agency == "某某县人民政府"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04" + bytes(40), "zip"),
        (_docx_with("<w:document"), "docx-damaged"),
    ],
    ids=["truncated-zip", "bad-xml"],
)
def test_damaged_docx_says_so(data: bytes, kind: str) -> None:
    with pytest.raises(UnsupportedDocumentError) as caught:
        gxopen.parse(data, source="r.docx")
    assert caught.value.kind == kind
    assert str(caught.value).startswith("r.docx: ")
    assert "\n" not in str(caught.value)


def test_truncated_docx_is_damaged(seed: gxopen.Report) -> None:
    data = write_docx(seed)
    with pytest.raises(UnsupportedDocumentError) as caught:
        gxopen.parse_docx(data[: len(data) // 2])
    assert caught.value.kind == "docx-damaged"
    assert "save it again as .docx" in str(caught.value)


# ---------------------------------------------------------------- PDF printed by LibreOffice


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The seed (plain, and vertical labels in a layout table with a text-box title) and the busy
    report, printed to PDF by LibreOffice in one call; also the seed saved as a legacy .doc."""
    seed = gxopen.load_example()
    docs = {
        "seed": write_docx(seed),
        "seed-vertical": write_docx(seed, vertical=True, nested=True, textbox=True),
        "busy": write_docx(busy_report(seed)),
        "busy-landscape": write_docx(busy_report(seed), landscape=True),
    }
    workdir = tmp_path_factory.mktemp("soffice")
    pdfs = docx_to_pdf(list(docs.values()), workdir)
    out = dict(zip(docs, pdfs, strict=True))
    out["seed.doc"] = documents.docx_to_doc(docs["seed"], workdir)
    return out


def _text_in_box(data: bytes, page: int, box: tuple[float, float, float, float]) -> str:
    """The text PDFium finds inside a box (its own extraction, independent of gxopen's)."""
    pdf = pdfium.PdfDocument(data)
    try:
        p = pdf[page - 1]
        height = p.get_height()
        textpage = p.get_textpage()
        x0, top, x1, bottom = box
        args = (textpage.raw, x0, height - top, x1, height - bottom)
        n = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
        buffer = ctypes.create_string_buffer((n + 1) * 2)
        pdfium_c.FPDFText_GetBoundedText(*args, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), n + 1)
        text = buffer.raw[: n * 2].decode("utf-16-le")
        textpage.close()
        p.close()
    finally:
        pdf.close()
    return "".join(text.split())


@pytest.mark.parametrize("name", ["seed", "seed-vertical"])
def test_libreoffice_pdf_of_the_seed_reads_back_exactly(printed: dict[str, bytes], name: str) -> None:
    seed = gxopen.load_example()
    result = gxopen.parse_pdf(printed[name], source=f"{name}.pdf")
    assert result.report == seed  # every cell, and the narratives with their paragraphs
    assert (result.errors, result.warnings) == ((), ())


@pytest.mark.parametrize("name", ["busy", "busy-landscape"])
def test_libreoffice_pdf_provenance_is_the_grid_and_the_box(printed: dict[str, bytes], name: str) -> None:
    report = busy_report(gxopen.load_example())
    result = gxopen.parse_pdf(printed[name])
    assert_exact(result, report)
    # The table fragments on following pages are one table: rows and columns are the official grid's.
    expected = grid_positions(report)
    assert {where: (s.table, s.row, s.column) for where, s in result.cells.items()} == expected
    pages = {s.page for s in result.cells.values()}
    assert len(pages) >= 2
    for where, source in result.cells.items():
        assert source.page is not None
        assert source.box is not None
        assert _text_in_box(printed[name], source.page, source.box) == source.raw, where


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(reports(), min_size=2, max_size=2))
def test_libreoffice_pdf_round_trips_generated_reports(
    tmp_path_factory: pytest.TempPathFactory, batch: list[gxopen.Report]
) -> None:
    batch = [plain(r) for r in batch]
    docs = [write_docx(r, vertical=i % 2 == 1) for i, r in enumerate(batch)]
    for report, data in zip(batch, docx_to_pdf(docs, tmp_path_factory.mktemp("batch")), strict=True):
        assert_exact(gxopen.parse_pdf(data), report)


# ---------------------------------------------------------------- PDF printed by Chromium


def test_chromium_pdf_of_render_html_reads_back_exactly(tmp_path: Path, seed: gxopen.Report) -> None:
    report = busy_report(seed)
    data = html_to_pdf(gxopen.render_html(report), tmp_path)
    result = gxopen.parse(data, source="page.pdf")
    assert_exact(result, report)
    for name in ("overview", "problems", "other_matters"):
        assert getattr(result.report, name) == getattr(report, name)
    assert {where: (s.table, s.row, s.column) for where, s in result.cells.items()} == grid_positions(report)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_chromium_pdf_round_trips_generated_reports(
    tmp_path_factory: pytest.TempPathFactory, report: gxopen.Report
) -> None:
    report = plain(report)
    data = html_to_pdf(gxopen.render_html(report), tmp_path_factory.mktemp("chromium"))
    assert_exact(gxopen.parse_pdf(data), report)


# ---------------------------------------------------------------- what cannot be read


def _unsupported(data: bytes) -> UnsupportedDocumentError:
    with pytest.raises(UnsupportedDocumentError) as caught:
        gxopen.parse(data, source="report.bin")
    message = str(caught.value)
    assert message.startswith("report.bin: ")
    assert "\n" not in message
    assert "no report found" not in message
    return caught.value


@pytest.mark.parametrize(
    ("make", "kind", "advice"),
    [
        (scanned_pdf, "pdf-scanned", "OCR"),
        (encrypted_pdf, "pdf-encrypted", "password"),
        (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog", "pdf-damaged", "download it again"),
        (lambda: ole2_file("WordDocument", "1Table"), "doc", "soffice --headless --convert-to docx"),
        (lambda: ole2_file("WordDocument", "WpsCustomData"), "wps", "save it as .docx"),
        (lambda: ole2_file("EncryptionInfo", "EncryptedPackage"), "office-encrypted", "password"),
        (lambda: ole2_file("Workbook"), "spreadsheet", "Word (.docx) or PDF"),
        (lambda: b"{\\rtf1\\ansi ...}", "rtf", "soffice"),
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "image", "OCR"),
        (lambda: b"  \n", "empty", "empty"),
        (lambda: bytes(range(256)) * 4, "binary", "unknown format"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_unreadable_files_say_what_they_are_and_what_to_do(make: object, kind: str, advice: str) -> None:
    assert callable(make)
    error = _unsupported(make())
    assert error.kind == kind
    assert advice in str(error)


def test_a_real_legacy_doc_is_recognised(printed: dict[str, bytes]) -> None:
    assert gxopen.detect_format(printed["seed.doc"]) is gxopen.DocumentFormat.DOC
    assert "convert it to .docx" in str(_unsupported(printed["seed.doc"]))


def test_detect_format_from_bytes(seed: gxopen.Report) -> None:
    detect = gxopen.detect_format
    assert detect(write_docx(seed)) is gxopen.DocumentFormat.DOCX
    assert detect(scanned_pdf()) is gxopen.DocumentFormat.PDF
    assert detect(b"\xef\xbb\xbf<!DOCTYPE html><html>") is gxopen.DocumentFormat.HTML
    assert detect(gxopen.example_text().encode("gb18030")) is gxopen.DocumentFormat.TEXT
    assert detect("<p>年度报告</p>".encode("utf-16")) is gxopen.DocumentFormat.HTML
    assert detect(b"junk before the header %PDF-1.4") is gxopen.DocumentFormat.PDF


def test_parse_dispatches_text_and_html(seed: gxopen.Report) -> None:
    text = gxopen.example_text()
    assert gxopen.parse(text.encode("gb18030")).report == seed
    assert gxopen.parse(text).report == seed
    assert gxopen.parse(gxopen.render_html(seed).encode()).report == seed
    with pytest.raises(ParseError, match="parse takes bytes or str"):
        gxopen.parse(3)  # type: ignore[arg-type]


def test_pdf_without_a_report_is_no_report_and_not_a_pdf_is_said(printed: dict[str, bytes]) -> None:
    with pytest.raises(UnsupportedDocumentError, match="not a PDF"):
        gxopen.parse_pdf(b"<html></html>")
    with pytest.raises(UnsupportedDocumentError, match="Word document"):
        gxopen.parse_docx(_zip_of({"a.txt": "x"}))


def _zip_of(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


# ---------------------------------------------------------------- the command line


def _cli(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(args, out, err, io.BytesIO(stdin))
    return status, out.getvalue(), err.getvalue()


def test_cli_parses_pdf_and_docx_files_and_stdin(
    printed: dict[str, bytes], tmp_path: Path, seed: gxopen.Report
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(printed["seed"])
    status, out, err = _cli(["parse", str(pdf)])
    assert (status, err) == (0, "")
    assert gxopen.loads(out) == seed
    status, out, err = _cli(["parse", "-"], stdin=write_docx(seed))
    assert (status, err) == (0, "")
    assert gxopen.loads(out) == seed
    # A .doc saved under a .pdf name is still recognised from its bytes.
    disguised = tmp_path / "report-2024.pdf"
    disguised.write_bytes(printed["seed.doc"])
    status, out, err = _cli(["parse", str(disguised)])
    assert status == 2
    assert out == ""
    assert err.startswith(f"{disguised}: a legacy Word 97-2003 document (.doc)")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_unreadable_pdf_exits_2_in_a_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    done = subprocess.run(
        [sys.executable, "-m", "gxopen", "parse", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        done.stderr == f"{path}: a scanned PDF: 2 page(s) of images and no text layer; run OCR on it"
        " (for example ocrmypdf -l chi_sim) and parse the result\n"
    )


def test_pdf_lines_follow_baselines_not_glyph_boxes() -> None:
    """A full stop's or a dash's glyph box is a sliver on the baseline; grouping characters by their
    boxes split ``0.7142`` into ``07142`` and ``.`` and a footer ``— 1 —`` into two lines (found by
    the LibreOffice property test). Characters on one baseline are one line, in pen order."""
    from gxopen._parse._pdf import _cell_text, _Char, _lines_of  # noqa: PLC0415

    def char(text: str, x: float, top: float, bottom: float, base: float = 452.0) -> _Char:
        return _Char(text, x, top, x + 5.0, bottom, 10.5, base, x)

    digits = [char(t, x, 444.0, 452.7) for t, x in (("0", 100.0), ("7", 108.5), ("1", 113.5), ("4", 118.5))]
    stop = char(".", 105.0, 450.0, 452.0)
    assert _cell_text([*digits, stop]) == "0.714"
    footer = [char("—", 280.0, 447.0, 448.0), char("1", 295.0, 444.0, 452.7), char("—", 305.0, 447.0, 448.0)]
    assert [[c.text for c in line] for line in _lines_of(footer)] == [["—", "1", "—"]]


def test_pdf_page_break_rejoins_only_a_broken_row() -> None:
    """A page's first row is joined to the previous page's last row only when it is the rest of it:
    a blank row whose label begins an item (``4.``) or follows a whole label is a row of its own
    (found by the LibreOffice property test, with blank cells drawn)."""
    from gxopen._parse._pdf import _broken, _Cell  # noqa: PLC0415

    def row(*texts: str) -> list[_Cell]:
        return [_Cell(0, i, 1, 1, (i * 50.0, 0.0, i * 50.0 + 50.0, 10.0), text=t) for i, t in enumerate(texts)]

    assert _broken(row("", "6.属于四类过程性信", "0", "0"), row("", "息", "", ""))
    assert _broken(row("（六）其他处理", "1.申请人无正当理由", "1", "1"), row("", "逾期不补正", "", ""))
    assert not _broken(row("", "3.要求提供公开出版物", "", ""), row("", "4.无正当理由大量反复申请", "", ""))
    assert not _broken(row("", "行政处罚", "", ""), row("", "行政强制", "", ""))
    assert not _broken(row("", "6.属于四类过程性信", "0", "0"), row("", "息", "7", ""))
    assert not _broken(row("", "6.属于四类过程性信", "0"), row("", "息", "", ""))
