"""Stored scores of definitive assessments: computed once, read in bulk or with SQL.

A definitive assessment never changes, so its scores (``norm.scoring.score_assessment``) are
computed once, when the store makes it definitive, and written beside it (migration ``m009``):

- ``assessment_scores``: one row per assessment — overall and target score, completeness and the
  counts behind it, the basisnorm verdict with its open and failing counts, the number of gaps
  (and of basisnorm gaps) and the growth stage (``tier_id``, ``tier_index``; NULL without one);
- ``theme_scores``: one row per applicable theme (``position`` keeps the checklist's order);
- ``item_scores``: one row per applicable measure — state (``open``/``niveau``/``nvt``), level,
  target, weight, basisnorm, score, meets_target (NULL unless scored), gap, carried_over and
  ``na_without_reason``;
- the view ``definitive_scores`` joins ``assessment_scores`` with the assessment's organisation,
  checklist, period, sharing, origin and finalisation time, for aggregate reads in SQL.

Scores are written while the assessment is still a concept, in the transaction that makes it
definitive (``finalise``, ``add_assessments``, ``replace_received_assessment``); from then on the
lock triggers refuse any change, removal or new row, exactly as for its answers. Concepts have no
stored scores: they are scored on the fly.

``Store.stored_scores(ids)`` returns the ``AssessmentScore`` of each id, identical to a fresh
``score_assessment``: read from these tables (three queries per 500 ids) where stored, computed where
not (a concept, or a definitive assessment written past the store without scores).
"""

# SQL here is put together from constant table names, a vocabulary constant and "?" placeholders,
# never from input: S608 (SQL built from strings) does not apply.
# ruff: noqa: S608

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from norm.answers import Answer
from norm.checklist import Checklist, checklist_from_snapshot
from norm.errors import NotFoundError
from norm.scoring import AssessmentScore, Gap, ItemResult, ThemeResult, gap_severity_key, score_assessment
from norm.store.connection import Connection
from norm.store.records import answer_from_row
from norm.vocabulary import DEFINITIVE

if TYPE_CHECKING:
    from norm.store.records import AssessmentRecord

SCORE_TABLES = ("assessment_scores", "theme_scores", "item_scores")
_CHUNK = 500

_INSERT_ASSESSMENT_SCORE = (
    "INSERT INTO assessment_scores (assessment_id, overall, target_score, completeness, applicable, answered, "
    "not_applicable, basisnorm, basisnorm_open, basisnorm_failing, gaps, basisnorm_gaps, tier_id, tier_index) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_THEME_SCORE = (
    "INSERT INTO theme_scores (assessment_id, theme_code, position, score, target_score, applicable, answered, "
    "scored, not_applicable, meeting_target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ITEM_SCORE = (
    "INSERT INTO item_scores (assessment_id, item_code, theme_code, position, state, level, target, weight, "
    "basisnorm, score, meets_target, gap, carried_over, na_without_reason) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def write_scores(connection: sqlite3.Connection, assessment_id: int, score: AssessmentScore) -> None:
    """Write the stored scores of one assessment (replacing any left over for its id).

    Must run while the assessment is a concept: the lock triggers refuse rows of a definitive one.

    Raises:
        sqlite3.DatabaseError: the database refused the rows (for instance the assessment is definitive).
    """
    for table in SCORE_TABLES:
        connection.execute(f"DELETE FROM {table} WHERE assessment_id = ?", [assessment_id])
    connection.execute(_INSERT_ASSESSMENT_SCORE, [
        assessment_id, score.overall, score.target_score, score.completeness, score.applicable, score.answered,
        score.not_applicable, score.basisnorm, score.basisnorm_open, len(score.basisnorm_failing),
        len(score.gaps), sum(1 for gap in score.gaps if gap.basisnorm),
        score.tier.id if score.tier else None, score.tier_index,
    ])
    connection.executemany(_INSERT_THEME_SCORE, [
        (assessment_id, theme.code, position, theme.score, theme.target_score, theme.applicable, theme.answered,
         theme.scored, theme.not_applicable, theme.meeting_target)
        for position, theme in enumerate(score.themes)
    ])
    without_reason = set(score.na_without_reason)
    connection.executemany(_INSERT_ITEM_SCORE, [
        (assessment_id, item.code, item.theme_code, position, item.state, item.level, item.target, item.weight,
         int(item.basisnorm), item.score, _flag(item.meets_target), item.gap, int(item.carried_over),
         int(item.code in without_reason))
        for position, item in enumerate(score.items)
    ])


def fill_all_scores(connection: sqlite3.Connection) -> int:
    """Score and store every definitive assessment that has no stored scores yet (migration ``m009``).

    Runs before the lock triggers exist; returns how many assessments were scored.
    """
    rows = connection.execute(
        "SELECT a.id, a.snapshot_id, o.type FROM assessments a JOIN organisations o ON o.code = a.organisation_code "
        f"WHERE a.status = '{DEFINITIVE}' AND NOT EXISTS "
        "(SELECT 1 FROM assessment_scores s WHERE s.assessment_id = a.id) ORDER BY a.id"
    ).fetchall()
    checklists: dict[int, Checklist] = {}
    for assessment_id, snapshot_id, organisation_type in rows:
        checklist = checklists.get(snapshot_id)
        if checklist is None:
            definition = connection.execute("SELECT definition FROM checklist_snapshots WHERE id = ?",
                                            [snapshot_id]).fetchone()[0]
            checklist = checklists[snapshot_id] = checklist_from_snapshot(definition)
        cursor = connection.cursor()
        cursor.row_factory = sqlite3.Row
        answers = [answer_from_row(row) for row in cursor.execute(
            "SELECT item_code, level, not_applicable, na_reason, comment, evidence, carried_over, updated_at, "
            "updated_by FROM answers WHERE assessment_id = ?", [assessment_id])]
        write_scores(connection, assessment_id, score_assessment(checklist, organisation_type, answers))
    return len(rows)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


class ScoreMethods(Connection):
    """The stored-scores part of ``Store``: writing them when an assessment becomes definitive, reading them."""

    if TYPE_CHECKING:  # provided by Store
        def answers(self, assessment_id: int) -> dict[str, Answer]: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...
        def checklist(self, snapshot_id: int) -> Checklist: ...

    _has_score_tables: bool

    def _score_tables(self) -> bool:
        """Whether migration m009 has run (a store opened with ``migrate=False`` may predate it)."""
        if getattr(self, "_has_score_tables", False):
            return True
        found = self._row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'assessment_scores'") is not None
        self._has_score_tables = found
        return found

    def _store_scores(self, assessment_id: int, score: AssessmentScore | None = None) -> None:
        """Store the scores of a concept about to become definitive (inside the caller's transaction).

        Raises:
            NotFoundError: an unknown assessment.
            sqlite3.DatabaseError: the database refused the rows.
        """
        if not self._score_tables():
            return
        if score is None:
            record = self.assessment(assessment_id)
            score = score_assessment(self.checklist(record.snapshot_id), record.organisation_type,
                                     self.answers(assessment_id))
        write_scores(self.db.conn, assessment_id, score)

    def _store_scores_of(self, assessment_ids: Sequence[int]) -> None:
        """Score (from their stored answers) and store several concepts about to become definitive.

        One query for the assessments and one per 500 for their answers; inside the caller's transaction.
        """
        if not assessment_ids or not self._score_tables():
            return
        connection = self.db.conn
        for chunk in _chunks(list(assessment_ids)):
            marks = ",".join("?" * len(chunk))
            heads = self._rows(
                "SELECT a.id, a.snapshot_id, o.type FROM assessments a "
                f"JOIN organisations o ON o.code = a.organisation_code WHERE a.id IN ({marks})", chunk)
            answers: dict[int, list[Answer]] = defaultdict(list)
            for row in self._rows(
                "SELECT assessment_id, item_code, level, not_applicable, na_reason, comment, evidence, carried_over, "
                f"updated_at, updated_by FROM answers WHERE assessment_id IN ({marks})", chunk
            ):
                answers[row["assessment_id"]].append(answer_from_row(row))
            for head in heads:
                score = score_assessment(self.checklist(head["snapshot_id"]), head["type"], answers[head["id"]])
                write_scores(connection, head["id"], score)

    def _replace_scores(self, assessment_id: int, *, definitive: bool) -> None:
        """Drop the stored scores of a reopened (received) assessment; store new ones if it becomes definitive."""
        if not self._score_tables():
            return
        for table in SCORE_TABLES:
            self.db.conn.execute(f"DELETE FROM {table} WHERE assessment_id = ?", [assessment_id])
        if definitive:
            self._store_scores_of([assessment_id])

    def stored_scores(self, assessment_ids: Iterable[int]) -> dict[int, AssessmentScore]:
        """The scores of each assessment, equal to a fresh ``score_assessment`` of it.

        Definitive assessments are read from the stored scores (three queries per 500 ids); a concept,
        or a definitive assessment without stored scores, is scored on the fly. Unknown ids are left out.
        """
        ids = list(dict.fromkeys(assessment_ids))
        result: dict[int, AssessmentScore] = {}
        if not self._score_tables():
            for assessment_id in ids:
                try:
                    record = self.assessment(assessment_id)
                except NotFoundError:
                    continue
                result[assessment_id] = score_assessment(self.checklist(record.snapshot_id), record.organisation_type,
                                                         self.answers(assessment_id))
            return result
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            heads = {row["id"]: row for row in self._rows(
                "SELECT a.id, a.snapshot_id, a.status, o.type, s.assessment_id AS stored, s.overall, s.target_score, "
                "s.completeness, s.applicable, s.answered, s.not_applicable, s.basisnorm, s.basisnorm_open, "
                "s.tier_index FROM assessments a JOIN organisations o ON o.code = a.organisation_code "
                "LEFT JOIN assessment_scores s ON s.assessment_id = a.id "
                f"WHERE a.id IN ({marks})", chunk)}
            stored = [i for i, row in heads.items() if row["stored"] is not None and row["status"] == DEFINITIVE]
            themes: dict[int, list[sqlite3.Row]] = defaultdict(list)
            items: dict[int, list[sqlite3.Row]] = defaultdict(list)
            if stored:
                stored_marks = ",".join("?" * len(stored))
                for row in self._rows(
                    "SELECT assessment_id, theme_code, score, target_score, applicable, answered, scored, "
                    f"not_applicable, meeting_target FROM theme_scores WHERE assessment_id IN ({stored_marks}) "
                    "ORDER BY assessment_id, position", stored
                ):
                    themes[row["assessment_id"]].append(row)
                for row in self._rows(
                    "SELECT assessment_id, item_code, theme_code, state, level, target, weight, basisnorm, score, "
                    "meets_target, gap, carried_over, na_without_reason FROM item_scores "
                    f"WHERE assessment_id IN ({stored_marks}) ORDER BY assessment_id, position", stored
                ):
                    items[row["assessment_id"]].append(row)
            for assessment_id in chunk:
                head = heads.get(assessment_id)
                if head is None:
                    continue
                checklist = self.checklist(head["snapshot_id"])
                if head["stored"] is not None and head["status"] == DEFINITIVE:
                    result[assessment_id] = _rebuild(checklist, head, themes[assessment_id], items[assessment_id])
                else:
                    result[assessment_id] = score_assessment(checklist, head["type"], self.answers(assessment_id))
        return result


def _rebuild(checklist: Checklist, head: sqlite3.Row, theme_rows: list[sqlite3.Row],
             item_rows: list[sqlite3.Row]) -> AssessmentScore:
    """An ``AssessmentScore`` from its stored rows (titles and the stage come from the checklist)."""
    theme_titles = {theme.code: theme.title for theme in checklist.themes}
    item_titles = {item.code: item.title for theme in checklist.themes for item in theme.items}
    items = [
        ItemResult(
            code=row["item_code"], theme_code=row["theme_code"], title=item_titles.get(row["item_code"], ""),
            state=row["state"], level=row["level"], target=row["target"], weight=row["weight"],
            basisnorm=bool(row["basisnorm"]), score=row["score"],
            meets_target=None if row["meets_target"] is None else bool(row["meets_target"]),
            gap=row["gap"], carried_over=bool(row["carried_over"]),
        )
        for row in item_rows
    ]
    themes = [
        ThemeResult(
            code=row["theme_code"], title=theme_titles.get(row["theme_code"], ""), score=row["score"],
            target_score=row["target_score"], applicable=row["applicable"], answered=row["answered"],
            scored=row["scored"], not_applicable=row["not_applicable"], meeting_target=row["meeting_target"],
        )
        for row in theme_rows
    ]
    without_reason = [row["item_code"] for row in item_rows if row["na_without_reason"]]
    basis = [r for r in items if r.basisnorm and r.state != "nvt"]
    gaps = sorted(
        (Gap(r.code, r.theme_code, r.title, r.level or 0, r.target, r.gap, r.weight, r.basisnorm)
         for r in items if r.counts and r.gap > 0),
        key=gap_severity_key,
    )
    tier_index = head["tier_index"]
    tier = checklist.tiers[tier_index] if tier_index is not None and tier_index < len(checklist.tiers) else None
    return AssessmentScore(
        overall=head["overall"],
        target_score=head["target_score"],
        completeness=head["completeness"],
        applicable=head["applicable"],
        answered=head["answered"],
        not_applicable=head["not_applicable"],
        themes=themes,
        items=items,
        basisnorm=head["basisnorm"],
        basisnorm_open=head["basisnorm_open"],
        basisnorm_failing=[r.code for r in basis if r.state == "niveau" and not r.meets_target],
        gaps=gaps,
        tier=tier,
        tier_index=tier_index,
        open_items=[r.code for r in items if r.state == "open" and r.code not in without_reason],
        na_without_reason=without_reason,
    )


def score_row_counts(connection: sqlite3.Connection, assessment_id: int) -> dict[str, int]:
    """How many stored score rows an assessment has per table (for checks and tests)."""
    return {table: connection.execute(f"SELECT count(*) FROM {table} WHERE assessment_id = ?",
                                      [assessment_id]).fetchone()[0] for table in SCORE_TABLES}

