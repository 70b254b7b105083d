"""The publication plan of one period: merged categories and the audit of every group, per basis.

Everything a release publishes is computed over a *group* (see ``norm.disclosure.audit``) restricted
to a *basis*: the organisations that have the figure at all (an overall score, a basisnorm, a score
for a theme, a level for a measure). The plan

1. merges small categories of each breakdown (``recoding``), once per period, over all counted
   organisations — the same merged categories in every table and report kind;
2. lists every group any report kind publishes: the whole population, each merged category of each
   breakdown, per organisation type its own view with its own merged categories (``--type`` and the
   peer groups of the comparison and the benchmark), and the panel that also took part in the
   previous period (the improvement tables of the gap report);
3. audits them together per distinct basis, with the previous period's population as a fixed,
   already published group.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from norm.disclosure.audit import AuditResult, Group, audit
from norm.disclosure.recoding import Merge, merge_small

ALL = "all"
PANEL = "panel"
PANEL_BEFORE = "panel-before"
PREVIOUS = "previous-all"
COST_ALL, COST_BREAKDOWN, COST_VIEW, COST_PANEL = 1000, 20, 10, 5


def breakdown_key(dimension: str, label: str, view: str | None = None) -> str:
    """The key of a group of a breakdown (in the view of one organisation type, when given)."""
    return f"view:{view}:{dimension}:{label}" if view else f"dim:{dimension}:{label}"


def view_key(view: str) -> str:
    return f"view:{view}"


@dataclass(frozen=True)
class Entity:
    """One counted organisation in a period; ``labels`` are its raw categories per dimension."""

    key: Hashable
    named: bool
    type: str
    labels: Mapping[str, str]


@dataclass
class Plan:
    """Merged categories and audit results of one period."""

    k: int
    merged: dict[tuple[str | None, str], dict[str, str]] = field(default_factory=dict)
    """(view or None, dimension) -> raw label -> merged label."""
    merges: dict[tuple[str | None, str], list[Merge]] = field(default_factory=dict)
    results: dict[str, AuditResult] = field(default_factory=dict)
    """Basis name -> audit result."""
    bases: dict[str, frozenset[Hashable]] = field(default_factory=dict)
    """Basis name -> the entities that count for it (after leaving out a type group too small to show)."""
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Basis name -> the merged type groups left out of it (too small to show, even merged)."""

    def counts(self, basis: str, key: Hashable) -> bool:
        """Whether an entity counts for the figures of a basis."""
        found = self.bases.get(basis)
        return found is not None and key in found

    def label(self, view: str | None, dimension: str, raw: str) -> str:
        return self.merged.get((view, dimension), {}).get(raw, raw)

    groups: dict[str, frozenset[Hashable]] = field(default_factory=dict)
    costs: dict[str, int] = field(default_factory=dict)
    panel: dict[str, tuple[frozenset[Hashable], frozenset[Hashable], frozenset[Hashable]]] = field(
        default_factory=dict)
    named: frozenset[Hashable] = frozenset()
    _cache: dict[tuple[frozenset[Hashable], tuple[frozenset[Hashable], ...]], AuditResult] = field(
        default_factory=dict, repr=False)

    def reason(self, basis: str, key: str) -> str | None:
        """Why the figure of ``basis`` over group ``key`` is withdrawn (None: it may be shown)."""
        result = self.result(basis)
        return None if result is None else result.reason(key)

    def result(self, basis: str) -> AuditResult | None:
        """The audit of every published group restricted to a basis; computed once per distinct basis
        (a report asks only for the figures it shows)."""
        if basis in self.results:
            return self.results[basis]
        members = self.bases.get(basis)
        if members is None:
            return None
        panel = self.panel.get(basis)
        cache_key = (members, panel or ())
        if cache_key not in self._cache:
            groups = [Group(ALL, members, cost=COST_ALL)]
            groups += [Group(key, group & members, cost=self.costs[key]) for key, group in sorted(self.groups.items())]
            if panel is not None:
                now, before, previous = panel
                groups += [Group(PANEL, now, cost=COST_PANEL, medians=False),
                           Group(PANEL_BEFORE, before, cost=COST_PANEL, medians=False),
                           Group(PREVIOUS, previous, fixed=True)]
            result = audit(groups, self.named, self.k)
            if PANEL_BEFORE in result.suppressed and PANEL not in result.suppressed:
                result.suppressed[PANEL] = result.suppressed[PANEL_BEFORE]
            self._cache[cache_key] = result
        self.results[basis] = self._cache[cache_key]
        return self.results[basis]


def build_plan(
    entities: Sequence[Entity],
    bases: Mapping[str, frozenset[Hashable]],
    k: int,
    *,
    dimensions: Sequence[str],
    order: Callable[[str, Sequence[str]], list[str]],
    fixed_merges: Mapping[str, Sequence[Sequence[str]]],
    apart: Mapping[str, Sequence[str]] | None = None,
    panel: Mapping[str, tuple[frozenset[Hashable], frozenset[Hashable], frozenset[Hashable]]] | None = None,
    previous_named: frozenset[Hashable] = frozenset(),
) -> Plan:
    """The plan of one period.

    :param bases: basis name -> keys of the entities that have the figure.
    :param order: the natural order of a dimension's categories (neighbours adjacent).
    :param fixed_merges: per dimension, categories always merged (the non-municipal bodies).
    :param apart: per dimension, categories never merged with another (the group without a value; the
        municipalities next to the other types, which are left out of a figure instead when too few).
    :param panel: basis name -> (panel in this period, the same organisations' entities in the previous
        period, every entity of the previous period) for the bases that have a previous period.
    :param previous_named: the previous period's entities that are ``benoemd``.
    """
    plan = Plan(k)
    named = {e.key for e in entities if e.named}
    types = sorted({e.type for e in entities})
    views: list[str | None] = [None, *types]
    for view in views:
        members = [e for e in entities if view is None or e.type == view]
        for dimension in dimensions:
            if view is not None and dimension == "type":
                continue
            anonymous: dict[str, int] = {}
            totals: dict[str, int] = {}
            for entity in members:
                raw = entity.labels[dimension]
                anonymous[raw] = anonymous.get(raw, 0) + (0 if entity.named else 1)
                totals[raw] = totals.get(raw, 0) + 1
            categories = order(dimension, list(anonymous))
            mapping, merges = merge_small(categories, anonymous, k, fixed_merges.get(dimension, ()),
                                          (apart or {}).get(dimension, ()), totals)
            plan.merged[(view, dimension)] = mapping
            plan.merges[(view, dimension)] = merges
    # Local suppression of records: a group of organisation types that is too small even merged (for
    # instance the non-municipal bodies that have a score for one theme) is left out of that figure
    # everywhere — its values never enter a table — instead of blanking the larger group next to it.
    type_labels = plan.merged.get((None, "type"), {})
    final: dict[str, frozenset[Hashable]] = {}
    for name, basis in bases.items():
        per_type: dict[str, int] = {}
        for entity in entities:
            if entity.key in basis:
                label = type_labels.get(entity.labels.get("type", ""), "")
                per_type[label] = per_type.get(label, 0) + (0 if entity.named else 1)
        small = {label for label, count in per_type.items() if 0 < count < k}
        if small and any(count >= k for label, count in per_type.items() if label not in small):
            plan.left_out[name] = tuple(sorted(small))
            basis = frozenset(e.key for e in entities
                              if e.key in basis and type_labels.get(e.labels.get("type", ""), "") not in small)
        final[name] = basis
    plan.bases = final
    bases = final
    group_members: dict[str, set[Hashable]] = {}
    costs: dict[str, int] = {}
    for entity in entities:
        for view in views:
            if view is not None and entity.type != view:
                continue
            if view is not None:
                group_members.setdefault(view_key(view), set()).add(entity.key)
                costs[view_key(view)] = COST_VIEW
            for dimension in dimensions:
                if view is not None and dimension == "type":
                    continue
                key = breakdown_key(dimension, plan.label(view, dimension, entity.labels[dimension]), view)
                group_members.setdefault(key, set()).add(entity.key)
                costs[key] = COST_VIEW if view else COST_BREAKDOWN
    plan.groups = {key: frozenset(members) for key, members in group_members.items()}
    plan.costs = costs
    plan.panel = dict(panel or {})
    plan.named = frozenset(named | previous_named)
    return plan

