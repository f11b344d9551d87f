"""gxopen: China's Government Information Disclosure Annual Reports, machine-checkable.

Load a report from JSON, check that its numbers add up, and write it back::

    >>> import gxopen
    >>> report = gxopen.load_example()
    >>> report.requests.new.total
    4
    >>> gxopen.loads(gxopen.dumps(report)) == report
    True
"""

from gxopen import interop
from gxopen._batch._frame import to_dataframe
from gxopen._codes import Code, Edition, Kind
from gxopen._convert import configure_converter, dump, dumps, load, loads, make_converter, replace
from gxopen._diagnose import DIAGNOSIS_RULES, Statement, diagnose, narrative_statements, pinpoint
from gxopen._evidence import CellFix, Explanation, TextSpan
from gxopen._examples import EXAMPLES, example_json, example_text, load_example
from gxopen._model import (
    ApplicantCounts,
    DecisionCount,
    Denied,
    DocumentCounts,
    DocumentCounts2019,
    FeeAmount,
    FeeItems,
    ItemCounts,
    NotProcessed,
    OtherOutcomes,
    Outcomes,
    Proactive,
    Proactive2019,
    Procurement,
    Report,
    Requests,
    ReviewCounts,
    ReviewLitigation,
    Unavailable,
)
from gxopen._parse import (
    CellSource,
    DocumentFormat,
    IssueLevel,
    ParseIssue,
    ParseResult,
    detect_format,
    parse,
    parse_docx,
    parse_html,
    parse_pdf,
    parse_text,
)
from gxopen._render import (
    RECORD_FIELDS,
    Record,
    records,
    render_csv,
    render_dict,
    render_html,
    render_markdown,
    render_text,
)
from gxopen._rules import RULES, Rule, Scope, Severity, rules_document
from gxopen._schema import ANY_EDITION, json_schema
from gxopen._validate import (
    PLAUSIBILITY_RULES,
    Finding,
    FindingKind,
    PlausibilityRule,
    TermValue,
    check,
    is_valid,
    iter_findings,
    validate,
)
from gxopen.exceptions import (
    GxopenError,
    InvalidReportError,
    LoadError,
    MappingError,
    ParseError,
    Problem,
    ReportPairError,
    UnsupportedDocumentError,
)

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """Load :mod:`gxopen.batch` on first use: ``import gxopen`` stays light."""
    if name == "batch":
        import gxopen.batch  # noqa: PLC0415

        return gxopen.batch
    raise AttributeError(f"module 'gxopen' has no attribute {name!r}")


__all__ = [
    "ANY_EDITION",
    "DIAGNOSIS_RULES",
    "EXAMPLES",
    "PLAUSIBILITY_RULES",
    "RECORD_FIELDS",
    "RULES",
    "ApplicantCounts",
    "CellFix",
    "CellSource",
    "Code",
    "DecisionCount",
    "Denied",
    "DocumentCounts",
    "DocumentCounts2019",
    "DocumentFormat",
    "Edition",
    "Explanation",
    "FeeAmount",
    "FeeItems",
    "Finding",
    "FindingKind",
    "GxopenError",
    "InvalidReportError",
    "IssueLevel",
    "ItemCounts",
    "Kind",
    "LoadError",
    "MappingError",
    "NotProcessed",
    "OtherOutcomes",
    "Outcomes",
    "ParseError",
    "ParseIssue",
    "ParseResult",
    "PlausibilityRule",
    "Proactive",
    "Proactive2019",
    "Problem",
    "Procurement",
    "Record",
    "Report",
    "ReportPairError",
    "Requests",
    "ReviewCounts",
    "ReviewLitigation",
    "Rule",
    "Scope",
    "Severity",
    "Statement",
    "TermValue",
    "TextSpan",
    "Unavailable",
    "UnsupportedDocumentError",
    "check",
    "configure_converter",
    "detect_format",
    "diagnose",
    "dump",
    "dumps",
    "example_json",
    "example_text",
    "interop",
    "is_valid",
    "iter_findings",
    "json_schema",
    "load",
    "load_example",
    "loads",
    "make_converter",
    "narrative_statements",
    "parse",
    "parse_docx",
    "parse_html",
    "parse_pdf",
    "parse_text",
    "pinpoint",
    "records",
    "render_csv",
    "render_dict",
    "render_html",
    "render_markdown",
    "render_text",
    "replace",
    "rules_document",
    "to_dataframe",
    "validate",
]
