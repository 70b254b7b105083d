"""Closing a collection round: freezing the counted assessments of a checklist and period.

A release holds, per counted organisation, the assessment that counted and the figures it
contributes (``norm.store.releases``). Reports read the newest release of a period, so running a
report again never changes a number. A later import reaches the figures only through a new release,
and a new release is made only when its difference with the previous one is itself safe: the audit
run over the groups of both releases together (the previous ones fixed, as they are published)
withdraws nothing that the new release alone would show. Otherwise nothing is written and the reports
keep saying the new submissions count in the next release.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from norm.aggregate import (
    DEFAULT_MIN_GROUP,
    OTHER_GROUP,
    Profile,
    check_min_group,
    counted_records,
    group_order,
    member_of,
    score_records,
)
from norm.disclosure.audit import Group, audit
from norm.disclosure.recoding import merge_small
from norm.errors import InvalidInputError
from norm.labels import organisation_type_plural
from norm.store import Store
from norm.store.releases import Release, ReleaseMember
from norm.vocabulary import DIMENSIONS


class ReleaseRefused(InvalidInputError):
    """The new release would differ from the previous one by too little to publish safely."""


@dataclass(frozen=True)
class ReleaseDifference:
    """What changed since the previous release of the same checklist and period."""

    added: int
    changed: int
    withdrawn: int

    @property
    def total(self) -> int:
        return self.added + self.changed + self.withdrawn


def _key(member: ReleaseMember) -> Hashable:
    return (member.organisation_code, member.assessment_id)


def _groups(members: Sequence[ReleaseMember], k: int, prefix: str, fixed: bool) -> list[Group]:
    """The whole population and the merged categories of each breakdown, as the reports publish them."""
    groups = [Group(f"{prefix}all", frozenset(_key(m) for m in members), fixed=fixed, cost=1000)]
    for dimension in DIMENSIONS:
        labels = {_key(m): Profile(m.type, m.police_district, m.size_class).group(dimension) for m in members}
        anonymous: dict[str, int] = {}
        totals: dict[str, int] = {}
        for m in members:
            label = labels[_key(m)]
            anonymous[label] = anonymous.get(label, 0) + (0 if m.named else 1)
            totals[label] = totals.get(label, 0) + 1
        fixed_merges = [[organisation_type_plural(t) for t in {m.type for m in members} if t != "gemeente"]]
        apart = [organisation_type_plural("gemeente")] if dimension == "type" else [OTHER_GROUP]
        mapping, _ = merge_small(group_order(dimension, list(anonymous)), anonymous, k,
                                 fixed_merges if dimension == "type" else (), apart, totals)
        merged: dict[str, set[Hashable]] = {}
        for key, label in labels.items():
            merged.setdefault(mapping[label], set()).add(key)
        groups += [Group(f"{prefix}{dimension}:{label}", frozenset(keys), fixed=fixed, cost=20)
                   for label, keys in sorted(merged.items())]
    return groups


def difference(previous: Sequence[ReleaseMember], current: Sequence[ReleaseMember]) -> ReleaseDifference:
    before = {m.organisation_code: m.assessment_id for m in previous}
    after = {m.organisation_code: m.assessment_id for m in current}
    return ReleaseDifference(
        added=sum(1 for code in after if code not in before),
        changed=sum(1 for code in after if code in before and before[code] != after[code]),
        withdrawn=sum(1 for code in before if code not in after),
    )


def difference_is_safe(previous: Sequence[ReleaseMember], current: Sequence[ReleaseMember], k: int) -> bool:
    """Whether publishing ``current`` next to the published ``previous`` isolates nobody.

    Both releases' groups are audited together (the previous ones fixed); safe when that withdraws
    nothing the new release alone would show."""
    named = {_key(m) for m in list(previous) + list(current) if m.named}
    alone = audit(_groups(current, k, "new:", False), named, k)
    together = audit(_groups(previous, k, "old:", True) + _groups(current, k, "new:", False), named, k)
    return together.safe and set(together.suppressed) <= set(alone.suppressed)


def candidate_members(store: Store, checklist_id: str, period: str) -> list[ReleaseMember]:
    """What a release made now would hold."""
    records = counted_records(store, checklist_id, [period])
    organisations = {o.code: o for o in store.organisations()}
    scores = score_records(store, records)
    return [member_of(r, organisations[r.organisation_code], scores[r.id]) for r in records]


def new_release(store: Store, checklist_id: str, period: str, *, min_group: int = DEFAULT_MIN_GROUP) -> Release:
    """Close the collection round of a checklist and period: freeze what counts now.

    Raises:
        NotFoundError: an unknown checklist.
        InvalidInputError: k below the floor, or nothing counts for this checklist and period.
        ReleaseRefused: nothing changed since the previous release, or the change is too small to
            publish without making the late or changed submissions recognisable.
    """
    check_min_group(min_group)
    store.require_latest_snapshot(checklist_id)
    members = candidate_members(store, checklist_id, period)
    if not members:
        raise InvalidInputError(f"Voor checklist '{checklist_id}' en periode '{period}' telt nog geen enkele "
                                "gedeelde, definitieve beoordeling.")
    previous = store.latest_releases(checklist_id, [period]).get(period)
    if previous is not None:
        k = max(min_group, previous.min_group)
        before = store.release_members(previous.id)
        change = difference(before, members)
        if change.total == 0:
            raise ReleaseRefused(f"Er is niets veranderd sinds release {previous.id}; er is geen nieuwe release "
                                 "nodig.")
        if not difference_is_safe(before, members, k):
            count = "1 inzending" if change.total == 1 else f"{change.total} inzendingen"
            raise ReleaseRefused(
                f"{count} nieuw of gewijzigd sinds release {previous.id}: te weinig om apart te publiceren zonder "
                f"die organisaties herkenbaar te maken (k = {k}). Ze tellen mee in de volgende release, zodra "
                "er genoeg bij zijn gekomen.")
        min_group = k
    release_id = store.add_release(checklist_id, period, min_group, members)
    return next(r for r in store.releases(checklist_id, period) if r.id == release_id)
