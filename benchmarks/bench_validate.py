"""Load + validate a full report, beside jsonschema and a pydantic model validator.

Run: ``python benchmarks/bench_validate.py`` (needs the ``bench`` and ``test``
extras: pydantic, jsonschema). All contenders read the same JSON text of the
shipped seed report in one run; the script prints µs per report, reports per
second and ratios. ``python benchmarks/bench_validate.py example-2020-yunling``
times gxopen and jsonschema (its edition's schema) on the shipped 2019-edition
example; the pydantic validator knows the 2021 edition only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _pydantic_model import ValidatedReport
from bench_convert import per_call_us
from jsonschema import Draft202012Validator

import gxopen


def main(argv: list[str]) -> None:
    name = argv[0] if argv else gxopen.EXAMPLES[0]
    text = gxopen.example_json(name)
    edition = gxopen.loads(text).edition
    schema = gxopen.json_schema(edition)
    validator = Draft202012Validator(schema)

    def gx() -> object:
        return gxopen.validate(gxopen.loads(text))

    loaded = gxopen.loads(text)

    def gx_validate_only() -> object:
        return gxopen.validate(loaded)

    def js() -> object:
        return list(validator.iter_errors(json.loads(text)))

    def pyd() -> object:
        return ValidatedReport.model_validate_json(text)

    assert gx() == []
    assert js() == []
    rows = {
        "gxopen loads + validate": per_call_us(gx),
        "gxopen validate (loaded report)": per_call_us(gx_validate_only),
        "jsonschema json.loads + iter_errors": per_call_us(js),
    }
    if edition is not gxopen.Edition.E2021:
        print(f"full {edition.value}-edition report ({name}), Python {sys.version.split()[0]}")
        for label, us in rows.items():
            print(f"  {label:44s} {us:9.1f} µs  {1e6 / us:9.0f} reports/s")
        ratio = rows["jsonschema json.loads + iter_errors"] / rows["gxopen loads + validate"]
        print(f"  jsonschema / gxopen: {ratio:.2f}x")
        return
    pyd()
    rows["pydantic model_validate_json + identities"] = per_call_us(pyd)
    print(f"full 2021 report (seed), Python {sys.version.split()[0]}, jsonschema structural check only")
    for name, us in rows.items():
        print(f"  {name:44s} {us:9.1f} µs  {1e6 / us:9.0f} reports/s")
    gxo = rows["gxopen loads + validate"]
    print("ratios:")
    print(f"  jsonschema / gxopen (want ≥ 5):  {rows['jsonschema json.loads + iter_errors'] / gxo:.2f}x")
    print(f"  gxopen / pydantic (want ≤ 3):    {gxo / rows['pydantic model_validate_json + identities']:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
