"""The format page of the docs (docs/format.md) uses the official labels exactly as the code tables hold them."""

from __future__ import annotations

import re
from pathlib import Path

from gxopen import _codes
from gxopen._codes import Code, normalize_label

PAGE = Path(__file__).resolve().parent.parent / "docs" / "format.md"

# Template words that are not a row, column or part label of the code tables, and examples of published tokens.
NOT_LABELS = {
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
}
EXAMPLES = {
    "251000元",
    "结果",
    "纠正",
    "| 规章 | 0 | 0 | 0 |",
    "无",
    "不适用",
    "(一)",
    "（一）",
    "四、结转下年度继续办理 0 0 0 0 0 0 0",
}


def _labels() -> set[str]:
    found: set[str] = set()

    def walk(code: Code) -> None:
        found.add(code.zh)
        found.update(code.variants)
        for child in (*code.children, *code.columns):
            walk(child)

    roots = [
        *_codes.PARTS,
        _codes.TABLE2_2019,
        _codes.TABLE2_2021,
        *_codes.TABLE3_COLUMNS,
        *_codes.TABLE3_ROWS_2019,
        *_codes.TABLE3_ROWS_2021,
        *_codes.TABLE4_COLUMNS,
        *_codes.TABLE4_GROUPS,
    ]
    for root in roots:
        walk(root)
    found |= {_codes.TABLE3_NOTE, _codes.TABLE3_ORGANIZATION_HEADER, _codes.TABLE3_APPLICANT_HEADER, "信息内容"}
    return {normalize_label(label) for label in found}


def test_every_official_label_on_the_format_page_is_one_gxopen_knows() -> None:
    spans = set(re.findall(r"`([^`\n]*[\u4e00-\u9fff][^`\n]*)`", PAGE.read_text(encoding="utf-8")))
    spans -= NOT_LABELS | EXAMPLES
    known = _labels()
    assert len(spans) > 70
    assert sorted(s for s in spans if normalize_label(s) not in known) == []
