"""The report kinds, each one record in one table (``REPORT_KINDS``).

A kind says what it is called, whether it is about the assessments of one organisation
(``scope="assessment"``, built from assessment ids) or about the shared results of a region
(``scope="regional"``, built from a checklist and a period, with privacy enforced by
``norm.aggregate``), how many assessment ids it takes, and how it is built. The builders are imported
when a report is built, not when this table is read, so the command line can show its choices fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from norm.aggregate import DEFAULT_MIN_GROUP, checklists_with_shared_results, load_shared, shared_periods
from reports.builders.common import ReportError

if TYPE_CHECKING:
    from norm.aggregate import SharedData
    from norm.store import Store
    from reports.document import Document

Scope = Literal["assessment", "regional"]


@dataclass(frozen=True)
class ReportRequest:
    """What a report is asked for; each kind reads the fields it needs."""

    ids: tuple[int, ...] = ()
    """Assessment ids (kinds with ``scope="assessment"``)."""
    by: str = "type"
    """The peer group of a comparison with peers: ``type``, ``size_class`` or ``police_district``."""
    checklist_id: str | None = None
    """The checklist of a regional report (None: the only one with shared results)."""
    period: str | None = None
    """The period of a regional report (None: the latest with shared results)."""
    min_group: int = DEFAULT_MIN_GROUP
    """The smallest group a figure is shown for."""
    organisation_type: str | None = None
    """The view of one organisation type (province report ``--type``); None: every type."""
    language: str = "nl"
    """The language of the report's fixed texts (``nl`` or ``en``)."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of report."""

    id: str
    """The id a document carries (``Document.kind``) and the command line uses."""
    label: str
    """The Dutch name of the kind, shown at the top of every format."""
    scope: Scope
    """``assessment``: about assessments of one organisation; ``regional``: about shared results."""
    assessments: int
    """How many assessment ids the kind takes (0 for a regional report)."""
    usage: str
    """How the command line asks for it, for messages (``report org ID``)."""
    build: Callable[[Store, ReportRequest], Document]
    """Builds the document; raises ``ReportError`` (or a ``StoreError``) with a Dutch message."""

    @property
    def regional(self) -> bool:
        return self.scope == "regional"


def choose_checklist(store: Store, checklist_id: str | None) -> str:
    """The checklist for a province or gap report: the one given, or the only one with shared results."""
    if checklist_id:
        store.require_latest_snapshot(checklist_id)
        return checklist_id
    candidates = checklists_with_shared_results(store)
    if not candidates:
        raise ReportError("Er zijn nog geen gedeelde, definitieve beoordelingen; probeer 'weerbaar demo' voor "
                          "een voorbeeld.")
    if len(candidates) > 1:
        raise ReportError(f"Kies een checklist met --checklist: {', '.join(candidates)}.")
    return candidates[0]


def _shared(store: Store, request: ReportRequest, *, history: bool) -> tuple[SharedData, str]:
    """The shared results of the chosen checklist, and the period to report on.

    Reads only what the report shows: with ``history`` every period up to the chosen one (the trend),
    else the chosen period and the one before (the changes)."""
    chosen = choose_checklist(store, request.checklist_id)
    periods = shared_periods(store, chosen)
    if not periods:
        raise ReportError(f"Voor checklist '{chosen}' zijn nog geen gedeelde, definitieve beoordelingen.")
    period = request.period
    if period is None:
        period = periods[-1]
    elif period not in periods:
        raise ReportError(f"Geen gedeelde, definitieve beoordelingen voor periode '{period}'; beschikbaar: "
                          f"{', '.join(periods)}.")
    earlier = [p for p in periods if p < period]
    shown = [p for p in periods if p <= period] if history else earlier[-1:] + [period]
    data = load_shared(store, chosen, min_group=request.min_group, periods=shown)
    return data, period


def _org(store: Store, request: ReportRequest) -> Document:
    from reports.builders.org import build_org_report

    return build_org_report(store, request.ids[0], request.language)


def _compare(store: Store, request: ReportRequest) -> Document:
    from reports.builders.compare import build_compare_report

    return build_compare_report(store, request.ids[0], request.ids[1], request.language)


def _peers(store: Store, request: ReportRequest) -> Document:
    from reports.builders.compare import build_peer_report
    from reports.wording import Words, translate_headings

    # Its sentences stay Dutch; in English its headings and column headers are translated.
    return translate_headings(build_peer_report(store, request.ids[0], by=request.by, min_group=request.min_group),
                              Words(request.language))


def _province(store: Store, request: ReportRequest) -> Document:
    from reports.builders.province import build_province_report

    return build_province_report(*_shared(store, request, history=True), request.organisation_type,
                                 language=request.language)


def _gaps(store: Store, request: ReportRequest) -> Document:
    from reports.builders.gaps import build_gaps_report

    return build_gaps_report(*_shared(store, request, history=False), language=request.language)


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("org", "Rapport eigen organisatie", "assessment", 1, "report org ID", _org),
    ReportKind("compare", "Vergelijking", "assessment", 2, "report compare ID ID", _compare),
    ReportKind("peers", "Vergelijking met de groep", "assessment", 1, "report compare ID --peers", _peers),
    ReportKind("province", "Provinciebreed beeld", "regional", 0, "report province", _province),
    ReportKind("gaps", "Tekortenanalyse RIEC", "regional", 0, "report gaps", _gaps),
)
"""Every report kind, in the order the documentation lists them."""

KINDS_BY_ID: Mapping[str, ReportKind] = MappingProxyType({kind.id: kind for kind in REPORT_KINDS})
KIND_LABELS: Mapping[str, str] = MappingProxyType({kind.id: kind.label for kind in REPORT_KINDS})
"""The Dutch name per kind id, for the writers (``KIND_LABELS.get(document.kind, document.kind)``)."""


def report_kind(kind_id: str) -> ReportKind:
    """The kind with this id; raises ``ReportError`` naming the kinds there are."""
    try:
        return KINDS_BY_ID[kind_id]
    except KeyError:
        raise ReportError(f"Onbekende rapportsoort '{kind_id}'; kies uit: {', '.join(KINDS_BY_ID)}.") from None
