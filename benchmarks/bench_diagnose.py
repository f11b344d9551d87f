"""Diagnosis cost: validate with and without diagnosis, and pinpoint on one wrong cell.

Targets (issue 15): with every diagnosis on a consistent report, validate costs
no more than 10% above plain validate; on a report with one wrong cell,
pinpoint takes under 1 ms.

    python benchmarks/bench_diagnose.py
"""

from __future__ import annotations

import timeit

import attrs

import gxopen


def per_call(fn: object, number: int = 2000) -> float:
    assert callable(fn)
    return min(timeit.repeat(fn, number=number, repeat=7)) / number


def main() -> None:
    seed = gxopen.load_example()
    previous = attrs.evolve(seed, year=seed.year - 1)
    granted = attrs.evolve(seed.requests.outcomes.granted, natural_person=7, total=7)
    wrong = attrs.evolve(
        seed, requests=attrs.evolve(seed.requests, outcomes=attrs.evolve(seed.requests.outcomes, granted=granted))
    )
    one = attrs.evolve(
        seed,
        requests=attrs.evolve(
            seed.requests,
            new=attrs.evolve(seed.requests.new, natural_person=40),
        ),
    )
    plain = per_call(lambda: gxopen.validate(seed))
    full = per_call(lambda: gxopen.validate(seed, diagnose=True))
    plain_prev = per_call(lambda: gxopen.validate(seed, previous), 500)
    full_prev = per_call(lambda: gxopen.validate(seed, previous, diagnose=True), 500)
    pin_one = per_call(lambda: gxopen.pinpoint(one), 500)
    pin_two = per_call(lambda: gxopen.pinpoint(wrong), 200)
    print(f"{'measure':<52} {'µs':>9} {'ratio':>7}")
    print(f"{'validate (seed, consistent)':<52} {plain * 1e6:9.1f}")
    print(f"{'validate, diagnose=True':<52} {full * 1e6:9.1f} {full / plain:7.3f}  (target ≤ 1.10)")
    print(f"{'validate with previous':<52} {plain_prev * 1e6:9.1f}")
    print(
        f"{'validate with previous, diagnose=True (y.* text)':<52} {full_prev * 1e6:9.1f} {full_prev / plain_prev:7.3f}"
    )
    print(f"{'pinpoint, one wrong cell':<52} {pin_one * 1e6:9.1f}          (target < 1000)")
    print(f"{'pinpoint, two wrong cells (pair search)':<52} {pin_two * 1e6:9.1f}")


if __name__ == "__main__":
    main()
