"""Read and write another tool's JSON through a mapping, beside gxopen's own JSON.

Run: ``python benchmarks/bench_interop.py``. Uses the shipped seed report: its
KIROGOVCOMPARE report JSON and v2 table data (written by ``interop.dump``) are
read back by ``interop.load``; ``gxopen.load`` of gxopen's own JSON is the
baseline. Prints µs per report.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_convert import per_call_us

import gxopen
from gxopen import interop


def main() -> None:
    report = gxopen.load_example()
    own = json.loads(gxopen.example_json(), parse_float=Decimal)
    rows = {"gxopen.load(own JSON, dict)": per_call_us(lambda: gxopen.load(own))}

    def load(theirs: dict[str, object], name: str) -> object:
        return interop.load(theirs, name, agency=report.agency, year=report.year)

    for name in interop.MAPPINGS:
        theirs = interop.dump(report, name)
        back = interop.load(theirs, name, agency=report.agency, year=report.year)
        assert back.unused == ()
        rows[f"interop.load({name}, dict)"] = per_call_us(partial(load, theirs, name))
        rows[f"interop.dump(report, {name})"] = per_call_us(partial(interop.dump, report, name))
    print(f"seed report, Python {sys.version.split()[0]}")
    for label, us in rows.items():
        print(f"  {label:46s} {us:9.1f} µs  {1e6 / us:9.0f} reports/s")


if __name__ == "__main__":
    main()
