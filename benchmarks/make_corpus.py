"""Make a corpus of invented report JSON files for ``gxopen batch`` (tests and benchmark).

Run: ``python benchmarks/make_corpus.py OUT [--reports 100000] [--governments 5000] [--years 7]``.

Every number and name is invented. The corpus looks like what a supervising
office collects: ``OUT/<year>/<group>/<body>.json``, one report per publishing
body and year; local governments (县/区/市人民政府) each with a few departments
that publish too; the years run up to 2025. Reports are consistent by
construction (leaf cells drawn, totals computed, last year's carried-forward
requests carried over, documents in force rolled forward), then a share of them
gets one wrong cell, and some bodies write their name differently from one
year to the next (full-width letters, a stray space, 县政府 for 县人民政府) so
that the batch's cross-year pairing has to normalise names.

The 2019 edition is written for the 2019 and 2020 reports only when the
installed gxopen reads it; otherwise every year uses the 2021 edition (and the
2019/2020 reports get the ``p.edition_year`` warning). The script says which.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from decimal import Decimal
from typing import Any

import gxopen

_SYLLABLES = "安宝长春大德东丰福广汉和华怀江金锦康乐临龙隆南宁平青庆瑞山石顺泰天通西祥新兴阳永云泽"
_KINDS = ("县", "区", "市", "县", "县", "区")
_DEPARTMENTS = (
    "教育局",
    "公安局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康委员会",
    "市场监督管理局",
    "人力资源和社会保障局",
    "民政局",
    "司法局",
    "城关街道办事处",
    "新华镇人民政府",
)
_SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，持续完善政务公开制度。",
    "全年通过门户网站发布各类政府信息，及时回应社会关切。",
    "进一步规范依申请公开办理流程，严格落实登记、审核、答复等环节要求。",
    "加强政府信息公开平台建设，优化栏目设置，提升信息检索便利性。",
    "组织开展政务公开业务培训，提升工作人员依法公开意识和能力。",
    "健全信息发布审核机制，确保公开信息准确、规范、安全。",
)
_PROBLEMS = "部分栏目更新不够及时，解读形式较为单一。下一步将加强统筹，丰富解读方式，提升公开质量。"
_OTHER = "本年度未收取信息处理费。"

_T3_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_organization",
    "legal_service_institution",
    "other_organization",
)
_GROUPS: dict[str, tuple[str, ...]] = {
    "denied": (
        "state_secret",
        "prohibited_by_law",
        "security_and_stability",
        "third_party_rights",
        "internal_affairs",
        "process_information",
        "enforcement_case_file",
        "administrative_inquiry",
    ),
    "unavailable": ("not_held", "requires_creation", "unclear_after_correction"),
    "not_processed": ("petition_or_complaint", "duplicate", "publication", "excessive", "confirmation"),
    "other": ("no_correction", "fee_unpaid", "other"),
}
_T4_COLUMNS = ("upheld", "corrected", "other", "pending")


def _supports_2019() -> bool:
    try:
        gxopen.json_schema("2019")
    except ValueError:
        return False
    return True


class Body:
    """One publishing body: its names over the years and the state carried from year to year."""

    def __init__(self, name: str, variant: str | None, variant_years: frozenset[int], makes_rules: bool) -> None:
        self.name = name
        self.variant = variant
        self.variant_years = variant_years
        self.makes_rules = makes_rules
        self.carried: dict[str, int] = dict.fromkeys(_T3_COLUMNS, 0)
        self.in_force = {"regulations": 0, "normative_documents": 0}

    def name_in(self, year: int) -> str:
        return self.variant if self.variant is not None and year in self.variant_years else self.name


def _variant(rng: random.Random, name: str) -> str:
    choice = rng.randrange(3)
    if choice == 0 and "人民政府" in name:
        return name.replace("人民政府", "政府", 1)
    if choice == 1:
        cut = rng.randrange(1, len(name))
        return f"{name[:cut]} {name[cut:]}"
    return name.replace("县", "县\u3000", 1) if "县" in name else f" {name}"


def bodies(rng: random.Random, governments: int, per_government: float, years: list[int]) -> list[Body]:
    """Invent the publishing bodies: each government itself, then departments."""
    out: list[Body] = []
    seen: set[str] = set()
    for _ in range(governments):
        while True:
            place = "".join(rng.sample(_SYLLABLES, 2)) + rng.choice(_KINDS)
            if place not in seen:
                seen.add(place)
                break
        names = [f"{place}人民政府"]
        extra = int(per_government - 1) + (rng.random() < (per_government - int(per_government)))
        names += [f"{place}{d}" for d in rng.sample(_DEPARTMENTS, min(extra, len(_DEPARTMENTS)))]
        for name in names:
            variant = _variant(rng, name) if rng.random() < 0.08 else None
            variant_years = frozenset(y for y in years if rng.random() < 0.4)
            out.append(Body(name, variant, variant_years, makes_rules=place.endswith("市") and name == names[0]))
    return out


def _small(rng: random.Random, busy: float) -> int:
    """A count: mostly 0, sometimes a few, rarely many."""
    r = rng.random()
    if r > busy:
        return 0
    if r > busy / 4:
        return rng.randint(1, 3)
    return rng.randint(4, 40)


def report_2021(rng: random.Random, body: Body, year: int) -> dict[str, Any]:
    """A consistent 2021-edition report of ``body`` for ``year`` (updates the body's carried state)."""
    busy = rng.choice((0.05, 0.15, 0.3, 0.6))

    def row(values: dict[str, int]) -> dict[str, int]:
        return {**values, "total": sum(values.values())}

    leaves: dict[str, dict[str, int]] = {}
    leaves["granted"] = {c: _small(rng, busy * 2) for c in _T3_COLUMNS}
    leaves["partially_granted"] = {c: _small(rng, busy / 2) for c in _T3_COLUMNS}
    groups: dict[str, dict[str, dict[str, int]]] = {}
    for group, keys in _GROUPS.items():
        groups[group] = {k: {c: _small(rng, busy / 6) for c in _T3_COLUMNS} for k in keys}
    total = {c: leaves["granted"][c] + leaves["partially_granted"][c] for c in _T3_COLUMNS}
    for rows in groups.values():
        for values in rows.values():
            for c in _T3_COLUMNS:
                total[c] += values[c]
    carried_over = dict(body.carried)
    forward = {c: _small(rng, busy / 3) for c in _T3_COLUMNS}
    new = {}
    for c in _T3_COLUMNS:
        n = total[c] + forward[c] - carried_over[c]
        if n < 0:  # more carried over than handled: carry the rest forward
            forward[c] -= n
            n = 0
        new[c] = n
    body.carried = forward
    proactive: dict[str, Any] = {}
    for key, rate in (("regulations", 0.5 if body.makes_rules else 0.0), ("normative_documents", 0.8)):
        issued = _small(rng, rate)
        repealed = min(_small(rng, rate / 2), body.in_force[key] + issued)
        in_force = body.in_force[key] + issued - repealed
        body.in_force[key] = in_force
        proactive[key] = {"issued": issued, "repealed": repealed, "in_force": in_force}
    proactive["licensing"] = {"decisions": rng.choice((0, rng.randint(1, 3000)))}
    proactive["penalty"] = {"decisions": rng.choice((0, rng.randint(1, 800)))}
    proactive["coercion"] = {"decisions": rng.choice((0, 0, rng.randint(1, 50)))}
    amount = rng.choice(("0", "0", f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}"))
    proactive["fees"] = {"amount": Decimal(amount)}
    review = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        values = {c: _small(rng, busy / 4) for c in _T4_COLUMNS}
        review[group] = row(values)
    name = body.name_in(year)
    new_total = sum(new.values())
    overview = "".join(rng.sample(_SENTENCES, 4)) + f"全年共收到政府信息公开申请{new_total}件，均已按时答复。"
    return {
        "edition": "2021",
        "agency": name,
        "year": year,
        "title": f"{name}{year}年政府信息公开工作年度报告",
        "published": f"{year + 1}-01-{rng.randint(10, 31):02d}",
        "overview": overview,
        "proactive": proactive,
        "requests": {
            "new": row(new),
            "carried_over": row(carried_over),
            "outcomes": {
                "granted": row(leaves["granted"]),
                "partially_granted": row(leaves["partially_granted"]),
                **{g: {k: row(v) for k, v in rows.items()} for g, rows in groups.items()},
                "total": row(total),
            },
            "carried_forward": row(forward),
        },
        "review_litigation": review,
        "problems": _PROBLEMS,
        "other_matters": _OTHER,
    }


def perturb(rng: random.Random, doc: dict[str, Any]) -> None:
    """Make one cell wrong by a little: a typo a reviewer would miss."""
    where = rng.choice(("new", "outcomes.total", "carried_forward", "outcomes.granted", "review"))
    if where == "review":
        cell = doc["review_litigation"][rng.choice(("review", "litigation_direct"))]
        key = rng.choice((*_T4_COLUMNS, "total"))
    else:
        cell = doc["requests"]
        for part in where.split("."):
            cell = cell[part]
        key = rng.choice((*_T3_COLUMNS, "total"))
    cell[key] += 1


def dumps(doc: dict[str, Any]) -> str:
    """JSON text with the fee amount written with its exact digits."""
    amount = doc["proactive"]["fees"]["amount"]
    doc["proactive"]["fees"]["amount"] = "@@AMOUNT@@"
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    doc["proactive"]["fees"]["amount"] = amount
    return text.replace('"@@AMOUNT@@"', str(amount))


def make(
    out: str,
    *,
    reports: int = 100_000,
    governments: int = 5_000,
    years: int = 7,
    last_year: int = 2025,
    error_rate: float = 0.05,
    seed: int = 12,
) -> dict[str, int]:
    """Write the corpus under ``out``; return counts of what was written."""
    rng = random.Random(seed)
    span = list(range(last_year - years + 1, last_year + 1))
    per_government = max(1.0, reports / years / governments)
    everyone = bodies(rng, governments, per_government, span)
    rng.shuffle(everyone)
    everyone = everyone[: -(-reports // years)]
    written = wrong = 0
    for year in span:
        for i, body in enumerate(everyone):
            if written >= reports:
                break
            doc = report_2021(rng, body, year)
            if rng.random() < error_rate:
                perturb(rng, doc)
                wrong += 1
            folder = os.path.join(out, str(year), f"g{i // 200:03d}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"b{i:05d}.json"), "w", encoding="utf-8") as f:
                f.write(dumps(doc))
            written += 1
    return {"reports": written, "bodies": len(everyone), "governments": governments, "years": years, "wrong": wrong}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="folder to write (created)")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--governments", type=int, default=5_000)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    if _supports_2019():
        print(
            "note: this gxopen reads the 2019 edition, but this generator writes the 2021 edition only", file=sys.stderr
        )
    else:
        print("note: 2019 edition not supported by this gxopen: every year is written in the 2021 edition")
    start = time.perf_counter()
    counts = make(
        args.out,
        reports=args.reports,
        governments=args.governments,
        years=args.years,
        error_rate=args.error_rate,
        seed=args.seed,
    )
    print(f"{counts} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
