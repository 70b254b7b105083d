"""Releases in the store: frozen sets of counted assessments per checklist and period (issue #11).

``Store`` inherits these methods. A release is written once, in one transaction, and never changes
(the triggers of migration ``m008`` refuse any update, removal or later member). What goes into a
release (which assessments count, whether the difference with the previous release is safe) is
decided by ``norm.disclosure.release``; the store only keeps it.
"""

# SQL here is built from constant text and "?" placeholders only: S608 does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.errors import InvalidInputError
from norm.store.connection import Connection

if TYPE_CHECKING:
    from norm.access import Action, Principal


@dataclass(frozen=True)
class Release:
    """One release: a checklist and period frozen at ``created_at``."""

    id: int
    checklist_id: str
    period: str
    min_group: int
    members: int
    created_at: str
    created_by: str | None


@dataclass(frozen=True)
class ReleaseMember:
    """One counted organisation of a release, with the figures it contributes, frozen.

    ``name`` is present only when ``named`` (the organisation chose ``benoemd``)."""

    organisation_code: str
    assessment_id: int
    named: bool
    name: str | None
    type: str
    police_district: str | None
    size_class: str | None
    checklist_version: str
    demo: bool
    finalised_at: str | None
    scores: dict[str, Any]


_RELEASE_SQL = "SELECT id, checklist_id, period, min_group, members, created_at, created_by FROM releases"


def _release(row: Any) -> Release:
    return Release(row["id"], row["checklist_id"], row["period"], row["min_group"], row["members"],
                   row["created_at"], row["created_by"])


class ReleaseMethods(Connection):
    """The release part of ``Store``.

    Releases are the province's and the RIEC's: closing one takes a regional role; reading the frozen
    members takes one too, or happens inside ``Store.aggregate_reading`` (the audited figures of a
    report, which any user of the server may read)."""

    if TYPE_CHECKING:  # provided by Store (norm.store.access)
        principal: Principal | None
        _aggregate_depth: int

        def _require(self, action: Action, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None: ...

    def add_release(self, checklist_id: str, period: str, min_group: int, members: Sequence[ReleaseMember]) -> int:
        """Store a release with its members in one transaction; returns its id.

        Raises:
            InvalidInputError: no members, or one organisation twice.
            StoreError: the database refused the rows.
        """
        self._require("receive", None)
        if not members:
            raise InvalidInputError("Een release zonder deelnemers heeft geen zin.")
        codes = [m.organisation_code for m in members]
        if len(set(codes)) != len(codes):
            raise InvalidInputError("Een organisatie staat twee keer in de release.")
        now = self.clock()
        with self.write() as db:
            release_id = self._insert(
                "INSERT INTO releases (checklist_id, period, min_group, members, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?)", [checklist_id, period, min_group, len(members), now, self.actor])
            db.conn.executemany(
                "INSERT INTO release_members (release_id, organisation_code, assessment_id, named, name, type, "
                "police_district, size_class, checklist_version, demo, finalised_at, scores) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(release_id, m.organisation_code, m.assessment_id, int(m.named), m.name if m.named else None,
                  m.type, m.police_district, m.size_class, m.checklist_version, int(m.demo), m.finalised_at,
                  json.dumps(m.scores, sort_keys=True, separators=(",", ":"))) for m in members])
            self._log("release", "vastgelegd", None, f"{checklist_id} {period}: {len(members)} organisaties")
        return release_id

    def releases(self, checklist_id: str | None = None, period: str | None = None) -> list[Release]:
        """Releases, oldest first, optionally of one checklist and period."""
        self._require("aggregate", None)
        clauses, params = [], []
        if checklist_id is not None:
            clauses.append("checklist_id = ?")
            params.append(checklist_id)
        if period is not None:
            clauses.append("period = ?")
            params.append(period)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_release(r) for r in self._rows(f"{_RELEASE_SQL}{where} ORDER BY id", params)]

    def latest_releases(self, checklist_id: str, periods: Sequence[str] | None = None) -> dict[str, Release]:
        """Per period the newest release of a checklist (only the periods asked for, when given)."""
        self._require("aggregate", None)
        found: dict[str, Release] = {}
        for release in self.releases(checklist_id):
            if periods is None or release.period in periods:
                found[release.period] = release
        return found

    def release_members(self, release_id: int) -> list[ReleaseMember]:
        """The frozen members of a release, by organisation code."""
        if self.principal is not None and not self._aggregate_depth:
            self._require("receive", None)
        rows = self._rows(
            "SELECT organisation_code, assessment_id, named, name, type, police_district, size_class, "
            "checklist_version, demo, finalised_at, scores FROM release_members WHERE release_id = ? "
            "ORDER BY organisation_code", [release_id])
        return [ReleaseMember(r["organisation_code"], r["assessment_id"], bool(r["named"]), r["name"], r["type"],
                              r["police_district"], r["size_class"], r["checklist_version"], bool(r["demo"]),
                              r["finalised_at"], json.loads(r["scores"])) for r in rows]


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


class FrozenScoreReads(Connection):
    """Bulk reads of the stored scores in the compact form a release keeps (``FrozenScore.to_json``)."""

    if TYPE_CHECKING:  # provided by Store (norm.store.access)
        principal: Principal | None
        _aggregate_depth: int

        def _require(self, action: Action, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None: ...

    def compact_scores(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Per definitive assessment with stored scores: overall, target, basisnorm, tier id, gap counts,
        theme and item scores, read with three queries per 500 ids. Others are left out (the caller
        scores them)."""
        if self.principal is not None:
            for assessment_id in dict.fromkeys(assessment_ids):
                self._require_assessment("read", assessment_id)
        found: dict[int, dict[str, Any]] = {}
        if self._row("SELECT 1 FROM sqlite_master WHERE name = 'assessment_scores'") is None:
            return found
        for chunk in _chunks(list(dict.fromkeys(assessment_ids))):
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT s.assessment_id, s.overall, s.target_score, s.basisnorm, s.tier_id, s.gaps, s.basisnorm_gaps "
                "FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id "
                f"WHERE a.status = 'definitief' AND s.assessment_id IN ({marks})", chunk):
                found[row["assessment_id"]] = {
                    "overall": row["overall"], "target": row["target_score"], "basisnorm": row["basisnorm"],
                    "tier": [row["tier_id"], None] if row["tier_id"] else None,
                    "gaps": [row["gaps"], row["basisnorm_gaps"]], "themes": {}, "items": {}}
            for row in self._rows(
                "SELECT assessment_id, theme_code, score, target_score FROM theme_scores "
                f"WHERE assessment_id IN ({marks})", chunk):
                if row["assessment_id"] in found:
                    found[row["assessment_id"]]["themes"][row["theme_code"]] = [row["score"], row["target_score"]]
            for row in self._rows(
                "SELECT assessment_id, item_code, state, level, target, meets_target FROM item_scores "
                f"WHERE assessment_id IN ({marks})", chunk):
                if row["assessment_id"] in found:
                    meets = None if row["meets_target"] is None else bool(row["meets_target"])
                    found[row["assessment_id"]]["items"][row["item_code"]] = [
                        row["state"], row["level"], row["target"], meets]
        return found
