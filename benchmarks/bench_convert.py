"""Per-report cost of gxopen's load and dump, beside json.loads and pydantic v2.

Run: ``python benchmarks/bench_convert.py`` (needs ``pip install pydantic``).
Every contender handles the same full 2021 report (the shipped seed example)
in one run; the script prints microseconds per report and ratios.
``python benchmarks/bench_convert.py example-2020-yunling`` times gxopen on the
shipped 2019-edition example (the pydantic model knows the 2021 edition only).
"""

from __future__ import annotations

import json
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _pydantic_model import Report as PydanticReport

import gxopen


def per_call_us(fn: Callable[[], object], repeat: int = 7) -> float:
    """Best-of-``repeat`` mean time of one call, in microseconds."""
    number, _ = timeit.Timer(fn).autorange()
    best = min(timeit.Timer(fn).repeat(repeat=repeat, number=number))
    return best / number * 1e6


def main(argv: list[str]) -> None:
    name = argv[0] if argv else gxopen.EXAMPLES[0]
    text = gxopen.example_json(name)
    obj = json.loads(text, parse_float=Decimal)
    report = gxopen.load(obj)
    assert gxopen.dump(report) == obj
    if report.edition is not gxopen.Edition.E2021:
        rows = {
            "json.loads(text)": per_call_us(lambda: json.loads(text)),
            "gxopen.load(dict)": per_call_us(lambda: gxopen.load(obj)),
            "gxopen.loads(text)": per_call_us(lambda: gxopen.loads(text)),
            "gxopen.dump(report)": per_call_us(lambda: gxopen.dump(report)),
            "gxopen.dumps(report)": per_call_us(lambda: gxopen.dumps(report)),
        }
        print(f"full {report.edition.value}-edition report ({name}), {len(text.encode())} bytes of JSON")
        for label, us in rows.items():
            print(f"  {label:38s} {us:9.1f} µs")
        return
    model = PydanticReport.model_validate_json(text)

    rows = {
        "json.loads(text)": per_call_us(lambda: json.loads(text)),
        "gxopen.load(dict)": per_call_us(lambda: gxopen.load(obj)),
        "gxopen.loads(text)": per_call_us(lambda: gxopen.loads(text)),
        "pydantic model_validate(dict)": per_call_us(lambda: PydanticReport.model_validate(obj)),
        "pydantic model_validate_json(text)": per_call_us(lambda: PydanticReport.model_validate_json(text)),
        "gxopen.dump(report)": per_call_us(lambda: gxopen.dump(report)),
        "gxopen.dumps(report)": per_call_us(lambda: gxopen.dumps(report)),
        "gxopen.dumps(report, indent=None)": per_call_us(lambda: gxopen.dumps(report, indent=None)),
        "pydantic model_dump()": per_call_us(model.model_dump),
        "pydantic model_dump_json()": per_call_us(model.model_dump_json),
    }
    print(f"full 2021 report, {len(text.encode())} bytes of JSON, Python {sys.version.split()[0]}")
    for name, us in rows.items():
        print(f"  {name:38s} {us:9.1f} µs")
    print("ratios (lower is better for gxopen):")
    pairs = [
        ("gxopen.loads(text)", "pydantic model_validate_json(text)"),
        ("gxopen.load(dict)", "pydantic model_validate(dict)"),
        ("gxopen.loads(text)", "json.loads(text)"),
        ("gxopen.dump(report)", "pydantic model_dump()"),
        ("gxopen.dumps(report)", "pydantic model_dump_json()"),
    ]
    for a, b in pairs:
        print(f"  {a} / {b}: {rows[a] / rows[b]:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
