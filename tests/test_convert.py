"""The strict converter: loading, dumping, and one clear error per bad input."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gxopen
from gxopen.exceptions import GxopenError, LoadError, Problem
from gxopen.strategies import reports

from .fuzzing import fuzz_examples


def problems(doc: object) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as info:
        gxopen.load(doc)
    return [(p.pointer, p.message) for p in info.value.problems]


def test_seed_loads_to_the_transcribed_numbers(seed: gxopen.Report) -> None:
    assert seed.edition is gxopen.Edition.E2021
    assert seed.agency == "石柱土家族自治县人民政府南宾街道办事处"
    assert seed.year == 2024
    assert isinstance(seed.proactive, gxopen.Proactive)
    assert isinstance(seed.requests.outcomes.other, gxopen.OtherOutcomes)
    assert seed.proactive.licensing.decisions == 264
    assert seed.proactive.penalty.decisions == 156
    assert seed.proactive.fees.amount == Decimal(0)
    assert seed.requests.new.natural_person == 4
    assert seed.requests.outcomes.granted.total == 2
    assert seed.requests.outcomes.unavailable.not_held.total == 1
    assert seed.requests.outcomes.other.no_correction.natural_person == 1
    assert seed.requests.outcomes.total.total == 4
    assert seed.review_litigation.review.total == 0
    assert seed.overview is not None
    assert seed.overview.startswith("(一)“时效并重”")
    assert seed.other_matters is not None
    assert seed.other_matters.endswith("未收取政府信息公开信息处理费。")


def test_seed_round_trips_through_dict_and_text(seed: gxopen.Report, seed_doc: dict[str, Any]) -> None:
    assert gxopen.dump(seed) == seed_doc
    assert gxopen.loads(gxopen.dumps(seed)) == seed
    assert json.loads(gxopen.dumps(seed), parse_float=Decimal) == seed_doc


def test_dump_keeps_the_official_key_order(seed: gxopen.Report) -> None:
    assert list(gxopen.dump(seed)) == [
        "edition", "agency", "year", "title", "overview", "proactive",
        "requests", "review_litigation", "problems", "other_matters",
    ]  # fmt: skip


def test_a_report_whose_totals_disagree_still_loads(seed_doc: dict[str, Any]) -> None:
    seed_doc["requests"]["outcomes"]["total"]["natural_person"] = 61
    report = gxopen.load(seed_doc)
    assert report.requests.outcomes.total.natural_person == 61


def test_null_cells_are_kept_as_none_not_zero(seed_doc: dict[str, Any]) -> None:
    seed_doc["requests"]["new"]["research_institution"] = None
    seed_doc["proactive"]["fees"]["amount"] = None
    report = gxopen.load(seed_doc)
    assert report.requests.new.research_institution is None
    assert isinstance(report.proactive, gxopen.Proactive)
    assert report.proactive.fees.amount is None
    assert gxopen.dump(report) == seed_doc


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (True, "got true"),
        (False, "got false"),
        (1.0, "got float 1.0"),
        (Decimal("1.5"), "got 1.5"),
        ("5", 'got string "5"'),
        (-1, "got -1"),
        ([1], "got an array"),
        ({}, "got an object"),
    ],
)
def test_a_bad_count_is_named_by_its_pointer(seed_doc: dict[str, Any], value: object, got: str) -> None:
    seed_doc["requests"]["outcomes"]["denied"]["state_secret"]["total"] = value
    assert problems(seed_doc) == [
        ("/requests/outcomes/denied/state_secret/total", f"expected a non-negative integer or null, {got}")
    ]


def test_every_problem_is_listed_with_its_pointer(seed_doc: dict[str, Any]) -> None:
    seed_doc["requests"]["outcomes"]["denied"]["state_secret"]["total"] = -1
    seed_doc["requests"]["new"]["extra"] = 1
    del seed_doc["requests"]["carried_forward"]["total"]
    del seed_doc["year"]
    seed_doc["review_litigation"]["review"] = [0, 0, 0, 0, 0]
    seed_doc["unknown/top~key"] = 1
    found = problems(seed_doc)
    assert sorted(found) == sorted(
        [
            ("/year", "missing required key"),
            ("/requests/new/extra", "unknown key"),
            ("/requests/outcomes/denied/state_secret/total", "expected a non-negative integer or null, got -1"),
            ("/requests/carried_forward/total", "missing required key"),
            ("/review_litigation/review", "expected an object (ReviewCounts), got an array"),
            ("/unknown~1top~0key", "unknown key"),
        ]
    )


def test_load_error_message_names_the_file_and_every_path(seed_doc: dict[str, Any]) -> None:
    seed_doc["year"] = "2024"
    seed_doc["proactive"]["licensing"]["decisions"] = -3
    with pytest.raises(LoadError) as info:
        gxopen.load(seed_doc, source="reports/a.json")
    text = str(info.value)
    assert text.splitlines() == [
        "not a valid report in reports/a.json: 2 problems",
        '  /year: expected a four-digit year, got string "2024"',
        "  /proactive/licensing/decisions: expected a non-negative integer or null, got -3",
    ]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, GxopenError)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.parametrize(
    ("edition", "message"),
    [
        ("2020", 'expected "2019" or "2021", got string "2020"'),
        (2021, 'expected "2019" or "2021", got 2021'),
    ],
)
def test_unknown_edition(seed_doc: dict[str, Any], edition: object, message: str) -> None:
    seed_doc["edition"] = edition
    assert problems(seed_doc) == [("/edition", message)]


def test_tables_of_the_other_edition_are_named(seed_doc: dict[str, Any]) -> None:
    seed_doc["edition"] = "2019"
    assert problems(seed_doc) == [
        (
            "/proactive",
            'table 2 has the shape of the 2021 edition, but edition is "2019"; '
            'give the table 2 of the 2019 edition, or correct "edition"',
        ),
        (
            "/requests/outcomes/other",
            '（六）其他处理 has the shape of the 2021 edition, but edition is "2019"; '
            'give the （六）其他处理 of the 2019 edition, or correct "edition"',
        ),
    ]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, Decimal(0)), (12, Decimal(12)), (0.5, Decimal("0.5")), (Decimal("1.2300"), Decimal("1.2300"))],
)
def test_money_is_exact(seed_doc: dict[str, Any], amount: object, expected: Decimal) -> None:
    seed_doc["proactive"]["fees"]["amount"] = amount
    table2 = gxopen.load(seed_doc).proactive
    assert isinstance(table2, gxopen.Proactive)
    loaded = table2.fees.amount
    assert loaded == expected
    assert type(loaded) is Decimal
    assert str(loaded) == str(expected)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0.1, "got float 0.1, which is not exactly representable (read JSON with gxopen.loads, or pass a Decimal)"),
        (-1, "got -1"),
        (Decimal("-0.5"), "got -0.5"),
        (float("nan"), "got float nan"),
        (Decimal("NaN"), "got NaN"),
        (Decimal("Infinity"), "got Infinity"),
        ("0.5", 'got string "0.5"'),
        (True, "got true"),
    ],
)
def test_bad_money(seed_doc: dict[str, Any], amount: object, message: str) -> None:
    seed_doc["proactive"]["fees"]["amount"] = amount
    assert problems(seed_doc) == [("/proactive/fees/amount", f"expected a non-negative number or null, {message}")]


def test_json_text_numbers_are_read_as_decimals_never_floats(seed: gxopen.Report) -> None:
    text = gxopen.dumps(seed).replace('"amount": 0', '"amount": 0.1')
    report = gxopen.loads(text)
    assert isinstance(report.proactive, gxopen.Proactive)
    assert report.proactive.fees.amount == Decimal("0.1")
    assert '"amount": 0.1' in gxopen.dumps(report)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_json_text_are_rejected_with_a_path(seed: gxopen.Report, token: str) -> None:
    text = gxopen.dumps(seed).replace('"issued": 0', f'"issued": {token}', 1)
    with pytest.raises(LoadError) as info:
        gxopen.loads(text)
    assert [str(p) for p in info.value.problems] == [
        f"/proactive/regulations/issued: expected a non-negative integer or null, got {token}"
    ]


def test_a_count_written_as_1_point_0_in_json_text_is_rejected(seed: gxopen.Report) -> None:
    text = gxopen.dumps(seed).replace('"decisions": 264', '"decisions": 264.0')
    with pytest.raises(LoadError, match=r"/proactive/licensing/decisions: .* got 264\.0"):
        gxopen.loads(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "/: not JSON: Expecting value at line 1 column 1"),
        ('{"edition": ', "/: not JSON: Expecting value at line 1 column 13"),
        ("[]", "/: expected an object (Report), got an array"),
        ("null", "/: expected an object (Report), got null"),
        (b"\xff\xfe\x00", "/: not JSON:"),
    ],
)
def test_text_that_is_not_a_report(text: str | bytes, message: str) -> None:
    with pytest.raises(LoadError) as info:
        gxopen.loads(text, source="x.json")
    assert str(info.value.problems[0]).startswith(message)
    assert "in x.json" in str(info.value)


def test_optional_metadata_may_be_omitted_but_not_null(seed_doc: dict[str, Any]) -> None:
    del seed_doc["title"]
    report = gxopen.load(seed_doc)
    assert report.title is None
    assert "title" not in gxopen.dump(report)
    seed_doc["title"] = None
    seed_doc["published"] = "2025-1-20"
    seed_doc["source"] = 5
    assert problems(seed_doc) == [
        ("/title", "expected a string (omit the key when unknown), got null"),
        ("/published", 'expected an ISO date YYYY-MM-DD (omit the key when unknown), got string "2025-1-20"'),
        ("/source", "expected a string (omit the key when unknown), got 5"),
    ]


def test_published_date_round_trips(seed_doc: dict[str, Any]) -> None:
    seed_doc["published"] = "2025-01-20"
    report = gxopen.load(seed_doc)
    assert report.published is not None
    assert report.published.isoformat() == "2025-01-20"
    assert gxopen.dump(report) == seed_doc


def test_narratives_are_strings_or_null(seed_doc: dict[str, Any]) -> None:
    seed_doc["problems"] = None
    seed_doc["overview"] = ["a"]
    assert problems(seed_doc) == [("/overview", "expected a string or null, got an array")]


def test_model_constructors_reject_bad_cells() -> None:
    with pytest.raises(ValueError, match=r"DecisionCount.decisions: expected a non-negative integer or None, got -1"):
        gxopen.DecisionCount(decisions=-1)
    with pytest.raises(ValueError, match="got True"):
        gxopen.DecisionCount(decisions=True)
    with pytest.raises(ValueError, match=r"FeeAmount.amount: .* got 0.5"):
        gxopen.FeeAmount(amount=0.5)  # type: ignore[arg-type]


def test_make_converter_is_a_configured_cattrs_converter(seed_doc: dict[str, Any]) -> None:
    converter = gxopen.make_converter(detailed_validation=True)
    assert isinstance(converter, cattrs.Converter)
    report = converter.structure(seed_doc, gxopen.Report)
    assert converter.unstructure(report) == seed_doc
    own = cattrs.Converter()
    gxopen.configure_converter(own)
    assert own.structure(seed_doc, gxopen.Report) == report


def test_problem_str() -> None:
    assert str(Problem("", "x")) == "/: x"
    assert str(Problem("/a", "y")) == "/a: y"


@given(reports())
def test_generated_reports_round_trip_through_dict(report: gxopen.Report) -> None:
    doc = gxopen.dump(report)
    assert gxopen.load(copy.deepcopy(doc)) == report
    assert gxopen.dump(gxopen.load(doc)) == doc


@given(reports())
def test_generated_reports_round_trip_through_json_text(report: gxopen.Report) -> None:
    text = gxopen.dumps(report)
    assert gxopen.loads(text) == report
    assert gxopen.dumps(gxopen.loads(text)) == text
    assert gxopen.loads(gxopen.dumps(report, indent=None, ensure_ascii=True)) == report


# ---------------------------------------------------------------- fuzzing the loader

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def load_problems(value: object) -> tuple[Problem, ...] | None:
    """The problems load reports, or None when the value loads."""
    try:
        gxopen.load(value)
    except LoadError as exc:
        return exc.problems
    return None


@settings(max_examples=fuzz_examples())
@given(JSON)
def test_fuzz_any_json_value_loads_or_raises_load_error(value: object) -> None:
    found = load_problems(value)
    assert found is None or len(found) > 0
    assert found is None or all(p.pointer == "" or p.pointer.startswith("/") for p in found)


def _paths(doc: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    return out


@settings(max_examples=fuzz_examples())
@given(st.data())
def test_fuzz_seed_with_a_subtree_replaced(data: st.DataObject) -> None:
    doc: dict[str, Any] = json.loads(gxopen.example_json(), parse_float=Decimal)
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    replacement = data.draw(JSON)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    found = load_problems(doc)
    pointer = "/" + "/".join(path)
    assert found is None or any(p.pointer.startswith(pointer) for p in found), (pointer, found)


@settings(max_examples=fuzz_examples())
@given(st.text(max_size=200) | st.builds(lambda b: b, st.binary(max_size=200)))
def test_fuzz_loads_raises_only_load_error(text: str | bytes) -> None:
    with pytest.raises(LoadError):
        gxopen.loads(text)
