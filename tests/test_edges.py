"""Edges a new user and a fuzzer found (issue 14): each failed before its fix."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

import gxopen
import gxopen.exceptions
from gxopen import strategies as gst
from gxopen.exceptions import LoadError


def problems(doc: object) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as info:
        gxopen.load(doc)
    return [(p.pointer, p.message) for p in info.value.problems]


def text_problems(text: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as info:
        gxopen.loads(text)
    return [(p.pointer, p.message) for p in info.value.problems]


# ---------------------------------------------------------------- load: what no report can hold


def test_a_non_string_key_is_a_problem_not_a_type_error(seed_doc: dict[str, Any]) -> None:
    seed_doc["proactive"]["fees"][1] = 2
    assert problems(seed_doc) == [("/proactive/fees", "expected an object (FeeAmount) with string keys, got the key 1")]
    assert problems({1: 2}) == [("", "expected an object (Report) with string keys, got the key 1")]


def test_counts_are_bounded_below_10_to_the_15(seed_doc: dict[str, Any]) -> None:
    seed_doc["requests"]["new"]["total"] = 10**15 - 1
    assert gxopen.load(seed_doc).requests.new.total == 10**15 - 1
    seed_doc["requests"]["new"]["total"] = 10**15
    assert problems(seed_doc) == [
        ("/requests/new/total", "expected a non-negative integer or null below 10^15, got 1000000000000000")
    ]


def test_a_count_of_4301_digits_is_rejected_by_load_and_loads(seed: gxopen.Report) -> None:
    big = 10**4301 - 1
    doc = gxopen.dump(seed)
    doc["requests"]["new"]["total"] = big
    assert problems(doc) == [
        (
            "/requests/new/total",
            "expected a non-negative integer or null below 10^15, got an integer of about 4301 digits",
        )
    ]
    text = gxopen.dumps(seed).replace('"issued": 0', '"issued": ' + "7" * 4301, 1)
    assert text_problems(text) == [
        ("/proactive/regulations/issued", "expected a non-negative integer or null, got a number of 4301 digits")
    ]


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("1e999999999", "an amount below 10^15, got 1E+999999999"),
        ("1000000000000000", "an amount below 10^15, got 1000000000000000"),
        ("0.0000001", "at most 6 digits after the decimal point, got 1E-7"),
        ("0E-999999999", "at most 6 digits after the decimal point, got 0E-999999999"),
        ("1234567890.1234567", "at most 6 digits after the decimal point, got 1234567890.1234567"),
        ("123456789012.123456", "at most 15 significant digits, got 123456789012.123456"),
    ],
)
def test_money_is_bounded(seed: gxopen.Report, token: str, message: str) -> None:
    text = gxopen.dumps(seed).replace('"amount": 0', f'"amount": {token}')
    assert text_problems(text) == [("/proactive/fees/amount", f"expected a non-negative number or null: {message}")]


@pytest.mark.parametrize("token", ["999999999999999", "999999999.999999", "0.000001", "1.500000", "1E+5"])
def test_money_within_the_bounds_loads_and_validates(seed: gxopen.Report, token: str) -> None:
    text = gxopen.dumps(seed).replace('"amount": 0', f'"amount": {token}')
    report = gxopen.loads(text)
    assert isinstance(report.proactive, gxopen.Proactive)
    assert report.proactive.fees.amount == Decimal(token)
    gxopen.validate(report)  # raised decimal.Overflow for 1e999999999 before money was bounded


def test_a_duplicate_key_is_rejected_with_its_pointer(seed: gxopen.Report) -> None:
    text = gxopen.dumps(seed).replace('"year": 2024', '"year": 2024, "year": 2023')
    assert text_problems(text) == [
        ("/year", "expected a four-digit year, got a duplicate key, given 2 times (2024, then 2023)")
    ]
    nested = gxopen.dumps(seed).replace('"decisions": 264', '"decisions": 264, "decisions": 264')
    assert text_problems(nested) == [
        (
            "/proactive/licensing/decisions",
            "expected a non-negative integer or null, got a duplicate key, given 2 times (264, then 264)",
        )
    ]


def test_a_lone_surrogate_is_not_text(seed_doc: dict[str, Any], seed: gxopen.Report) -> None:
    seed_doc["agency"] = "街道\ud800办事处"
    assert problems(seed_doc) == [("/agency", "expected text without lone surrogates, got U+D800 at character 2")]
    text = gxopen.dumps(seed).replace('"problems": "', '"problems": "\\udfff', 1)
    assert text_problems(text) == [("/problems", "expected text without lone surrogates, got U+DFFF at character 0")]


@pytest.mark.parametrize(
    ("path", "token", "message"),
    [
        ("/proactive/regulations/issued", "-0", "expected a non-negative integer or null, got -0"),
        ("/proactive/fees/amount", "-0", "expected a non-negative number or null, got -0"),
        ("/proactive/fees/amount", "-0.0", "expected a non-negative number or null, got -0.0"),
    ],
)
def test_negative_zero_is_rejected(seed: gxopen.Report, path: str, token: str, message: str) -> None:
    key = path.rsplit("/", 1)[1]
    text = gxopen.dumps(seed).replace(f'"{key}": 0', f'"{key}": {token}', 1)
    assert text_problems(text) == [(path, message)]


def test_negative_zero_decimal_and_float_are_rejected_by_load(seed_doc: dict[str, Any]) -> None:
    seed_doc["proactive"]["fees"]["amount"] = Decimal("-0.0")
    assert problems(seed_doc) == [("/proactive/fees/amount", "expected a non-negative number or null, got -0.0")]
    seed_doc["proactive"]["fees"]["amount"] = -0.0
    assert problems(seed_doc) == [("/proactive/fees/amount", "expected a non-negative number or null, got float -0.0")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_loads_reads_utf16_and_utf32_bytes(seed: gxopen.Report, codec: str) -> None:
    assert gxopen.loads(gxopen.dumps(seed).encode(codec)) == seed


# ---------------------------------------------------------------- dump(mode="json"), dumps, replace


def test_money_is_written_in_plain_decimal_notation(seed: gxopen.Report) -> None:
    report = gxopen.replace(seed, {"/proactive/fees/amount": Decimal("1E+5")})
    assert '"amount": 100000\n' in gxopen.dumps(report)
    assert gxopen.dump(report, mode="json")["proactive"]["fees"]["amount"] == 100000


def test_dump_json_mode_gives_only_json_types(seed: gxopen.Report) -> None:
    report = gxopen.replace(seed, {"/proactive/fees/amount": Decimal("12.3456")})
    with pytest.raises(TypeError):
        json.dumps(gxopen.dump(report))
    data = gxopen.dump(report, mode="json")
    assert data["proactive"]["fees"]["amount"] == 12.3456
    assert json.dumps(data, ensure_ascii=False, indent=2) == gxopen.dumps(report)
    with pytest.raises(ValueError, match="mode"):
        gxopen.dump(report, mode="yaml")  # type: ignore[arg-type]


@given(gst.reports())
def test_dump_json_mode_writes_money_as_dumps_does(report: gxopen.Report) -> None:
    text = json.dumps(gxopen.dump(report, mode="json"), ensure_ascii=False, indent=2)
    assert gxopen.loads(text) == report
    assert isinstance(report.proactive, gxopen.Proactive)
    amount = report.proactive.fees.amount
    if amount is not None and amount == amount.to_integral_value():
        assert f'"amount": {int(amount)}' in text


def test_replace_edits_cells_by_json_pointer(seed: gxopen.Report) -> None:
    changed = gxopen.replace(
        seed,
        {
            "/requests/new/total": 5,
            "/proactive/fees/amount": Decimal("0.5"),
            "/title": "某街道办事处2024年政府信息公开工作年度报告",
            "/published": datetime.date(2025, 1, 20),
        },
    )
    assert changed.requests.new.total == 5
    assert isinstance(changed.proactive, gxopen.Proactive)
    assert changed.proactive.fees.amount == Decimal("0.5")
    assert changed.published == datetime.date(2025, 1, 20)
    assert changed.title == "某街道办事处2024年政府信息公开工作年度报告"
    assert seed.requests.new.total == 4
    assert gxopen.replace(changed, {"/title": None}).title is None
    row = gxopen.replace(seed, {"/requests/carried_over": seed.requests.new})
    assert row.requests.carried_over == seed.requests.new


def test_replace_checks_like_load(seed: gxopen.Report) -> None:
    with pytest.raises(LoadError) as info:
        gxopen.replace(seed, {"/requests/new/total": -1, "/requests/nope": 1, "year": 2020})
    assert [str(p) for p in info.value.problems] == [
        "/requests/nope: no such key in a report",
        "year: expected a JSON pointer to a value, such as /requests/new/total",
    ]
    with pytest.raises(LoadError) as info:
        gxopen.replace(seed, {"/requests/new/total": -1})
    assert [str(p) for p in info.value.problems] == [
        "/requests/new/total: expected a non-negative integer or null, got -1"
    ]


def test_exceptions_are_importable_from_gxopen() -> None:
    for name in gxopen.exceptions.__all__:
        assert getattr(gxopen, name) is getattr(gxopen.exceptions, name)


# ---------------------------------------------------------------- the parsers: what no report can hold


def _seed_text_with(old: str, new: str) -> str:
    text = gxopen.example_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("token", ["7" * 4301, "1" + "0" * 15, "1,000,000,000,000,000"], ids=["4301", "16", "commas"])
def test_a_count_token_beyond_10_to_the_15_is_null_with_an_error(token: str) -> None:
    text = _seed_text_with("本年新收政府信息公开申请数量 |\n4 |", f"本年新收政府信息公开申请数量 |\n{token} |")
    result = gxopen.parse_text(text)
    assert result.report is not None
    assert result.report.requests.new.natural_person is None
    assert [(e.code, e.pointer) for e in result.errors] == [("value.not_a_count", "/requests/new/natural_person")]
    gxopen.loads(gxopen.dumps(result.report))  # what the parser writes, load takes


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("1000000000000000", "an amount below 10^15"),
        ("0.0000001", "at most 6 digits after the decimal point"),
        ("0.001元", "at most 6 digits after the decimal point"),
        ("123456789012.1234", "at most 15 significant digits"),
    ],
)
def test_a_money_token_beyond_the_bounds_is_null_with_an_error(token: str, why: str) -> None:
    text = _seed_text_with("行政事业性收费 |\n0 |", f"行政事业性收费 |\n{token} |")
    result = gxopen.parse_text(text)
    assert result.report is not None
    assert isinstance(result.report.proactive, gxopen.Proactive)
    assert result.report.proactive.fees.amount is None
    assert [(e.code, e.pointer) for e in result.errors] == [("value.out_of_range", "/proactive/fees/amount")]
    assert why in result.errors[0].message
    gxopen.loads(gxopen.dumps(result.report))


def test_a_title_year_0000_is_not_a_year() -> None:
    text = gxopen.example_text().replace("2024年", "0000年")
    result = gxopen.parse_text(text)  # a ValueError from the model before
    assert result.report is None  # no year: the tables are read, the report needs its year
    assert [e.code for e in result.errors] == ["meta.year", "meta.agency"]
    assert result.values["/requests/new/total"] == 4


# ---------------------------------------------------------------- renderers


def test_csv_quotes_a_carriage_return_and_reads_back(seed: gxopen.Report) -> None:
    report = gxopen.replace(seed, {"/agency": "某街道\r办事处"})
    text = gxopen.render_csv(report)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 200
    assert {r["agency"] for r in rows} == {"某街道\r办事处"}
    assert text.count("\r\n") == 201


def test_money_in_exponent_form_is_rendered_plainly_and_reads_back(seed: gxopen.Report) -> None:
    report = gxopen.replace(seed, {"/proactive/fees/amount": Decimal("1.5E+5")})
    for render in (gxopen.render_text, gxopen.render_markdown):
        text = render(report)
        assert "1.5E+5" not in text
        parsed = gxopen.parse_text(text).report
        assert parsed is not None
        assert isinstance(parsed.proactive.fees, gxopen.FeeAmount)
        assert parsed.proactive.fees.amount == Decimal(150000)
    assert ">150000<" in gxopen.render_html(report)
    fee = next(r for r in gxopen.records(report) if r.pointer == "/proactive/fees/amount")
    (line,) = [line for line in gxopen.render_csv(report).splitlines() if "/proactive/fees/amount" in line]
    assert line.endswith(",/proactive/fees/amount,万元,150000,,150000")
    assert (fee.unit, fee.count, fee.amount) == ("万元", None, Decimal("1.5E+5"))


def test_records_have_typed_count_and_money_columns_and_no_sql_reserved_name(seed: gxopen.Report) -> None:
    report = gxopen.replace(seed, {"/proactive/fees/amount": Decimal("0.5")})
    rows = gxopen.records(report)
    assert "table" not in gxopen.RECORD_FIELDS
    assert {type(r.count) for r in rows} == {int, type(None)}
    assert [r.amount for r in rows if r.amount is not None] == [Decimal("0.5")]
    assert all(r.unit == "件" for r in rows if r.count is not None)
    assert all(r.value == (r.count if r.amount is None else r.amount) for r in rows)


def _cells(report: gxopen.Report | None) -> dict[str, object]:
    assert report is not None
    return {r.pointer: r.value for r in gxopen.records(report)}


@pytest.mark.parametrize("render", [gxopen.render_text, gxopen.render_markdown, gxopen.render_html])
def test_bilingual_renderings_parse_back_completely(render: Any, seed: gxopen.Report) -> None:
    text = render(seed, bilingual=True)
    result = gxopen.parse_html(text) if render is gxopen.render_html else gxopen.parse_text(text)
    assert result.errors == ()
    assert _cells(result.report) == _cells(seed)


@settings(max_examples=10)
@given(gst.reports())
def test_bilingual_renderings_of_generated_reports_parse_back(report: gxopen.Report) -> None:
    for render in (gxopen.render_text, gxopen.render_markdown, gxopen.render_html):
        text = render(report, bilingual=True)
        parse = gxopen.parse_html if render is gxopen.render_html else gxopen.parse_text
        result = parse(text, year=report.year, agency=report.agency)  # metadata is not the point here
        assert _cells(result.report) == _cells(report), render.__name__
