"""Global recoding: merge categories that are too small with a neighbour instead of blanking them.

A category is too small when it holds 1 to k-1 organisations that are not ``benoemd`` (named
organisations are known to the reader anyway). It is merged with its neighbour in the given order
(the next size class, the next district), the smaller neighbour first, until every category is
either empty of anonymous organisations or holds at least k of them. Each merge is returned so the
report can say so under the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Merge:
    """One merged category: its new label and the original categories in it."""

    label: str
    parts: tuple[str, ...]


def _joined(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def merge_small(order: Sequence[str], anonymous: Mapping[str, int], k: int,
                fixed_groups: Sequence[Sequence[str]] = (), apart: Sequence[str] = (),
                totals: Mapping[str, int] | None = None) -> tuple[dict[str, str], list[Merge]]:
    """Map each category of ``order`` to the label of its merged category.

    :param order: the categories in their natural order (neighbours are adjacent).
    :param anonymous: per category the number of non-``benoemd`` organisations in it.
    :param k: the smallest group a figure is shown for.
    :param fixed_groups: categories that are merged beforehand whatever their size (for instance all
        non-municipal bodies together); each becomes one category labelled by its parts.
    :param apart: categories never merged with another (organisations without a value: a size class
        means nothing for a water board); one that is too small is left to the audit.
    :param totals: per category the number of organisations (named included): a category with fewer
        than k is merged too, because every figure needs k organisations.
    :returns: (category -> merged label, the merges made).
    """
    blocks: list[list[str]] = []
    placed: set[str] = set()
    for group in fixed_groups:
        members = [c for c in order if c in group]
        if members:
            blocks.append(members)
            placed.update(members)
    alone = [[c] for c in order if c in apart and c not in placed]
    blocks += [[c] for c in order if c not in placed and c not in apart]
    blocks.sort(key=lambda block: min(order.index(c) for c in block))

    def size(block: list[str]) -> int:
        return sum(anonymous.get(c, 0) for c in block)

    def total(block: list[str]) -> int:
        return sum((totals or anonymous).get(c, 0) for c in block)

    while len(blocks) > 1:
        small = [i for i, block in enumerate(blocks) if 0 < size(block) < k or 0 < total(block) < k]
        if not small:
            break
        index = min(small, key=lambda i: (size(blocks[i]), total(blocks[i]), i))
        neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(blocks)]
        other = min(neighbours, key=lambda j: (size(blocks[j]), total(blocks[j]), j))
        low, high = sorted((index, other))
        blocks[low:high + 1] = [blocks[low] + blocks[high]]
    mapping: dict[str, str] = {}
    merges: list[Merge] = []
    for block in blocks + alone:
        name = _joined(block)
        for category in block:
            mapping[category] = name
        if len(block) > 1:
            merges.append(Merge(name, tuple(block)))
    return mapping, merges
