"""Helpers for the exchange tests: stores with a settable clock, assessments, table dumps."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from norm.checklist import load_checklist_file
from norm.exchange.bundle import seal
from norm.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
TABLES = ("organisations", "checklist_snapshots", "assessments", "answers", "actions", "changelog")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: str = "2026-03-01T09:00:00Z"):
        self.now = now

    def __call__(self) -> str:
        return self.now


def new_store(path: Path, *, actor: str = "Ann Jansen", clock: Clock | None = None,
              checklist: bool = True, organisations: bool = True) -> Store:
    store = Store(path, actor=actor, clock=clock or Clock())
    if checklist:
        store.add_checklist(load_checklist_file(MINI))
    if organisations:
        store.upsert_organisation("GM0344", "Utrecht", "gemeente",
                                  {"size_class": "zeer groot", "police_district": "Utrecht-Stad"}, reference=True)
        store.upsert_organisation("GM0307", "Amersfoort", "gemeente", {"size_class": "zeer groot"}, reference=True)
        store.upsert_organisation("W0636", "HDSR", "waterschap", reference=True)
    return store


def assessment(store: Store, org: str = "GM0344", period: str = "2026", *,
               levels: dict[str, int] | None = None, na: dict[str, str] | None = None,
               finalise: bool = True, text: bool = True) -> int:
    """An assessment with the given answers (default: every applicable measure at level 2)."""
    assessment_id = store.new_assessment(org, "mini-norm", period)
    record = store.assessment(assessment_id)
    codes = [item.code for item in store.checklist(record.snapshot_id).applicable_items(record.organisation_type)]
    levels = {code: 2 for code in codes} if levels is None else levels
    for code, level in levels.items():
        extra = {"comment": f"Toelichting van Jan de Vries over {code}",
                 "evidence": f"Notulen {code} in map Piet Pieters"} if text else {}
        store.set_answer(assessment_id, code, level=level, **extra)
    for code, reason in (na or {}).items():
        store.set_answer(assessment_id, code, not_applicable=reason)
    if text:
        store.add_action(assessment_id, codes[0], "Bewustwording herhalen met Jan de Vries", "Piet Pieters",
                         "2027-03-31")
    if finalise:
        store.finalise(assessment_id)
    return assessment_id


def dump(store_or_path: Store | Path) -> tuple[Any, ...]:
    """Every row of every table, to prove that something changed nothing."""
    path = store_or_path.path if isinstance(store_or_path, Store) else store_or_path
    connection = sqlite3.connect(path)
    try:
        return tuple(
            tuple(connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())  # noqa: S608
            for table in TABLES
        )
    finally:
        connection.close()


def leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar in a JSON structure with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    else:
        yield path, data


def nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path in a JSON structure, containers included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from nodes(value, (*path, index))


def changed(data: dict[str, Any], path: tuple[Any, ...], value: Any, *, reseal: bool = True) -> dict[str, Any]:
    """A deep copy with the value at ``path`` replaced, sealed again unless told otherwise."""
    result = copy.deepcopy(data)
    target = result
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return seal(result) if reseal else result


def removed(data: dict[str, Any], path: tuple[Any, ...], *, reseal: bool = True) -> dict[str, Any]:
    result = copy.deepcopy(data)
    target = result
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return seal(result) if reseal else result
