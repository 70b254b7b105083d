"""One audit over every group of organisations a release publishes figures about.

A *group* is a set of counted assessments that some table, in some report kind, shows figures over:
the whole population, a (merged) police district, a size class, a municipalities-only view, a peer
group, the panel of organisations that also took part in the previous period, the population of an
earlier release of the same period. Only organisations that are not ``benoemd`` are protected: a
reader knows the named ones and can subtract them, so they are left out of every set before the
checks below.

1. **Primary**: a group with 1 to k-1 anonymous organisations shows nothing.
2. **Additive figures** (counts, shares): the reader can add and subtract the published totals of
   any groups. Every such combination is a vector in the linear span of the groups' indicator
   vectors; the audit looks for a 0/1 vector in that span that selects 1 to k-1 anonymous
   organisations. The organisations that belong to exactly the same published groups form an
   *atom*; every vector in the span is constant on atoms, so only unions of atoms smaller than k
   can be isolated. The span is reduced (Gaussian elimination, large atoms first) to the part that
   vanishes on every large atom, and the 0/1 vectors of that part are enumerated: exact, not a
   heuristic, for the combinations the published groups allow. Arithmetic is modulo a large prime:
   that can only find a combination that does not exist over the rationals (more suppression,
   never less).
3. **Medians and quartiles**: no two published groups may differ (symmetric difference) by 1 to
   k-1 anonymous organisations.

Secondary suppression: while a check fails, one group involved in the failure is withdrawn — the one
whose withdrawal resolves it at the lowest cost (the number of cells it carries, as the caller
weighs it), so as little as possible is hidden. Groups marked ``fixed`` (figures already published
by an earlier release) can never be withdrawn; a failure among fixed groups alone is reported as
``unresolved``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, field

PRIME = 2_147_483_647
SEARCH_BUDGET = 5_000
"""Combinations of small atoms tried exactly; beyond it the audit assumes one isolates (safe side)."""
PRIMARY = "primair"
SECONDARY = "aanvullend"


@dataclass(frozen=True)
class Group:
    """A set of counted assessments that published figures are computed over."""

    key: str
    members: frozenset[Hashable]
    fixed: bool = False
    """Already published (an earlier release): never withdrawn."""
    cost: int = 1
    """What withdrawing the group hides (its cells); the audit withdraws the cheapest first."""
    medians: bool = True
    """Whether medians or quartiles are published over the group (check 3)."""


@dataclass(frozen=True)
class AuditResult:
    """Which groups may not be published, and why."""

    k: int
    suppressed: dict[str, str] = field(default_factory=dict)
    """Group key -> ``primair`` (too small itself) or ``aanvullend`` (would let a combination through)."""
    unresolved: tuple[str, ...] = ()
    """Keys of fixed groups that together isolate fewer than k organisations (cannot be withdrawn)."""

    def reason(self, key: str) -> str | None:
        """A Dutch reason when the group is withdrawn, else None."""
        why = self.suppressed.get(key)
        if why == PRIMARY:
            return f"minder dan {self.k} niet-benoemde organisaties"
        if why == SECONDARY:
            return "aanvullend onderdrukt, anders te herleiden uit andere gepubliceerde cijfers"
        return None

    @property
    def safe(self) -> bool:
        return not self.unresolved


def audit(groups: Sequence[Group], named: Collection[Hashable], k: int) -> AuditResult:
    """Audit ``groups`` together; ``named`` are the members a reader may know (``benoemd``).

    :raises ValueError: k below 2 or two groups with the same key.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    keys = [g.key for g in groups]
    if len(set(keys)) != len(keys):
        raise ValueError("group keys must be unique")
    anonymous = {g.key: frozenset(m for m in g.members if m not in named) for g in groups}
    # Groups with the same anonymous members publish nothing about each other: they stand or fall
    # together, as one unit that costs what they cost together.
    units: dict[frozenset[Hashable], list[Group]] = {}
    for group in groups:
        units.setdefault(anonymous[group.key], []).append(group)
    if any(len(same) > 1 for same in units.values()):
        merged = [Group("\x00".join(g.key for g in same), same[0].members, any(g.fixed for g in same),
                        sum(g.cost for g in same), any(g.medians for g in same)) for same in units.values()]
        result = audit(merged, named, k)
        expanded = {key: why for unit, why in result.suppressed.items() for key in unit.split("\x00")}
        unresolved = tuple(sorted(key for unit in result.unresolved for key in unit.split("\x00")))
        return AuditResult(k, expanded, unresolved)
    by_key = {g.key: g for g in groups}
    suppressed: dict[str, str] = {}
    unresolved_keys: list[str] = []
    for group in groups:
        if 0 < len(anonymous[group.key]) < k:
            if group.fixed:
                unresolved_keys.append(group.key)
            else:
                suppressed[group.key] = PRIMARY
    while True:
        active = [g for g in groups if g.key not in suppressed]
        violation = _violation(active, anonymous, k)
        if violation is None:
            break
        found, isolated = violation
        involved = [by_key[key] for key in found if not by_key[key].fixed]
        if not involved:
            unresolved_keys.extend(key for key in found if key not in unresolved_keys)
            break
        choice = _cheapest_resolution(involved, active, anonymous, k, found, isolated)
        suppressed[choice.key] = SECONDARY
    return AuditResult(k, suppressed, tuple(sorted(unresolved_keys)))


def _cheapest_resolution(involved: list[Group], active: list[Group], anonymous: dict[str, frozenset[Hashable]],
                         k: int, found: tuple[str, ...], isolated: frozenset[Hashable] | None) -> Group:
    """The cheapest group whose withdrawal removes this failure.

    For two medians that differ by too few, either group does; for a sum that isolates a set, the
    cheapest group without which the set no longer follows from the rest."""
    ordered = sorted(involved, key=lambda g: (g.cost, len(anonymous[g.key]), g.key))
    if isolated is None:
        # Two medians: prefer the one whose withdrawal leaves nothing else to withdraw.
        for candidate in ordered:
            if _violation([g for g in active if g.key != candidate.key], anonymous, k) is None:
                return candidate
        return ordered[0]
    for candidate in ordered:
        rest = [g for g in active if g.key != candidate.key]
        if not _in_span(rest, anonymous, isolated):
            return candidate
    return ordered[0]


def _in_span(groups: Sequence[Group], anonymous: dict[str, frozenset[Hashable]], target: frozenset[Hashable]
             ) -> bool:
    """Whether the sum over ``target`` follows from the totals of ``groups``."""
    groups = [g for g in groups if anonymous[g.key]]
    if not groups:
        return False
    signature: dict[Hashable, list[int]] = {}
    for index, group in enumerate(groups):
        for member in anonymous[group.key]:
            signature.setdefault(member, []).append(index)
    if any(m not in signature for m in target):
        return False
    inside = {tuple(signature[m]) for m in target}
    outside = {tuple(sig) for m, sig in signature.items() if m not in target}
    if inside & outside:
        return False
    atoms = sorted(inside | outside)
    rows: list[dict[int, int]] = [{} for _ in groups]
    for column, atom in enumerate(atoms):
        for index in atom:
            rows[index][column] = 1
    vector = {column: 1 for column, atom in enumerate(atoms) if atom in inside}
    for column, row in _reduced(rows, len(atoms), len(atoms)):
        factor = vector.get(column)
        if factor:
            _subtract(vector, row, factor)
    return not vector


Row = dict[int, int]
"""A sparse row modulo PRIME: column -> non-zero value."""


def _subtract(row: Row, other: Row, factor: int) -> None:
    """``row -= factor * other`` in place, modulo PRIME, keeping only non-zero entries."""
    for column, value in other.items():
        result = (row.get(column, 0) - factor * value) % PRIME
        if result:
            row[column] = result
        else:
            del row[column]


def _reduced(rows: Sequence[Row], width: int, reduce_from: int = 0) -> list[tuple[int, Row]]:
    """The row echelon form modulo PRIME of sparse rows over columns ``0..width-1``: (pivot column,
    row with 1 at its pivot and 0 at every earlier pivot), pivots ascending. The rows with a pivot at
    or after ``reduce_from`` are also 0 at every later pivot: from there on it is the reduced form,
    which is unique for a row space, so it does not depend on the order of elimination. (Rows with
    an earlier pivot never take part again, so leaving them unreduced changes nothing else.)"""
    remaining = [dict(r) for r in rows if r]
    echelon: list[tuple[int, Row]] = []
    for column in range(width):
        if not remaining:
            break
        index = next((i for i, r in enumerate(remaining) if column in r), None)
        if index is None:
            continue
        head = remaining.pop(index)
        if head[column] != 1:
            inverse = pow(head[column], PRIME - 2, PRIME)
            head = {c: value * inverse % PRIME for c, value in head.items()}
        for row in remaining:
            factor = row.get(column)
            if factor:
                _subtract(row, head, factor)
        for pivot, row in echelon:
            if pivot < reduce_from:
                continue
            factor = row.get(column)
            if factor:
                _subtract(row, head, factor)
        remaining = [r for r in remaining if r]
        echelon.append((column, head))
    return echelon


Violation = tuple[tuple[str, ...], frozenset[Hashable] | None]


def _violation(groups: Sequence[Group], anonymous: dict[str, frozenset[Hashable]], k: int) -> Violation | None:
    """The keys of groups that together isolate fewer than k anonymous members (and, for additive
    figures, the members isolated), or None."""
    with_medians = sorted((g for g in groups if g.medians and anonymous[g.key]), key=lambda g: len(anonymous[g.key]))
    sizes = [len(anonymous[g.key]) for g in with_medians]
    for index, first in enumerate(with_medians):
        # The symmetric difference is at least the difference in size: only near sizes can fail.
        for second in with_medians[index + 1:bisect_right(sizes, sizes[index] + k - 1)]:
            difference = len(anonymous[first.key] ^ anonymous[second.key])
            if 0 < difference < k:
                return (first.key, second.key), None
    return _additive_violation([g for g in groups if anonymous[g.key]], anonymous, k)


def _signatures(groups: Sequence[Group], anonymous: dict[str, frozenset[Hashable]]) -> dict[Hashable, int]:
    """Each anonymous member's atom, as the column index ``_atoms`` gives it."""
    signature: dict[Hashable, list[int]] = {}
    for index, group in enumerate(groups):
        for member in anonymous[group.key]:
            signature.setdefault(member, []).append(index)
    columns = {key: c for c, key in enumerate(sorted({tuple(v) for v in signature.values()}))}
    return {member: columns[tuple(v)] for member, v in signature.items()}


def _atoms(groups: Sequence[Group], anonymous: dict[str, frozenset[Hashable]]
           ) -> tuple[list[int], list[list[int]]]:
    """Atoms (members with the same memberships): their sizes and, per atom, the groups it lies in."""
    signature: dict[Hashable, list[int]] = {}
    for index, group in enumerate(groups):
        for member in anonymous[group.key]:
            signature.setdefault(member, []).append(index)
    atoms: dict[tuple[int, ...], int] = {}
    for indices in signature.values():
        key = tuple(indices)
        atoms[key] = atoms.get(key, 0) + 1
    ordered = sorted(atoms.items())
    return [size for _, size in ordered], [list(members) for members, _ in ordered]


def _additive_violation(groups: Sequence[Group], anonymous: dict[str, frozenset[Hashable]], k: int
                        ) -> Violation | None:
    if not groups:
        return None
    sizes, memberships = _atoms(groups, anonymous)
    small = [c for c, size in enumerate(sizes) if size < k]
    if not small:
        return None
    large = [c for c, size in enumerate(sizes) if size >= k]
    order = large + small
    rows: list[Row] = [{} for _ in groups]
    for position, column in enumerate(order):
        for index in memberships[column]:
            rows[index][position] = 1
    # Rows whose pivot lies among the small atoms span the combinations that vanish on every large atom.
    echelon = [(c, row) for c, row in _reduced(rows, len(order), len(large)) if c >= len(large)]
    found = _small_union(echelon, [sizes[c] for c in small], len(large), k)
    if found is None:
        return None
    chosen = {small[c - len(large)] for c in found}
    members = [m for m, sig in _signatures(groups, anonymous).items() if sig in chosen]
    # Any group of the system may take part in the combination: all are candidates for withdrawal.
    return tuple(g.key for g in groups), frozenset(members)


def _small_union(rows: list[tuple[int, Row]], small_sizes: list[int], offset: int, k: int
                 ) -> list[int] | None:
    """A 0/1 combination of ``rows`` with total size 1..k-1 (columns from ``offset``), or None.

    A vector of the row space is fixed by its values at the pivots; a 0/1 vector has 0 or 1 there, and
    each 1 adds its atom's size, so only sets of pivots with total size below k need trying. They are
    tried by number of pivots, then in lexicographic order, skipping every set whose pivots alone
    weigh k or more (a prefix that weighs k or more is not extended: sizes are positive).
    """
    pivot_sizes = [small_sizes[c - offset] for c, _ in rows]
    sparse = [row for _, row in rows]
    tried = 0

    def search(start: int, left: int, weight: int, vector: dict[int, int]) -> list[int] | None:
        nonlocal tried
        for i in range(start, len(rows)):
            total = weight + pivot_sizes[i]
            if total >= k:
                continue
            combined = dict(vector)
            for c, v in sparse[i].items():
                value = (combined.get(c, 0) + v) % PRIME
                if value:
                    combined[c] = value
                else:
                    del combined[c]
            if left > 1:
                found = search(i + 1, left - 1, total, combined)
                if found is not None:
                    return found
                continue
            tried += 1
            if tried > SEARCH_BUDGET:
                # Too many combinations to try them all: assume the worst (withdraw more, never less).
                return [c for c, _ in rows[:1]]
            if any(value != 1 for value in combined.values()):
                continue
            columns = sorted(combined)
            if 0 < sum(small_sizes[c - offset] for c in columns) < k:
                return columns
        return None

    for count in range(1, k):
        found = search(0, count, 0, {})
        if found is not None:
            return found
    return None
