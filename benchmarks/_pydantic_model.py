"""A pydantic v2 model of the same shape as gxopen's 2021 report (benchmark only)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

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
