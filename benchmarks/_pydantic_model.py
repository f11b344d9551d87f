"""A pydantic v2 model of the same shape as gxopen's 2021 report (benchmark only)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Count = Annotated[int, Field(ge=0, strict=True)] | None
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)] | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DocumentCounts(_Strict):
    issued: Count
    repealed: Count
    in_force: Count


class DecisionCount(_Strict):
    decisions: Count


class FeeAmount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    amount: Money


class Proactive(_Strict):
    regulations: DocumentCounts
    normative_documents: DocumentCounts
    licensing: DecisionCount
    penalty: DecisionCount
    coercion: DecisionCount
    fees: FeeAmount


class ApplicantCounts(_Strict):
    natural_person: Count
    commercial_enterprise: Count
    research_institution: Count
    public_welfare_organization: Count
    legal_service_institution: Count
    other_organization: Count
    total: Count


class Denied(_Strict):
    state_secret: ApplicantCounts
    prohibited_by_law: ApplicantCounts
    security_and_stability: ApplicantCounts
    third_party_rights: ApplicantCounts
    internal_affairs: ApplicantCounts
    process_information: ApplicantCounts
    enforcement_case_file: ApplicantCounts
    administrative_inquiry: ApplicantCounts


class Unavailable(_Strict):
    not_held: ApplicantCounts
    requires_creation: ApplicantCounts
    unclear_after_correction: ApplicantCounts


class NotProcessed(_Strict):
    petition_or_complaint: ApplicantCounts
    duplicate: ApplicantCounts
    publication: ApplicantCounts
    excessive: ApplicantCounts
    confirmation: ApplicantCounts


class OtherOutcomes(_Strict):
    no_correction: ApplicantCounts
    fee_unpaid: ApplicantCounts
    other: ApplicantCounts


class Outcomes(_Strict):
    granted: ApplicantCounts
    partially_granted: ApplicantCounts
    denied: Denied
    unavailable: Unavailable
    not_processed: NotProcessed
    other: OtherOutcomes
    total: ApplicantCounts


class Requests(_Strict):
    new: ApplicantCounts
    carried_over: ApplicantCounts
    outcomes: Outcomes
    carried_forward: ApplicantCounts


class ReviewCounts(_Strict):
    upheld: Count
    corrected: Count
    other: Count
    pending: Count
    total: Count


class ReviewLitigation(_Strict):
    review: ReviewCounts
    litigation_direct: ReviewCounts
    litigation_after_review: ReviewCounts


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    edition: Literal["2021"]
    agency: Annotated[str, Field(strict=True)]
    year: Annotated[int, Field(ge=1000, le=9999, strict=True)]
    title: Annotated[str, Field(strict=True)] | None = None
    published: datetime.date | None = None
    source: Annotated[str, Field(strict=True)] | None = None
    overview: Annotated[str, Field(strict=True)] | None
    proactive: Proactive
    requests: Requests
    review_litigation: ReviewLitigation
    problems: Annotated[str, Field(strict=True)] | None
    other_matters: Annotated[str, Field(strict=True)] | None


# ---------------------------------------------------------------- the identities, pydantic style

_COLS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_organization",
    "legal_service_institution",
    "other_organization",
    "total",
)


def _rows(requests: Requests) -> list[ApplicantCounts]:
    o = requests.outcomes
    groups: list[BaseModel] = [o.denied, o.unavailable, o.not_processed, o.other]
    leaves = [o.granted, o.partially_granted]
    for g in groups:
        leaves.extend(getattr(g, name) for name in type(g).model_fields)
    return leaves


def identity_errors(report: Report) -> list[str]:
    """The single-year identities of gxopen's rules, written by hand for pydantic."""
    errors: list[str] = []
    r = report.requests
    leaves = _rows(r)
    for col in _COLS:
        new, over = getattr(r.new, col), getattr(r.carried_over, col)
        total, fwd = getattr(r.outcomes.total, col), getattr(r.carried_forward, col)
        if None not in (new, over, total, fwd) and new + over != total + fwd:
            errors.append(f"t3.balance {col}")
        values = [getattr(leaf, col) for leaf in leaves]
        if total is not None and None not in values and sum(values) != total:
            errors.append(f"t3.outcomes {col}")
    for row in [r.new, r.carried_over, *leaves, r.outcomes.total, r.carried_forward]:
        parts = [getattr(row, c) for c in _COLS[:6]]
        if row.total is not None and None not in parts and sum(parts) != row.total:
            errors.append("t3.applicants")
    rl = report.review_litigation
    for g in (rl.review, rl.litigation_direct, rl.litigation_after_review):
        parts4 = [g.upheld, g.corrected, g.other, g.pending]
        if g.total is not None and None not in parts4 and sum(p or 0 for p in parts4) != g.total:
            errors.append("t4.total")
    return errors


class ValidatedReport(Report):
    """The report model with the identities as a pydantic model validator."""

    @model_validator(mode="after")
    def _identities(self) -> ValidatedReport:
        errors = identity_errors(self)
        if errors:
            raise ValueError("; ".join(errors))
        return self
