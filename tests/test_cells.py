"""Cell addresses: every cell of tables 2–4 once, in printed order, as RFC 6901 pointers."""

from __future__ import annotations

import gxopen
from gxopen._cells import escape, iter_cells, pointer

# FORMAT.md section 3, 2021 edition: the JSON paths of table 2, typed by hand.
TABLE2_2021 = [
    "/proactive/regulations/issued",
    "/proactive/regulations/repealed",
    "/proactive/regulations/in_force",
    "/proactive/normative_documents/issued",
    "/proactive/normative_documents/repealed",
    "/proactive/normative_documents/in_force",
    "/proactive/licensing/decisions",
    "/proactive/penalty/decisions",
    "/proactive/coercion/decisions",
    "/proactive/fees/amount",
]


def test_iter_cells_walks_tables_2_3_4_in_printed_order(seed: gxopen.Report) -> None:
    pointers = [pointer(path) for path, _ in iter_cells(seed)]
    assert len(pointers) == len(set(pointers)) == 10 + 25 * 7 + 3 * 5
    assert pointers[:10] == TABLE2_2021
    assert pointers[10:17] == [
        f"/requests/new/{c}"
        for c in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "public_welfare_organization",
            "legal_service_institution",
            "other_organization",
            "total",
        )
    ]
    assert pointers[-1] == "/review_litigation/litigation_after_review/total"
    values = {pointer(p): v for p, v in iter_cells(seed)}
    assert values["/proactive/licensing/decisions"] == seed.proactive.licensing.decisions
    assert values["/requests/new/total"] == seed.requests.new.total


def test_pointer_escaping_follows_rfc_6901() -> None:
    assert escape("a/b~c") == "a~1b~0c"
    assert escape("~1") == "~01"
    assert pointer(("a/b", "~", "c")) == "/a~1b/~0/c"
    assert pointer(()) == ""
