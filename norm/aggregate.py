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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from norm.checklist import Checklist, Theme
from norm.labels import OTHER_GROUP as OTHER_GROUPS
from norm.labels import label, organisation_type_plural
from norm.scoring import AssessmentScore, ItemResult, ThemeResult, score_assessment
from norm.store import AssessmentRecord, InvalidInputError, NotFoundError, Organisation, Store
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
    score: AssessmentScore
    items: dict[str, ItemResult]
    themes: dict[str, ThemeResult]


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
        reason = forced or self.reason(counted)
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


# -- the shared data set --------------------------------------------------------------------------


@dataclass
class SharedData:
    """The shareable results of one checklist, with privacy-safe views on them."""

    checklist: Checklist
    min_group: int
    known_by_type: dict[str, int]
    _participants: list[_Participant] = field(repr=False)
    district_indicative: bool = False

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

    def _members(self, period: str) -> list[_Participant]:
        return [p for p in self._participants if p.period == period]

    def peers(self, organisation_type: str, dimension: str, group: str) -> SharedData:
        """The subset of one type (and one group of ``dimension``) — the peer group."""
        subset = [
            p for p in self._participants
            if p.profile.type == organisation_type and p.profile.group(dimension) == group
        ]
        return SharedData(self.checklist, self.min_group, dict(self.known_by_type), subset,
                          self.district_indicative)

    # -- figures -----------------------------------------------------------------------------

    def overall(self, period: str) -> Stat:
        return self._overall(self._members(period))

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
        return self._basisnorm(self._members(period))

    def _basisnorm(self, members: Sequence[_Participant], forced: str | None = None) -> Stat:
        return self._disclosure.stat(
            members,
            lambda m: None if m.score.basisnorm == "geen basisnorm" else (1.0 if m.score.basisnorm == "voldoet"
                                                                          else 0.0),
            lambda m: m.score.basisnorm == "voldoet",
            forced=forced,
        )

    def themes(self, period: str) -> list[ThemeStat]:
        return self._themes(self._members(period))

    def _themes(self, members: Sequence[_Participant]) -> list[ThemeStat]:
        return [self._theme(theme.code, theme.title, members) for theme in self.checklist.themes]

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
                scored = [m for m, r in results if r is not None and r.state == "niveau"]
                def level(m: _Participant, code: str = item.code) -> float | None:
                    found = m.items[code].level
                    return None if found is None else float(found)

                def meets(m: _Participant, code: str = item.code) -> bool:
                    return bool(m.items[code].meets_target)

                stat = self._disclosure.stat(scored, level, meets)
                nvt = None
                if stat.shown and self._disclosure.reason(answered) is None:
                    nvt = len(answered) - len(scored)
                result.append(ItemStat(item.code, item.title, theme.code, item.target, item.basisnorm, stat, nvt))
        return result

    def breakdown(self, period: str, dimension: str) -> Breakdown:
        """Overall, basisnorm and theme figures by group of ``dimension``."""
        if dimension not in DIMENSIONS:
            raise InvalidInputError(f"Onbekende indeling '{dimension}'; kies uit: {', '.join(DIMENSIONS)}.")
        members = self._members(period)
        by_group: dict[str, list[_Participant]] = defaultdict(list)
        for member in members:
            by_group[member.profile.group(dimension)].append(member)
        groups = group_order(dimension, by_group)

        def column(has: Callable[[_Participant], bool], make: Callable[[list[_Participant], str | None], Stat]
                   ) -> list[GroupCell]:
            counted = {g: [m for m in by_group[g] if has(m)] for g in groups}
            reasons = self._disclosure.protect_groups(counted)
            return [GroupCell(g, make(counted[g], reasons[g])) for g in groups]

        overall = column(lambda m: m.score.overall is not None, lambda ms, r: self._overall(ms, r))
        basis = column(lambda m: m.score.basisnorm != "geen basisnorm", lambda ms, r: self._basisnorm(ms, r))
        themes = []
        for theme in self.checklist.themes:
            def has(m: _Participant, code: str = theme.code) -> bool:
                return code in m.themes and m.themes[code].score is not None

            def theme_stat(ms: list[_Participant], r: str | None, t: Theme = theme) -> Stat:
                return self._theme(t.code, t.title, ms, r).stat

            cells = column(has, theme_stat)
            themes.append((self._theme(theme.code, theme.title, members), cells))
        return Breakdown(dimension, groups, {g: len(by_group[g]) for g in groups}, overall, basis, themes)

    def item_breakdown(self, period: str, dimension: str) -> tuple[list[str], list[tuple[ItemStat, list[GroupCell]]]]:
        """Per measure, its levels by group of ``dimension`` (each measure protected on its own)."""
        if dimension not in DIMENSIONS:
            raise InvalidInputError(f"Onbekende indeling '{dimension}'; kies uit: {', '.join(DIMENSIONS)}.")
        members = self._members(period)
        by_group: dict[str, list[_Participant]] = defaultdict(list)
        for member in members:
            by_group[member.profile.group(dimension)].append(member)
        groups = group_order(dimension, by_group)
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

            counted = {g: [m for m in by_group[g] if level(m) is not None] for g in groups}
            reasons = self._disclosure.protect_groups(counted)
            cells = [GroupCell(g, self._disclosure.stat(counted[g], level, meets, forced=reasons[g])) for g in groups]
            rows.append((totals[item.code], cells))
        return groups, rows

    def coverage(self) -> list[CoverageRow]:
        """Per period and type: how many organisations took part (a count of participation, no scores)."""
        rows = []
        types: list[str] = [t for t in ORGANISATION_TYPES if self.known_by_type.get(t)]
        types += sorted({p.profile.type for p in self._participants} - set(types))
        for period in self.periods:
            members = self._members(period)
            for org_type in types:
                of_type = [m for m in members if m.profile.type == org_type]
                rows.append(CoverageRow(period, org_type, len(of_type), sum(1 for m in of_type if m.named),
                                        self.known_by_type.get(org_type, 0)))
        return rows

    def tiers(self, period: str) -> TierDistribution:
        members = self._members(period)
        reason = self._disclosure.reason(members)
        if reason is not None or not self.checklist.tiers:
            return TierDistribution(period, len(members), reason, [])
        counts: dict[str | None, int] = defaultdict(int)
        for member in members:
            counts[member.score.tier.id if member.score.tier else None] += 1
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
        """Per measure: meeting the target before and after, over organisations in both periods."""
        before = {p.key: p for p in self._members(previous)}
        # A panel member counts as named only when it was named in both periods.
        panel = [
            (before[p.key], replace(p, named=p.named and before[p.key].named))
            for p in self._members(period) if p.key in before
        ]
        changes = []
        for theme in self.checklist.themes:
            for item in theme.items:
                pairs = [
                    (b.items[item.code], a.items[item.code], a)
                    for b, a in panel
                    if item.code in b.items and item.code in a.items
                    and b.items[item.code].state == "niveau" and a.items[item.code].state == "niveau"
                ]
                reason = self._disclosure.reason([a for _, _, a in pairs]) if pairs else None
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
                member.name, member.code, member.profile.type, score.overall, score.basisnorm, len(score.gaps),
                sum(1 for g in score.gaps if g.basisnorm), score.tier.name if score.tier else None,
            ))
        return sorted(rows, key=lambda r: (r.name, r.code))


def load_shared(
    store: Store,
    checklist_id: str,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    exclude_organisation: str | None = None,
) -> SharedData:
    """Read the shareable results of a checklist from the store (privacy rules applied here).

    In a hosted database the reads run inside ``Store.aggregate_reading``: the acting user's roles
    let them count the definitive shared assessments of other organisations, never read them by name.
    """
    with store.aggregate_reading():
        return _load_shared(store, checklist_id, min_group=min_group, exclude_organisation=exclude_organisation)


def _load_shared(
    store: Store,
    checklist_id: str,
    *,
    min_group: int,
    exclude_organisation: str | None,
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
    records = [
        r for r in _select_latest(store.assessments(checklist_id=checklist_id))
        if exclude_organisation is None or r.organisation_code.lower() != exclude_organisation.lower()
    ]
    keys = {code: index for index, code in enumerate(sorted({r.organisation_code for r in records}))}
    participants = []
    for record in records:
        organisation = organisations[record.organisation_code]
        score = score_assessment(store.checklist(record.snapshot_id), organisation.type,
                                 store.answers(record.id))
        named = record.sharing == "benoemd"
        participants.append(_Participant(
            key=keys[record.organisation_code],
            period=record.period,
            profile=profile_of(organisation),
            named=named,
            name=organisation.name if named else None,
            code=organisation.code if named else None,
            version=record.checklist_version,
            demo=record.origin == DEMO_ORIGIN,
            finalised_at=record.finalised_at or "",
            score=score,
            items={r.code: r for r in score.items},
            themes={t.code: t for t in score.themes},
        ))
    # Districts partly inferred from public sources make a district breakdown indicative.
    indicative = any(o.attributes.get("police_district_sourced") is False for o in organisations.values())
    return SharedData(reference, min_group, dict(known_by_type), participants, indicative)


def checklists_with_shared_results(store: Store) -> list[str]:
    """Checklist ids that have at least one countable assessment."""
    with store.aggregate_reading():
        return sorted({r.checklist_id for r in _select_latest(store.assessments(status="definitief"))})
