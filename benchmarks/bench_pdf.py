"""Pages per second for parse_pdf, beside pdftotext + parse_text and the PDF libraries considered.

Run: ``python benchmarks/bench_pdf.py`` (needs the ``pdf`` and ``test`` extras, LibreOffice's
``soffice`` and poppler's ``pdftotext``; ``pdfplumber`` for the library comparison, in the
``bench`` extra). It writes the busy seed report (distinct numbers, blank cells) as a Word
document with a longer part 一, prints it to a 6-page PDF with LibreOffice, and times, per
report:

* gxopen.parse_pdf (geometry: PDFium's characters and ruling lines, then the engine);
* pdftotext -layout (a subprocess) + gxopen.parse_text, and how many cells that reads right;
* what each candidate library takes just to get the characters and lines out of the same
  pages: pypdfium2 (what parse_pdf uses), pdfminer.six (no layout analysis), and
  pdfplumber's table finder.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.documents import docx_to_pdf, write_docx
from tests.test_documents import busy_report

import gxopen
from gxopen._cells import iter_cells, pointer


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of ``repeat`` runs, in seconds (the machine is shared: the minimum is the cost)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cells_right(result: gxopen.ParseResult, report: gxopen.Report) -> int:
    want = {pointer(p): v for p, v in iter_cells(report)}
    got = {pointer(p): v for p, v in iter_cells(result.report)}
    return sum(1 for k, v in want.items() if got.get(k) == v and k in result.cells)


def pdfium_extract(data: bytes) -> None:
    import pypdfium2 as pdfium  # noqa: PLC0415

    from gxopen._parse._pdf import _chars, _paths  # noqa: PLC0415

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        height = page.get_height()
        textpage = page.get_textpage()
        _chars(textpage.raw, height)
        _paths(page, height)
        textpage.close()
        page.close()
    pdf.close()


def pdfminer_extract(data: bytes) -> None:
    from pdfminer.converter import PDFPageAggregator  # noqa: PLC0415
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: PLC0415
    from pdfminer.pdfpage import PDFPage  # noqa: PLC0415

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        device.get_result()


def pdfplumber_tables(data: bytes) -> None:
    import pdfplumber  # noqa: PLC0415

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()


def main() -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        sys.exit("needs soffice (LibreOffice) and pdftotext (poppler-utils)")
    seed = gxopen.load_example()
    assert seed.overview is not None
    report = attrs.evolve(busy_report(seed), overview="\n".join([seed.overview] * 3))
    with tempfile.TemporaryDirectory() as tmp:
        (data,) = docx_to_pdf([write_docx(report)], Path(tmp))
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        import pypdfium2 as pdfium  # noqa: PLC0415

        doc = pdfium.PdfDocument(data)
        pages = len(doc)
        doc.close()
        result = gxopen.parse_pdf(data)
        assert result.errors == ()
        assert cells_right(result, report) == 200

        def via_pdftotext() -> gxopen.ParseResult:
            text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True).stdout
            return gxopen.parse_text(text.decode("utf-8"))

        text_result = via_pdftotext()
        rows = {
            "gxopen.parse_pdf": best_of(lambda: gxopen.parse_pdf(data)),
            "pdftotext -layout + gxopen.parse_text": best_of(via_pdftotext),
            "  pypdfium2: characters and lines": best_of(lambda: pdfium_extract(data)),
        }
        try:
            rows["  pdfminer.six: characters and lines"] = best_of(lambda: pdfminer_extract(data), 3)
            rows["  pdfplumber: tables and text"] = best_of(lambda: pdfplumber_tables(data), 3)
        except ImportError:
            print("(pdfplumber / pdfminer.six not installed: pip install -e '.[bench]' to compare them)")
    print(f"a {pages}-page report printed by LibreOffice ({len(data)} bytes), Python {sys.version.split()[0]}")
    for name, seconds in rows.items():
        print(f"  {name:42s} {seconds * 1000:8.1f} ms  {pages / seconds:7.1f} pages/s")
    print(f"  parse_pdf: a whole report in {rows['gxopen.parse_pdf']:.3f} s (target < 0.5 s); 200 of 200 cells right")
    right = cells_right(text_result, report)
    print(f"  pdftotext + parse_text: {right} of 200 cells right, {len(text_result.errors)} error(s)")


if __name__ == "__main__":
    main()
