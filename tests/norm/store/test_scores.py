"""Stored scores (migration m009, ``norm.store.scores``): written once when an assessment becomes
definitive, identical to freshly computed ones, and locked like its answers against any SQL."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, fixed_clock

from norm.demo import install_demo
from norm.scoring import score_assessment
from norm.store import AssessmentContent, Store
from norm.store.scores import SCORE_TABLES, score_row_counts

ROOT = Path(__file__).resolve().parents[3]


def fresh(store: Store, assessment_id: int) -> Any:
    record = store.assessment(assessment_id)
    return score_assessment(store.checklist(record.snapshot_id), record.organisation_type,
                            store.answers(assessment_id))


def assert_stored_equal_computed(store: Store) -> int:
    """Every definitive assessment has stored scores equal to a fresh computation; concepts have none."""
    records = store.assessments()
    definitive = [r.id for r in records if r.is_definitive]
    concepts = [r.id for r in records if not r.is_definitive]
    assert definitive
    with store.write() as db:
        stored_ids = {row[0] for row in db.execute("SELECT assessment_id FROM assessment_scores").fetchall()}
    assert stored_ids == set(definitive)
    scores = store.stored_scores(definitive)
    for assessment_id in definitive:
        assert scores[assessment_id] == fresh(store, assessment_id), assessment_id
    on_the_fly = store.stored_scores(concepts)
    for assessment_id in concepts:
        assert on_the_fly[assessment_id] == fresh(store, assessment_id)
    return len(definitive)


def test_demo_data_stored_scores_equal_computed(tmp_store: Store) -> None:
    install_demo(tmp_store)
    assert assert_stored_equal_computed(tmp_store) > 50


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_country_scale_data_stored_scores_equal_computed(tmp_path: Path) -> None:
    # A reduced size (the full 400 × 5 is checked by bench/bench_scores.py).
    with pytest.raises(ValueError, match="at least 1"):
        load_generator().generate(None, history=0)
    generate = load_generator()
    with Store(tmp_path / "country.db", actor="bench") as store:
        result = generate.generate(store, organisations=30, periods=2, history=2)
        assert result.periods == ["2023", "2024", "2025", "2026"]  # history multiplies the periods
        assert result.assessments > 100
        assert assert_stored_equal_computed(store) > 100


def test_finalise_stores_scores_and_concepts_are_scored_on_the_fly(mini_store: Store) -> None:
    assessment = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    for code, level in (("MINI-A01", 2), ("MINI-A02", 1), ("MINI-B01", 3)):
        mini_store.set_answer(assessment, code, level=level)
    assert score_row_counts(mini_store.db.conn, assessment) == dict.fromkeys(SCORE_TABLES, 0)
    concept_score = mini_store.stored_scores([assessment])[assessment]
    assert concept_score == fresh(mini_store, assessment)
    mini_store.set_answer(assessment, "MINI-B02", not_applicable="Geen vakantieparken")
    result = mini_store.finalise(assessment)
    counts = score_row_counts(mini_store.db.conn, assessment)
    assert counts["assessment_scores"] == 1
    assert counts["item_scores"] == result.applicable == 4
    assert counts["theme_scores"] == len(result.themes)
    assert mini_store.stored_scores([assessment, 12345]) == {assessment: result}
    with mini_store.write() as db:
        row = db.execute("SELECT overall, basisnorm, tier_id, checklist_id, period FROM definitive_scores "
                         "WHERE assessment_id = ?", [assessment]).fetchone()
    assert row == (result.overall, result.basisnorm, result.tier.id if result.tier else None, "mini-norm", "2025")


def test_a_definitive_assessment_written_past_the_store_is_scored_on_the_fly(mini_store: Store) -> None:
    assessment = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    mini_store.set_answer(assessment, "MINI-A01", level=3)
    with mini_store.write() as db:  # as a plain connection could; no stored scores
        db.execute("UPDATE assessments SET status = 'definitief' WHERE id = ?", [assessment])
    assert mini_store.stored_scores([assessment])[assessment] == fresh(mini_store, assessment)


def content(store: Store, uid: str, status: str, levels: dict[str, int]) -> AssessmentContent:
    from norm.answers import Answer

    return AssessmentContent(
        uid=uid, organisation_code="GM0344", snapshot_id=store.latest_snapshot("mini-norm").id,  # type: ignore[union-attr]
        period="2025", kind="nulmeting", status=status, sharing="geaggregeerd", created_at="2025-01-01T00:00:00Z",
        created_by="x", updated_at="2025-01-01T00:00:00Z", written_at="2025-01-01T00:00:00Z",
        finalised_at="2025-01-02T00:00:00Z" if status == "definitief" else None,
        answers=[Answer(code, level=level) for code, level in levels.items()],
    )


def test_received_assessments_get_stored_scores_and_a_new_submission_replaces_them(mini_store: Store) -> None:
    uid = "00000000-0000-4000-8000-00000000000a"
    [received] = mini_store.add_assessments(
        [content(mini_store, uid, "definitief", {"MINI-A01": 1, "MINI-A02": 1, "MINI-B01": 1})], origin="import")
    first = mini_store.stored_scores([received])[received]
    assert first == fresh(mini_store, received)
    mini_store.replace_received_assessment(
        received, content(mini_store, uid, "definitief", {"MINI-A01": 3, "MINI-A02": 3, "MINI-B01": 3}))
    second = mini_store.stored_scores([received])[received]
    assert second == fresh(mini_store, received)
    assert second.overall != first.overall
    mini_store.replace_received_assessment(received, content(mini_store, uid, "concept", {"MINI-A01": 2}))
    assert score_row_counts(mini_store.db.conn, received) == dict.fromkeys(SCORE_TABLES, 0)


def test_an_older_database_gets_stored_scores_from_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "legacy.db"
    shutil.copyfile(FIXTURES / "legacy" / "legacy.db", path)
    with sqlite3.connect(path) as plain:
        assert not plain.execute("SELECT 1 FROM sqlite_master WHERE name = 'assessment_scores'").fetchall()
    with Store(path, actor="tester", clock=fixed_clock) as store:
        assert assert_stored_equal_computed(store) >= 1


# -- the locks: a plain sqlite3 connection cannot change the stored scores of a definitive assessment ----


@pytest.fixture
def locked(mini_store: Store, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    definitive = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    for code, level in (("MINI-A01", 2), ("MINI-A02", 1), ("MINI-B01", 3), ("MINI-B02", 0)):
        mini_store.set_answer(definitive, code, level=level)
    mini_store.finalise(definitive)
    concept = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.set_answer(concept, "MINI-A01", level=1)
    with mini_store.write() as db:  # a concept with score rows, as a route to move rows in
        for table in SCORE_TABLES:
            db.execute(f"CREATE TEMP TABLE copy_{table} AS SELECT * FROM {table} WHERE assessment_id = ?",  # noqa: S608
                       [definitive])
            db.execute(f"UPDATE copy_{table} SET assessment_id = ?", [concept])  # noqa: S608
            db.execute(f"INSERT INTO {table} SELECT * FROM copy_{table}")  # noqa: S608
        rowid = db.execute("SELECT rowid FROM item_scores WHERE assessment_id = ? ORDER BY rowid",
                           [definitive]).fetchone()[0]
        concept_rowid = db.execute("SELECT rowid FROM item_scores WHERE assessment_id = ? ORDER BY rowid",
                                   [concept]).fetchone()[0]
    path = Path(mini_store.db.conn.execute("PRAGMA database_list").fetchone()[2])
    mini_store.close()
    return path, {"d": definitive, "c": concept, "d_rowid": rowid, "c_rowid": concept_rowid}


ATTACKS = {
    "update overall": "UPDATE assessment_scores SET overall = 1.0 WHERE assessment_id = :d",
    "update verdict": "UPDATE assessment_scores SET basisnorm = 'voldoet' WHERE assessment_id = :d",
    "update stage": "UPDATE assessment_scores SET tier_id = 'x', tier_index = 3 WHERE assessment_id = :d",
    "update theme": "UPDATE theme_scores SET score = 1.0 WHERE assessment_id = :d",
    "update item": "UPDATE item_scores SET meets_target = 1, gap = 0 WHERE assessment_id = :d",
    "delete overall": "DELETE FROM assessment_scores WHERE assessment_id = :d",
    "delete themes": "DELETE FROM theme_scores WHERE assessment_id = :d",
    "delete items": "DELETE FROM item_scores WHERE assessment_id = :d",
    "new item row": "INSERT INTO item_scores (assessment_id, item_code, theme_code, position, state, target, "
                    "weight, basisnorm, gap, carried_over, na_without_reason) "
                    "VALUES (:d, 'X', 'A', 99, 'niveau', 1, 1, 0, 0, 0, 0)",
    "replace overall": "INSERT OR REPLACE INTO assessment_scores (assessment_id, overall, completeness, applicable, "
                       "answered, not_applicable, basisnorm, basisnorm_open, basisnorm_failing, gaps, basisnorm_gaps) "
                       "VALUES (:d, 1.0, 1, 4, 4, 0, 'voldoet', 0, 0, 0, 0)",
    "replace item by key": "REPLACE INTO item_scores (assessment_id, item_code, theme_code, position, state, target, "
                           "weight, basisnorm, gap, carried_over, na_without_reason) "
                           "VALUES (:d, 'MINI-A01', 'A', 0, 'niveau', 1, 1, 0, 0, 0, 0)",
    "replace item by rowid from a concept": "INSERT OR REPLACE INTO item_scores (rowid, assessment_id, item_code, "
                                            "theme_code, position, state, target, weight, basisnorm, gap, "
                                            "carried_over, na_without_reason) VALUES (:d_rowid, :c, 'Y', 'A', 0, "
                                            "'niveau', 1, 1, 0, 0, 0, 0)",
    "move rows in": "UPDATE OR REPLACE item_scores SET assessment_id = :d WHERE assessment_id = :c",
    "move rows out": "UPDATE item_scores SET assessment_id = :c, item_code = item_code || 'x' WHERE assessment_id = :d",
    "rowid of a concept row": "UPDATE OR REPLACE item_scores SET rowid = :d_rowid WHERE rowid = :c_rowid",
    "overall moved onto the definitive": "UPDATE OR REPLACE assessment_scores SET assessment_id = :d "
                                         "WHERE assessment_id = :c",
}


@pytest.mark.parametrize("recursive", [False, True])
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_stored_scores_of_a_definitive_assessment_resist_plain_sql(
    locked: tuple[Path, dict[str, int]], name: str, recursive: bool
) -> None:
    path, keys = locked
    connection = sqlite3.connect(path)
    try:
        if recursive:
            connection.execute("PRAGMA recursive_triggers = ON")
        before = {t: connection.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()  # noqa: S608
                  for t in SCORE_TABLES}
        with pytest.raises(sqlite3.DatabaseError, match="definitief"):
            connection.execute(ATTACKS[name], keys)
        connection.rollback()
        after = {t: connection.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()  # noqa: S608
                 for t in SCORE_TABLES}
        assert after == before
    finally:
        connection.close()


def test_score_rows_of_a_concept_stay_free(locked: tuple[Path, dict[str, int]]) -> None:
    path, keys = locked
    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE item_scores SET gap = 9 WHERE assessment_id = :c", keys)
        connection.execute("DELETE FROM item_scores WHERE assessment_id = :c", keys)
        connection.commit()
    finally:
        connection.close()
