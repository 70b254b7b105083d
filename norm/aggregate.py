"""Aggregation with privacy built in: the only way reports see other organisations' results.

Rules (PRODUCT.md, "Aggregation and privacy"; docs/reports.md):

- Only the latest *definitive* assessment per organisation per period counts, and only when it is
  shared as ``geaggregeerd`` or ``benoemd``. A later definitive ``intern`` assessment withdraws the
  organisation from that period.
- Every figure carries its n. A figure over fewer than k organisations is suppressed: its values are
  never computed into the result, only the reason is.
- A figure is also suppressed when the organisations behind it that are *not* named number 1 to k-1:
  published named results would otherwise let a reader subtract their way to them.
- In a breakdown (groups that together form the population) suppressed groups are complemented with
  the next smallest group until what is hidden is itself safe, so the total minus the visible groups
  reveals nothing.
- Names and codes are read only for ``benoemd`` assessments; other participants carry neither.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from norm.checklist import Checklist, Theme
from norm.disclosure.plan import ALL, PANEL, Entity, Plan, breakdown_key, build_plan, view_key
from norm.disclosure.recoding import Merge
from norm.labels import OTHER_GROUP as OTHER_GROUPS
from norm.labels import label, organisation_type_plural
from norm.scoring import AssessmentScore
from norm.store import AssessmentRecord, InvalidInputError, NotFoundError, Organisation, Store
from norm.store.releases import Release, ReleaseMember
from norm.vocabulary import (
    DEMO,
    DIMENSIONS,
    LOCAL,
    ORGANISATION_TYPES,
    SHAREABLE_LEVELS,
    SIZE_CLASS_UPPER_BOUNDS,
    SIZE_CLASSES,
)

DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
LOCAL_ORIGINS: tuple[str, ...] = (LOCAL, DEMO)
DEMO_ORIGIN = DEMO

DIMENSION_LABELS: dict[str, str] = {d: label("dimension", d) for d in DIMENSIONS}
OTHER_GROUP = OTHER_GROUPS["nl"]
_POPULATION_KEYS = ("population", "population_2019", "inwoners", "inhabitants")
_DISTRICT_KEYS = ("police_district", "politiedistrict")


# -- organisations and groups -------------------------------------------------------------------


def size_class_of(population: Any) -> str | None:
    """The size class of a number of inhabitants (None when unknown)."""
    try:
        count = int(population)
    except (TypeError, ValueError):
        return None
    if count <= 0:
        return None
    for name, upper in SIZE_CLASS_UPPER_BOUNDS.items():
        if upper is None or count < upper:
            return name
    return None  # pragma: no cover - the last class has no upper bound


@dataclass(frozen=True)
class Profile:
    """What groups an organisation belongs to; carries nothing that names it."""

    type: str
    police_district: str | None
    size_class: str | None

    def group(self, dimension: str) -> str:
        """The group label in a breakdown by ``dimension``."""
        if dimension == "type":
            return organisation_type_plural(self.type)
        if dimension == "police_district":
            return self.police_district or OTHER_GROUP
        if dimension == "size_class":
            return label("size_class", self.size_class) if self.size_class else OTHER_GROUP
        raise InvalidInputError(f"Onbekende indeling '{dimension}'; kies uit: {', '.join(DIMENSIONS)}.")


def profile_of(organisation: Organisation) -> Profile:
    """Type, police district and size class from an organisation's attributes."""
    attributes = organisation.attributes or {}
    district = next((str(attributes[k]).strip() for k in _DISTRICT_KEYS if attributes.get(k)), None)
    size = attributes.get("size_class") or attributes.get("grootteklasse")
    if not size:
        population = next((attributes[k] for k in _POPULATION_KEYS if attributes.get(k)), None)
        size = size_class_of(population)
    return Profile(organisation.type, district or None, str(size).strip() if size else None)


def group_order(dimension: str, labels: Iterable[str]) -> list[str]:
    """Groups in a sensible order: types as in the norm, size classes small to large, others by name."""
    labels = set(labels)
    if dimension == "type":
        plural = [organisation_type_plural(t) for t in ORGANISATION_TYPES]
        known = [name for name in plural if name in labels]
        return known + sorted(labels - set(known))
    if dimension == "size_class":
        ordered = [label("size_class", size) for size in SIZE_CLASSES]
        known = [name for name in ordered if name in labels]
        rest = sorted(labels - set(known) - {OTHER_GROUP})
        return known + rest + ([OTHER_GROUP] if OTHER_GROUP in labels else [])
    rest = sorted(labels - {OTHER_GROUP})
    return rest + ([OTHER_GROUP] if OTHER_GROUP in labels else [])


def check_min_group(min_group: int) -> int:
    """Validate k: at least MIN_GROUP_FLOOR, because a figure over one or two is traceable."""
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < MIN_GROUP_FLOOR:
        raise InvalidInputError(
            f"De minimale groepsgrootte moet een geheel getal van minstens {MIN_GROUP_FLOOR} zijn; "
            "een cijfer over één of twee organisaties is tot die organisaties te herleiden."
        )
    return min_group


def individual_report_allowed(record: AssessmentRecord) -> bool:
    """Whether one assessment may be reported by itself: our own, or its owner agreed to naming."""
    return record.origin in LOCAL_ORIGINS or record.sharing == "benoemd"


def require_individual_report(record: AssessmentRecord) -> None:
    """Refuse a per-organisation report on another organisation's data shared without naming."""
    if not individual_report_allowed(record):
        raise InvalidInputError(
            f"Beoordeling {record.id} is van een andere organisatie en gedeeld als '{record.sharing}'; "
            "die mag alleen meetellen in geaggregeerde cijfers, niet in een eigen rapport."
        )


# -- participants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrozenItem:
    """What the figures need of one measure of one assessment."""

    state: str
    level: int | None
    target: int
    meets_target: bool | None


@dataclass(frozen=True)
class FrozenTheme:
    score: float | None
    target_score: float | None


@dataclass(frozen=True)
class FrozenScore:
    """The scores of one counted assessment as a release freezes them (``scores`` of a release member)."""

    overall: float | None
    target_score: float | None
    basisnorm: str
    tier_id: str | None
    tier_name: str | None
    gaps: int
    basisnorm_gaps: int
    themes: dict[str, FrozenTheme]
    items: dict[str, FrozenItem]

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall, "target": self.target_score, "basisnorm": self.basisnorm,
            "tier": [self.tier_id, self.tier_name] if self.tier_id else None,
            "gaps": [self.gaps, self.basisnorm_gaps],
            "themes": {c: [t.score, t.target_score] for c, t in self.themes.items()},
            "items": {c: [i.state, i.level, i.target, i.meets_target] for c, i in self.items.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FrozenScore:
        """Raises KeyError/TypeError/ValueError on a malformed value (never stored by this code)."""
        tier = data.get("tier") or [None, None]
        gaps = data["gaps"]
        return cls(
            data["overall"], data["target"], str(data["basisnorm"]), tier[0], tier[1], int(gaps[0]), int(gaps[1]),
            {c: FrozenTheme(v[0], v[1]) for c, v in data["themes"].items()},
            {c: FrozenItem(str(v[0]), v[1], int(v[2]), v[3]) for c, v in data["items"].items()},
        )


def freeze_score(score: AssessmentScore) -> FrozenScore:
    """The figures a release keeps of a full score."""
    return FrozenScore(
        score.overall, score.target_score, score.basisnorm,
        score.tier.id if score.tier else None, score.tier.name if score.tier else None,
        len(score.gaps), sum(1 for g in score.gaps if g.basisnorm),
        {t.code: FrozenTheme(t.score, t.target_score) for t in score.themes},
        {i.code: FrozenItem(i.state, i.level, i.target, i.meets_target) for i in score.items},
    )


def score_records(store: Store, records: Sequence[AssessmentRecord]) -> dict[int, FrozenScore]:
    """The scores of definitive assessments, by id: the one place aggregation reads scores.

    Reads the scores stored when each assessment became definitive with SQL (``norm.store.scores``,
    three queries per 500 assessments, straight into the compact form); scores any it lacks.
    """
    compact = store.compact_scores([record.id for record in records])
    missing = [record.id for record in records if record.id not in compact]
    computed = store.stored_scores(missing) if missing else {}
    tiers: dict[int, dict[str, str]] = {}
    result: dict[int, FrozenScore] = {}
    for record in records:
        if record.id in computed:
            result[record.id] = freeze_score(computed[record.id])
            continue
        data = compact[record.id]
        if data["tier"]:
            if record.snapshot_id not in tiers:
                tiers[record.snapshot_id] = {t.id: t.name for t in store.checklist(record.snapshot_id).tiers}
            data["tier"][1] = tiers[record.snapshot_id].get(data["tier"][0], data["tier"][0])
        result[record.id] = FrozenScore.from_json(data)
    return result


@dataclass(frozen=True, eq=False)
class _Participant:
    """One counted assessment. Name and code are present only when the owner chose ``benoemd``."""

    key: int
    period: str
    profile: Profile
    named: bool
    name: str | None
    code: str | None
    version: str
    demo: bool
    finalised_at: str
    score: FrozenScore

    @property
    def items(self) -> dict[str, FrozenItem]:
        return self.score.items

    @property
    def themes(self) -> dict[str, FrozenTheme]:
        return self.score.themes


def _select_latest(records: Iterable[AssessmentRecord]) -> list[AssessmentRecord]:
    """The latest definitive assessment per organisation and period, if it may be shared."""
    latest: dict[tuple[str, str], AssessmentRecord] = {}
    for record in records:
        if not record.is_definitive:
            continue
        slot = (record.organisation_code, record.period)
        current = latest.get(slot)
        if current is None or (record.finalised_at or "", record.id) > (current.finalised_at or "", current.id):
            latest[slot] = record
    return [r for _, r in sorted(latest.items()) if r.sharing in SHAREABLE_LEVELS]


# -- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """A distribution over organisations: n always; the rest only when it may be shown."""

    n: int
    suppressed: str | None = None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    meeting: int | None = None

    @property
    def shown(self) -> bool:
        """Whether there are figures to show (something counted, nothing suppressed)."""
        return self.suppressed is None and self.n > 0

    @property
    def share(self) -> float | None:
        """Share meeting the target (0..1)."""
        if self.meeting is None or not self.n:
            return None
        return self.meeting / self.n

    @property
    def missing(self) -> int | None:
        return None if self.meeting is None else self.n - self.meeting


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(Q1, median, Q3) by the inclusive method (the spreadsheet QUARTILE.INC rule)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, statistics.median(values), q3


class Disclosure:
    """Decides whether a figure over a set of participants may be shown."""

    def __init__(self, min_group: int):
        self.k = check_min_group(min_group)

    def reason(self, members: Sequence[_Participant]) -> str | None:
        n = len(members)
        if n == 0:
            return "geen organisaties"
        if n < self.k:
            return f"minder dan {self.k} organisaties"
        anonymous = sum(1 for m in members if not m.named)
        if 0 < anonymous < self.k:
            return f"herleidbaar tot minder dan {self.k} niet-benoemde organisaties"
        return None

    def stat(
        self,
        members: Sequence[_Participant],
        value: Callable[[_Participant], float | None],
        meets: Callable[[_Participant], bool | None],
        *,
        forced: str | None = None,
    ) -> Stat:
        """Distribution of ``value`` over the members that have one."""
        counted = [m for m in members if value(m) is not None]
        if not counted and not forced:
            return Stat(0)  # nothing to show, and nothing hidden
        reason = (self.reason(counted) if counted else None) or forced
        if reason is not None:
            return Stat(len(counted), reason)
        values = sorted(v for v in (value(m) for m in counted) if v is not None)
        q1, median, q3 = quartiles(values)
        return Stat(len(counted), None, median, q1, q3, sum(1 for m in counted if meets(m)))

    def protect_groups(self, groups: dict[str, list[_Participant]]) -> dict[str, str | None]:
        """Primary suppression per group plus complementary suppression across the groups."""
        reasons = {label: (self.reason(members) if members else None) for label, members in groups.items()}
        complement = "aanvullend onderdrukt, anders te herleiden uit het totaal en de andere groepen"
        while True:
            hidden = [m for label, members in groups.items() if reasons[label] for m in members]
            if not hidden or self.reason(hidden) is None:
                return reasons
            visible = [label for label, members in groups.items() if not reasons[label] and members]
            if not visible:
                return reasons
            smallest = min(visible, key=lambda label: (len(groups[label]), label))
            reasons[smallest] = complement


# -- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeStat:
    code: str
    title: str
    stat: Stat
    target_score: float | None


@dataclass(frozen=True)
class ItemStat:
    """Levels of one measure across organisations; ``not_applicable`` counts n.v.t. answers."""

    code: str
    title: str
    theme_code: str
    target: int
    basisnorm: bool
    stat: Stat
    not_applicable: int | None
    levels: tuple[int, ...] | None = None
    """How many organisations are at each level (0, 1, 2, 3); only when the figure may be shown."""


@dataclass(frozen=True)
class GroupCell:
    group: str
    stat: Stat


@dataclass(frozen=True)
class Breakdown:
    """Themes (and the overall score) by group; each column protected on its own."""

    dimension: str
    groups: list[str]
    group_sizes: dict[str, int]
    overall: list[GroupCell]
    basisnorm: list[GroupCell]
    themes: list[tuple[ThemeStat, list[GroupCell]]]
    merges: list[Merge] = field(default_factory=list)
    """Categories merged because they were too small apart (say so under the table)."""
    left_out: list[str] = field(default_factory=list)
    """Groups with no figure at all: too small even merged, so left out of every figure."""


@dataclass(frozen=True)
class CoverageRow:
    period: str
    type: str
    participating: int
    named: int
    known: int


@dataclass(frozen=True)
class TierCount:
    tier_id: str | None
    name: str
    count: int


@dataclass(frozen=True)
class TierDistribution:
    period: str
    n: int
    suppressed: str | None
    rows: list[TierCount]


@dataclass(frozen=True)
class PeriodSummary:
    period: str
    n: int
    overall: Stat
    basisnorm: Stat
    themes: list[ThemeStat]


@dataclass(frozen=True)
class ItemChange:
    """One measure across two periods, over the organisations that took part in both."""

    code: str
    title: str
    theme_code: str
    n: int
    suppressed: str | None
    before: int | None = None
    after: int | None = None
    improved: int | None = None
    worsened: int | None = None

    @property
    def share_before(self) -> float | None:
        return None if self.before is None or not self.n else self.before / self.n

    @property
    def share_after(self) -> float | None:
        return None if self.after is None or not self.n else self.after / self.n

    @property
    def delta(self) -> float | None:
        if self.share_before is None or self.share_after is None:
            return None
        return self.share_after - self.share_before


@dataclass(frozen=True)
class NamedGap:
    """A ``benoemd`` organisation that misses the target of a measure."""

    name: str
    code: str
    level: int
    target: int


@dataclass(frozen=True)
class NamedOrganisation:
    name: str
    code: str
    type: str
    overall: float | None
    basisnorm: str
    gaps: int
    basisnorm_gaps: int
    tier: str | None


@dataclass(frozen=True)
class VersionCount:
    version: str
    count: int


def _merged_order(dimension: str, present: set[str], merges: Sequence[Merge]) -> list[str]:
    """Merged groups in the order of their first original category."""
    parts = {m.label: m.parts for m in merges}
    raw = [part for label in present for part in parts.get(label, (label,))]
    order = {name: index for index, name in enumerate(group_order(dimension, raw))}
    return sorted(present, key=lambda label: (min(order.get(p, len(order)) for p in parts.get(label, (label,))),
                                              label))


# -- the shared data set --------------------------------------------------------------------------


@dataclass
class SharedData:
    """The shareable results of one checklist, with privacy-safe views on them.

    Figures of a period come from its release when there is one (frozen), else from the counted
    assessments as they are now (provisional, said in every report). Every figure is looked up in the
    period's publication plan (``norm.disclosure.plan``): merged categories and one audit over all
    groups any report kind publishes. A view (one organisation type, or a peer group) reads the plan of
    the whole population, so all views are audited together.
    """

    checklist: Checklist
    min_group: int
    known_by_type: dict[str, int]
    _participants: list[_Participant] = field(repr=False)
    district_indicative: bool = False
    releases: dict[str, Release] = field(default_factory=dict)
    """Per period the release its figures come from (absent: provisional figures)."""
    pending: dict[str, int] = field(default_factory=dict)
    """Per period with a release: organisations whose counted assessment is new or differs from it."""
    scope: tuple[str | None, str | None, str | None] = (None, None, None)
    """(organisation type, dimension, merged group): the view; (None, None, None) is everyone."""
    _plans: dict[str, Plan] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._disclosure = Disclosure(self.min_group)

    # -- basics ------------------------------------------------------------------------------

    @property
    def periods(self) -> list[str]:
        return sorted({p.period for p in self._participants})

    @property
    def latest_period(self) -> str | None:
        periods = self.periods
        return periods[-1] if periods else None

    def previous_period(self, period: str) -> str | None:
        earlier = [p for p in self.periods if p < period]
        return earlier[-1] if earlier else None

    def count(self, period: str) -> int:
        return len(self._members(period))

    @property
    def demo(self) -> bool:
        """Whether any counted assessment is demo data."""
        return any(p.demo for p in self._participants)

    def last_finalised(self, period: str) -> str | None:
        """When the latest counted assessment of the period was finalised (the data's date)."""
        stamps = [m.finalised_at for m in self._members(period) if m.finalised_at]
        return max(stamps) if stamps else None

    def versions(self, period: str) -> list[VersionCount]:
        counts: dict[str, int] = defaultdict(int)
        for member in self._members(period):
            counts[member.version] += 1
        return [VersionCount(v, counts[v]) for v in sorted(counts)]

    @property
    def view(self) -> str | None:
        """The organisation type of the view (None: every type)."""
        return self.scope[0]

    def _all_members(self, period: str) -> list[_Participant]:
        return [p for p in self._participants if p.period == period]

    def _members(self, period: str) -> list[_Participant]:
        org_type, dimension, group = self.scope
        members = self._all_members(period)
        if org_type is None:
            return members
        members = [m for m in members if m.profile.type == org_type]
        if dimension is None or dimension == "type":
            return members
        plan = self.plan(period)
        return [m for m in members if plan.label(org_type, dimension, m.profile.group(dimension)) == group]

    @property
    def scope_key(self) -> str:
        """The audit key of the whole of this view."""
        org_type, dimension, group = self.scope
        if org_type is None:
            return ALL
        if dimension is None or dimension == "type" or group is None:
            return view_key(org_type)
        return breakdown_key(dimension, group, org_type)

    def _derived(self, scope: tuple[str | None, str | None, str | None]) -> SharedData:
        derived = SharedData(self.checklist, self.min_group, dict(self.known_by_type), self._participants,
                             self.district_indicative, dict(self.releases), dict(self.pending), scope)
        derived._plans = self._plans  # one plan per period for every view: audited together
        return derived

    def of_type(self, organisation_type: str) -> SharedData:
        """The view of one organisation type (``--type gemeente``)."""
        return self._derived((organisation_type, None, None))

    def peer_label(self, period: str, organisation_type: str, dimension: str, raw_group: str) -> str:
        """The merged peer group an organisation with ``raw_group`` falls in."""
        if dimension == "type":
            return organisation_type_plural(organisation_type)
        return self.plan(period).label(organisation_type, dimension, raw_group)

    def peers(self, organisation_type: str, dimension: str, group: str, period: str | None = None) -> SharedData:
        """The peer group: one type and one (merged) group of ``dimension``, as audited with the rest.

        ``group`` is the raw group of the organisation; it is mapped to its merged group of ``period``
        (default: the latest)."""
        chosen = period or self.latest_period
        merged = group if chosen is None else self.peer_label(chosen, organisation_type, dimension, group)
        return self._derived((organisation_type, dimension, merged))

    # -- the publication plan ----------------------------------------------------------------

    def plan(self, period: str) -> Plan:
        """Merged categories and the audit of every published group of ``period`` (cached)."""
        if period not in self._plans:
            self._plans[period] = self._build_plan(period)
        return self._plans[period]

    def _bases(self, members: Sequence[_Participant]) -> dict[str, frozenset[tuple[str, int]]]:
        bases: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for m in members:
            key = (m.period, m.key)
            bases["tiers"].add(key)
            if m.score.overall is not None:
                bases["overall"].add(key)
            if m.score.basisnorm != "geen basisnorm":
                bases["basisnorm"].add(key)
            for code, theme in m.themes.items():
                if theme.score is not None:
                    bases[f"theme:{code}"].add(key)
            for code, item in m.items.items():
                if item.state == "niveau" and item.level is not None:
                    bases[f"item:{code}"].add(key)
        return {name: frozenset(keys) for name, keys in bases.items()}

    def _build_plan(self, period: str) -> Plan:
        members = self._all_members(period)
        entities = [Entity((m.period, m.key), m.named, m.profile.type,
                           {d: m.profile.group(d) for d in DIMENSIONS}) for m in members]
        bases = self._bases(members)
        panel: dict[str, tuple[frozenset[Any], frozenset[Any], frozenset[Any]]] = {}
        previous = self.previous_period(period)
        previous_named: frozenset[Any] = frozenset()
        if previous is not None:
            before = self._all_members(previous)
            before_bases = self._bases(before)
            previous_named = frozenset((m.period, m.key) for m in before if m.named)
            for name, now in bases.items():
                then = before_bases.get(name, frozenset())
                then_orgs = {key for _, key in then}
                in_both = frozenset((p, key) for p, key in now if key in then_orgs)
                now_orgs = {key for _, key in in_both}
                panel[name] = (in_both, frozenset((p, key) for p, key in then if key in now_orgs), then)
        non_municipal = [organisation_type_plural(t) for t in ORGANISATION_TYPES if t != "gemeente"]
        non_municipal += sorted({organisation_type_plural(m.profile.type) for m in members
                                 if m.profile.type not in ORGANISATION_TYPES})
        return build_plan(entities, bases, self.min_group, dimensions=DIMENSIONS, order=group_order,
                          fixed_merges={"type": [non_municipal]},
                          apart={"type": [organisation_type_plural("gemeente")], "police_district": [OTHER_GROUP],
                                 "size_class": [OTHER_GROUP]}, panel=panel,
                          previous_named=previous_named)

    def _counted(self, period: str, basis: str, members: Sequence[_Participant]) -> list[_Participant]:
        """The members that count for the figures of a basis (see ``Plan.bases``)."""
        plan = self.plan(period)
        return [m for m in members if plan.counts(basis, (m.period, m.key))]

    def left_out(self, period: str, basis: str) -> tuple[str, ...]:
        """The groups of organisation types left out of a figure because they are too small to show."""
        return self.plan(period).left_out.get(basis, ())

    def _forced(self, period: str, basis: str, key: str | None = None) -> str | None:
        return self.plan(period).reason(basis, key or self.scope_key)

    # -- figures -----------------------------------------------------------------------------

    def overall(self, period: str) -> Stat:
        return self._overall(self._counted(period, "overall", self._members(period)), self._forced(period, "overall"))

    def _overall(self, members: Sequence[_Participant], forced: str | None = None) -> Stat:
        return self._disclosure.stat(
            members,
            lambda m: m.score.overall,
            lambda m: m.score.overall is not None and m.score.target_score is not None
            and m.score.overall >= m.score.target_score - 1e-9,
            forced=forced,
        )

    def basisnorm(self, period: str) -> Stat:
        """Share meeting the basisnorm, over organisations for which the checklist has one."""
        return self._basisnorm(self._counted(period, "basisnorm", self._members(period)),
                               self._forced(period, "basisnorm"))

    def _basisnorm(self, members: Sequence[_Participant], forced: str | None = None) -> Stat:
        return self._disclosure.stat(
            members,
            lambda m: None if m.score.basisnorm == "geen basisnorm" else (1.0 if m.score.basisnorm == "voldoet"
                                                                          else 0.0),
            lambda m: m.score.basisnorm == "voldoet",
            forced=forced,
        )

    def themes(self, period: str) -> list[ThemeStat]:
        members = self._members(period)
        return [self._theme(theme.code, theme.title, self._counted(period, f"theme:{theme.code}", members),
                            self._forced(period, f"theme:{theme.code}"))
                for theme in self.checklist.themes]

    def _theme(self, code: str, title: str, members: Sequence[_Participant], forced: str | None = None
               ) -> ThemeStat:
        def value(m: _Participant) -> float | None:
            theme = m.themes.get(code)
            return None if theme is None else theme.score

        def meets(m: _Participant) -> bool:
            theme = m.themes.get(code)
            return bool(theme and theme.score is not None and theme.target_score is not None
                        and theme.score >= theme.target_score - 1e-9)

        stat = self._disclosure.stat(members, value, meets, forced=forced)
        targets = sorted(
            target for m in members
            if code in m.themes and m.themes[code].score is not None
            and (target := m.themes[code].target_score) is not None
        )
        target = statistics.median(targets) if targets and stat.shown else None
        return ThemeStat(code, title, stat, target)

    def items(self, period: str) -> list[ItemStat]:
        members = self._members(period)
        result = []
        for theme in self.checklist.themes:
            for item in theme.items:
                results = [(m, m.items.get(item.code)) for m in members]
                answered = [m for m, r in results if r is not None and r.state != "open"]
                scored = self._counted(period, f"item:{item.code}",
                                       [m for m, r in results if r is not None and r.state == "niveau"])

                def level(m: _Participant, code: str = item.code) -> float | None:
                    found = m.items[code].level
                    return None if found is None else float(found)

                def meets(m: _Participant, code: str = item.code) -> bool:
                    return bool(m.items[code].meets_target)

                forced = self._forced(period, f"item:{item.code}") if scored else None
                stat = self._disclosure.stat(scored, level, meets, forced=forced)
                nvt = None
                if stat.shown and self._disclosure.reason(answered) is None:
                    nvt = len(answered) - len(scored)
                levels = None
                if stat.shown:
                    counts = [0] * (self._max_level() + 1)
                    for m in scored:
                        found = m.items[item.code].level
                        if found is not None and 0 <= found < len(counts):
                            counts[found] += 1
                    levels = tuple(counts)
                result.append(ItemStat(item.code, item.title, theme.code, item.target, item.basisnorm, stat, nvt,
                                       levels))
        return result

    def _max_level(self) -> int:
        return max((level.value for level in self.checklist.scale), default=3)

    def _groups(self, period: str, dimension: str) -> tuple[dict[str, list[_Participant]], list[str], list[Merge]]:
        if dimension not in DIMENSIONS:
            raise InvalidInputError(f"Onbekende indeling '{dimension}'; kies uit: {', '.join(DIMENSIONS)}.")
        plan = self.plan(period)
        view = self.view
        by_group: dict[str, list[_Participant]] = defaultdict(list)
        for member in self._members(period):
            raw = member.profile.group(dimension)
            by_group[raw if view and dimension == "type" else plan.label(view, dimension, raw)].append(member)
        merges = [] if view and dimension == "type" else plan.merges.get((view, dimension), [])
        present = set(by_group)
        groups = _merged_order(dimension, present, merges)
        return by_group, groups, [m for m in merges if m.label in present]

    def _group_key(self, dimension: str, group: str) -> str:
        if self.view and dimension == "type":
            return view_key(self.view)
        return breakdown_key(dimension, group, self.view)

    def breakdown(self, period: str, dimension: str) -> Breakdown:
        """Overall, basisnorm and theme figures by (merged) group of ``dimension``."""
        by_group, groups, merges = self._groups(period, dimension)
        members = self._members(period)

        def column(basis: str, has: Callable[[_Participant], bool],
                   make: Callable[[list[_Participant], str | None], Stat]) -> list[GroupCell]:
            cells = []
            for g in groups:
                counted = self._counted(period, basis, [m for m in by_group[g] if has(m)])
                forced = self._forced(period, basis, self._group_key(dimension, g)) if counted else None
                cells.append(GroupCell(g, make(counted, forced)))
            return cells

        overall = column("overall", lambda m: m.score.overall is not None, lambda ms, r: self._overall(ms, r))
        basis = column("basisnorm", lambda m: m.score.basisnorm != "geen basisnorm",
                       lambda ms, r: self._basisnorm(ms, r))
        themes = []
        for theme in self.checklist.themes:
            def has(m: _Participant, code: str = theme.code) -> bool:
                return code in m.themes and m.themes[code].score is not None

            def theme_stat(ms: list[_Participant], r: str | None, t: Theme = theme) -> Stat:
                return self._theme(t.code, t.title, ms, r).stat

            cells = column(f"theme:{theme.code}", has, theme_stat)
            themes.append((self._theme(theme.code, theme.title,
                                       self._counted(period, f"theme:{theme.code}", members),
                                       self._forced(period, f"theme:{theme.code}")), cells))
        # A group left out of every figure (too small even merged) is no column at all: said in a note.
        empty = [i for i, g in enumerate(groups)
                 if all(column[i].stat.n == 0 and column[i].stat.suppressed is None
                        for column in [overall, basis] + [cells for _, cells in themes])]
        if empty and len(empty) < len(groups):
            keep = [i for i in range(len(groups)) if i not in empty]
            dropped = [groups[i] for i in empty]
            return Breakdown(dimension, [groups[i] for i in keep], {groups[i]: len(by_group[groups[i]]) for i in keep},
                             [overall[i] for i in keep], [basis[i] for i in keep],
                             [(t, [cells[i] for i in keep]) for t, cells in themes], merges, dropped)
        return Breakdown(dimension, groups, {g: len(by_group[g]) for g in groups}, overall, basis, themes, merges)

    def item_breakdown(self, period: str, dimension: str) -> tuple[list[str], list[tuple[ItemStat, list[GroupCell]]]]:
        """Per measure, its levels by (merged) group of ``dimension``, audited with everything else."""
        by_group, groups, _ = self._groups(period, dimension)
        totals = {stat.code: stat for stat in self.items(period)}
        rows = []
        for item in self.checklist.items():
            def level(m: _Participant, code: str = item.code) -> float | None:
                result = m.items.get(code)
                if result is None or result.state != "niveau" or result.level is None:
                    return None
                return float(result.level)

            def meets(m: _Participant, code: str = item.code) -> bool:
                return bool(m.items[code].meets_target)

            cells = []
            for g in groups:
                counted = self._counted(period, f"item:{item.code}", [m for m in by_group[g] if level(m) is not None])
                forced = self._forced(period, f"item:{item.code}", self._group_key(dimension, g)) if counted else None
                cells.append(GroupCell(g, self._disclosure.stat(counted, level, meets, forced=forced)))
            rows.append((totals[item.code], cells))
        return groups, rows

    def merges(self, period: str, dimension: str) -> list[Merge]:
        """The merged categories of a breakdown in this view."""
        return self._groups(period, dimension)[2]

    def coverage(self) -> list[CoverageRow]:
        """Per period and type: how many organisations took part (a count of participation, no scores)."""
        rows = []
        types: list[str] = [t for t in ORGANISATION_TYPES if self.known_by_type.get(t)]
        types += sorted({p.profile.type for p in self._participants} - set(types))
        if self.view:
            types = [t for t in types if t == self.view]
        for period in self.periods:
            members = self._members(period)
            for org_type in types:
                of_type = [m for m in members if m.profile.type == org_type]
                rows.append(CoverageRow(period, org_type, len(of_type), sum(1 for m in of_type if m.named),
                                        self.known_by_type.get(org_type, 0)))
        return rows

    def tiers(self, period: str) -> TierDistribution:
        members = self._members(period)
        reason = self._forced(period, "tiers") if members else None
        reason = reason or self._disclosure.reason(members)
        if reason is not None or not self.checklist.tiers:
            return TierDistribution(period, len(members), reason, [])
        counts: dict[str | None, int] = defaultdict(int)
        for member in members:
            counts[member.score.tier_id] += 1
        rows = [TierCount(tier.id, tier.name, counts.get(tier.id, 0)) for tier in self.checklist.tiers]
        if counts.get(None):
            rows.insert(0, TierCount(None, "nog geen fase", counts[None]))
        # Tiers of an older checklist version that the latest no longer has.
        known = {tier.id for tier in self.checklist.tiers}
        for tier_id in sorted(t for t in counts if t is not None and t not in known):
            rows.append(TierCount(tier_id, tier_id, counts[tier_id]))
        return TierDistribution(period, len(members), None, rows)

    def trend(self, up_to: str | None = None) -> list[PeriodSummary]:
        return [
            PeriodSummary(period, self.count(period), self.overall(period), self.basisnorm(period),
                          self.themes(period))
            for period in self.periods
            if up_to is None or period <= up_to
        ]

    def item_changes(self, period: str, previous: str) -> list[ItemChange]:
        """Per measure: meeting the target before and after, over organisations in both periods.

        Only for the whole population (the panel is audited as one group of the plan)."""
        before = {p.key: p for p in self._members(previous)}
        # A panel member counts as named only when it was named in both periods.
        panel = [
            (before[p.key], replace(p, named=p.named and before[p.key].named))
            for p in self._members(period) if p.key in before
        ]
        changes = []
        for theme in self.checklist.themes:
            for item in theme.items:
                counts = self.plan(period).counts
                pairs = [
                    (b.items[item.code], a.items[item.code], a)
                    for b, a in panel
                    if counts(f"item:{item.code}", (a.period, a.key))
                    and item.code in b.items and item.code in a.items
                    and b.items[item.code].state == "niveau" and a.items[item.code].state == "niveau"
                ]
                reason = self._disclosure.reason([a for _, _, a in pairs]) if pairs else None
                if pairs and reason is None and self.view is None:
                    reason = self._forced(period, f"item:{item.code}", PANEL)
                elif pairs and reason is None:
                    reason = "alleen in het beeld van alle organisaties"
                if not pairs or reason is not None:
                    changes.append(ItemChange(item.code, item.title, theme.code, len(pairs), reason))
                    continue
                changes.append(ItemChange(
                    item.code, item.title, theme.code, len(pairs), None,
                    before=sum(1 for b, _, _ in pairs if b.meets_target),
                    after=sum(1 for _, a, _ in pairs if a.meets_target),
                    improved=sum(1 for b, a, _ in pairs if not b.meets_target and a.meets_target),
                    worsened=sum(1 for b, a, _ in pairs if b.meets_target and not a.meets_target),
                ))
        return changes

    # -- named views: benoemd only -----------------------------------------------------------

    def named_gaps(self, period: str) -> dict[str, list[NamedGap]]:
        """Per measure code, the ``benoemd`` organisations below target (sorted by name)."""
        found: dict[str, list[NamedGap]] = defaultdict(list)
        for member in self._members(period):
            if not member.named or member.name is None or member.code is None:
                continue
            for code, result in member.items.items():
                if result.state == "niveau" and not result.meets_target:
                    found[code].append(NamedGap(member.name, member.code, result.level or 0, result.target))
        return {code: sorted(entries, key=lambda e: (e.name, e.code)) for code, entries in sorted(found.items())}

    def named_organisations(self, period: str) -> list[NamedOrganisation]:
        """The ``benoemd`` organisations of a period with their own figures."""
        rows = []
        for member in self._members(period):
            if not member.named or member.name is None or member.code is None:
                continue
            score = member.score
            rows.append(NamedOrganisation(
                member.name, member.code, member.profile.type, score.overall, score.basisnorm, score.gaps,
                score.basisnorm_gaps, score.tier_name,
            ))
        return sorted(rows, key=lambda r: (r.name, r.code))


def counted_records(store: Store, checklist_id: str, periods: Collection[str] | None = None
                    ) -> list[AssessmentRecord]:
    """The assessments that count now (latest definitive, shared), optionally of some periods only."""
    if periods is None:
        return _select_latest(store.assessments(checklist_id=checklist_id))
    # Only the periods asked for are read (a report costs what it shows, not the whole history).
    return [r for period in sorted(set(periods))
            for r in _select_latest(store.assessments(checklist_id=checklist_id, period=period))]


def shared_periods(store: Store, checklist_id: str) -> list[str]:
    """The periods with counted assessments or a release (no scoring: cheap)."""
    periods = {r.period for r in counted_records(store, checklist_id)}
    periods |= {release.period for release in store.releases(checklist_id)}
    return sorted(periods)


def participant_from_member(member: ReleaseMember, period: str, key: int) -> _Participant:
    """A counted assessment as its release froze it."""
    return _Participant(
        key=key, period=period,
        profile=Profile(member.type, member.police_district, member.size_class),
        named=member.named, name=member.name if member.named else None,
        code=member.organisation_code if member.named else None,
        version=member.checklist_version, demo=member.demo, finalised_at=member.finalised_at or "",
        score=FrozenScore.from_json(member.scores),
    )


def member_of(record: AssessmentRecord, organisation: Organisation, score: FrozenScore) -> ReleaseMember:
    """What a release freezes of one counted assessment (name only for ``benoemd``)."""
    profile = profile_of(organisation)
    named = record.sharing == "benoemd"
    return ReleaseMember(record.organisation_code, record.id, named, organisation.name if named else None,
                         profile.type, profile.police_district, profile.size_class, record.checklist_version,
                         record.origin == DEMO_ORIGIN, record.finalised_at, score.to_json())


def load_shared(
    store: Store,
    checklist_id: str,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    exclude_organisation: str | None = None,
    periods: Collection[str] | None = None,
) -> SharedData:
    """Read the shareable results of a checklist (privacy rules applied here).

    A period with a release reads its newest release (frozen figures, and the number of submissions
    that will count in the next one); a period without is read as it is now (provisional). Only
    ``periods`` are read when given (a report reads the periods it shows). k is the larger of
    ``min_group`` and the k the releases were made with.

    Raises:
        NotFoundError: an unknown checklist.
        InvalidInputError: k below the floor.

    In a hosted database the reads run inside ``Store.aggregate_reading``: the acting user's roles
    let them count the definitive shared assessments of other organisations, never read them by name.
    """
    with store.aggregate_reading():
        return _load_shared(store, checklist_id, min_group=min_group, exclude_organisation=exclude_organisation,
                            periods=periods)


def _load_shared(
    store: Store,
    checklist_id: str,
    *,
    min_group: int,
    exclude_organisation: str | None,
    periods: Collection[str] | None,
) -> SharedData:
    check_min_group(min_group)
    snapshot = store.latest_snapshot(checklist_id)
    if snapshot is None:
        known = sorted({s.checklist_id for s in store.snapshots()})
        hint = f" Bekend: {', '.join(known)}." if known else " Voer eerst 'weerbaar init' uit."
        raise NotFoundError(f"Onbekende checklist '{checklist_id}'.{hint}")
    reference = store.checklist(snapshot.id)
    organisations = {o.code: o for o in store.organisations()}
    known_by_type: dict[str, int] = defaultdict(int)
    for organisation in organisations.values():
        known_by_type[organisation.type] += 1
    excluded = exclude_organisation.lower() if exclude_organisation else None
    records = [r for r in counted_records(store, checklist_id, periods)
               if excluded is None or r.organisation_code.lower() != excluded]
    releases = store.latest_releases(checklist_id, list(periods) if periods is not None else None)
    frozen: dict[str, list[ReleaseMember]] = {
        period: [m for m in store.release_members(release.id)
                 if excluded is None or m.organisation_code.lower() != excluded]
        for period, release in releases.items()}
    live = [r for r in records if r.period not in releases]
    pending: dict[str, int] = {}
    for period, members in frozen.items():
        now = {r.organisation_code: r.id for r in records if r.period == period}
        was = {m.organisation_code: m.assessment_id for m in members}
        pending[period] = sum(1 for code in set(now) | set(was) if now.get(code) != was.get(code))
    codes = {r.organisation_code for r in live} | {m.organisation_code for ms in frozen.values() for m in ms}
    keys = {code: index for index, code in enumerate(sorted(codes))}
    scores = score_records(store, live)
    participants = [participant_from_member(member_of(r, organisations[r.organisation_code], scores[r.id]),
                                            r.period, keys[r.organisation_code]) for r in live]
    for period, members in frozen.items():
        participants += [participant_from_member(m, period, keys[m.organisation_code]) for m in members]
    # Districts partly inferred from public sources make a district breakdown indicative.
    indicative = any(o.attributes.get("police_district_sourced") is False for o in organisations.values())
    k = max([min_group] + [release.min_group for release in releases.values()])
    return SharedData(reference, k, dict(known_by_type), participants, indicative, releases, pending)


def checklists_with_shared_results(store: Store) -> list[str]:
    """Checklist ids that have at least one countable assessment."""
    with store.aggregate_reading():
        return sorted({r.checklist_id for r in _select_latest(store.assessments(status="definitief"))})
