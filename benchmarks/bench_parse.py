"""Reports per second for parse_text and parse_html, beside reading and lxml alone.

Run: ``python benchmarks/bench_parse.py`` (needs the ``html`` extra). In one
run it times, per report: reading the file, gxopen.parse_text on the seed's
scraped text, on the seed written as ``pdftotext -layout`` text (wrapped and
downward labels, page footers: the PDF passes at work) and as a PDF→Markdown
copy with table 3 in small tables, lxml's HTML parse alone, and
gxopen.parse_html on the seed rendered as an HTML page (UTF-8 and GBK
bytes); then a 5 MB page; then the glued-dump steps (the separating pass
alone, and parse_text) on the seed written as a crawler's glued dump, and on
each glued dump named on the command line
(``python benchmarks/bench_parse.py dump.txt``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).parent))

from bench_convert import per_call_us

import gxopen
from gxopen._parse._glued import separate

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests import layouts


def main() -> None:
    seed = gxopen.load_example()
    text = gxopen.example_text()
    pdf_text = layouts.pdf_layout(seed)
    pieces = layouts.markdown_pieces(seed)
    assert gxopen.parse_text(pdf_text).values == gxopen.parse_text(pieces).values == gxopen.parse_text(text).values
    page = gxopen.render_html(seed).encode("utf-8")
    page_gbk = gxopen.render_html(seed).replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.txt"
        path.write_text(text, encoding="utf-8")
        rows = {
            "read the text file": per_call_us(lambda: path.read_text(encoding="utf-8")),
            "gxopen.parse_text (seed text)": per_call_us(lambda: gxopen.parse_text(text)),
            "gxopen.parse_text (pdftotext -layout)": per_call_us(lambda: gxopen.parse_text(pdf_text)),
            "gxopen.parse_text (PDF to Markdown)": per_call_us(lambda: gxopen.parse_text(pieces)),
            "lxml.html.document_fromstring alone": per_call_us(lambda: lxml.html.document_fromstring(page)),
            "gxopen.parse_html (UTF-8 page)": per_call_us(lambda: gxopen.parse_html(page)),
            "gxopen.parse_html (GBK page)": per_call_us(lambda: gxopen.parse_html(page_gbk)),
        }
    print(f"seed report: text {len(text.encode())} bytes, page {len(page)} bytes, Python {sys.version.split()[0]}")
    for name, us in rows.items():
        print(f"  {name:40s} {us:9.1f} µs  {1e6 / us:9.0f} /s")
    print("ratios:")
    print(f"  parse_text / read file:   {rows['gxopen.parse_text (seed text)'] / rows['read the text file']:.1f}x")
    lxml_alone = rows["lxml.html.document_fromstring alone"]
    print(f"  parse_html / lxml alone:  {rows['gxopen.parse_html (UTF-8 page)'] / lxml_alone:.1f}x")
    print(f"  text reports/s: {1e6 / rows['gxopen.parse_text (seed text)']:.0f} (target >= 1000)")
    print(f"  HTML pages/s:   {1e6 / rows['gxopen.parse_html (UTF-8 page)']:.0f} (target >= 300)")

    body = gxopen.render_html(seed)
    big = body.replace("<body>", "<body>" + ("<p>" + "本机关持续推进政务公开工作。" * 60 + "</p>\n") * 2200).encode()
    many = body.replace("<body>", "<body>" + "<p>长文本段落。</p>" * 240_000).encode()
    for name, data in (("5 MB page, 2,200 long paragraphs", big), ("6 MB page, 240,000 tiny paragraphs", many)):
        start = time.perf_counter()
        result = gxopen.parse_html(data)
        took = time.perf_counter() - start
        assert result.report == seed
        print(f"  {name} ({len(data) / 1e6:.1f} MB): {took:.2f} s")
    glued_steps(text, [("seed as a glued dump", layouts.glued(seed))])


def glued_steps(text: str, dumps: list[tuple[str, str]]) -> None:
    """The cost of reading glued dumps: the separating pass alone, and the whole parse."""
    plain = per_call_us(lambda: gxopen.parse_text(text))
    dumps += [(Path(name).parent.name or name, Path(name).read_text(encoding="utf-8")) for name in sys.argv[1:]]
    print("glued dumps (parse_text of the seed's scraped text for comparison):")
    for name, dump in dumps:
        lines = dump.split("\n")
        sep = per_call_us(lambda lines=lines: separate(lines))  # type: ignore[misc]
        whole = per_call_us(lambda dump=dump: gxopen.parse_text(dump))  # type: ignore[misc]
        print(f"  {name[:30]:30s} separate {sep:8.1f} µs   parse_text {whole:8.1f} µs   seed text {plain:8.1f} µs")


if __name__ == "__main__":
    main()
