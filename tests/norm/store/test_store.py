"""The SQLite store: migrations, locks in the database itself, change log, concurrency."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from norm.store import (
    IncompleteError,
    InvalidInputError,
    LockedError,
    NotFoundError,
    Store,
    StoreError,
)

MIGRATION_NAMES = ["m001_tables", "m002_locks", "m003_content_hash_without_defaults", "m004_complete_locks",
                   "m005_mappings", "m006_trust", "m007_action_plan_and_attachments", "m008_releases",
                   "m009_stored_scores", "m010_accounts", "m011_access", "m013_benchmarks"]


def complete(store: Store, assessment_id: int) -> None:
    store.set_answer(assessment_id, "MINI-A01", level=2)
    store.set_answer(assessment_id, "MINI-A02", level=1, comment="Meldpunt wordt ingericht")
    store.set_answer(assessment_id, "MINI-B01", level=3)
    store.set_answer(assessment_id, "MINI-B02", not_applicable="Geen vakantieparken")


def test_migrations_applied_twice_are_harmless(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    first = Store(path)
    tables = set(first.db.table_names())
    first.migrate()
    first.close()
    second = Store(path)
    assert set(second.db.table_names()) == tables
    applied = second.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert [row[0] for row in applied] == MIGRATION_NAMES
    assert second.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert second.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert second.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    second.close()


def test_database_file_is_owner_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "private.db")
    mode = (tmp_path / "private.db").stat().st_mode & 0o777
    # Windows has no POSIX modes; there the file stays in the user's own profile folder.
    assert mode == 0o600 if os.name == "posix" else mode != 0
    store.close()


def test_new_assessment_defaults_and_journey(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("gm0344", "mini-norm", "2026")
    record = mini_store.assessment(assessment_id)
    assert (record.organisation_code, record.kind, record.status, record.sharing, record.origin) == (
        "GM0344", "nulmeting", "concept", "intern", "lokaal")
    complete(mini_store, assessment_id)
    answers = mini_store.answers(assessment_id)
    assert answers["MINI-A02"].comment == "Meldpunt wordt ingericht"
    assert answers["MINI-B02"].not_applicable and answers["MINI-B02"].level is None
    assert answers["MINI-A01"].updated_by == "tester"
    mini_store.finalise(assessment_id, sharing="geaggregeerd")
    record = mini_store.assessment(assessment_id)
    assert record.status == "definitief" and record.sharing == "geaggregeerd"
    assert record.finalised_by == "tester"


def test_finalise_refuses_open_items_and_changes_nothing(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.set_answer(assessment_id, "MINI-A01", level=2)
    with pytest.raises(IncompleteError) as caught:
        mini_store.finalise(assessment_id)
    assert caught.value.open_items == ["MINI-A02", "MINI-B01", "MINI-B02"]
    assert mini_store.assessment(assessment_id).status == "concept"


def test_store_refuses_writes_to_a_definitive_assessment(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    complete(mini_store, assessment_id)
    action_id = mini_store.add_action(assessment_id, "MINI-A02", "Meldpunt inrichten", "OOV", "2027-03-31")
    mini_store.finalise(assessment_id)
    log_size = len(mini_store.changelog())

    with pytest.raises(LockedError):
        mini_store.set_answer(assessment_id, "MINI-A01", level=3)
    with pytest.raises(LockedError):
        mini_store.add_action(assessment_id, "MINI-A01", "Nog iets")
    with pytest.raises(LockedError):
        mini_store.update_action(action_id, status="gereed")
    with pytest.raises(LockedError):
        mini_store.delete_assessment(assessment_id)

    # Not only the Python API: the database itself refuses, whoever writes.
    raw = sqlite3.connect(mini_store.path)
    statements = [
        ("UPDATE answers SET level = 0 WHERE assessment_id = ?", [assessment_id]),
        ("DELETE FROM answers WHERE assessment_id = ?", [assessment_id]),
        ("INSERT INTO answers (assessment_id, item_code, level) VALUES (?, 'MINI-X', 1)", [assessment_id]),
        ("UPDATE actions SET description = 'anders' WHERE assessment_id = ?", [assessment_id]),
        ("DELETE FROM actions WHERE assessment_id = ?", [assessment_id]),
        ("UPDATE assessments SET status = 'concept' WHERE id = ?", [assessment_id]),
        ("UPDATE assessments SET period = '2030' WHERE id = ?", [assessment_id]),
        ("DELETE FROM assessments WHERE id = ?", [assessment_id]),
        ("DELETE FROM changelog", []),
        ("UPDATE changelog SET actor = 'x'", []),
    ]
    for sql, params in statements:
        with pytest.raises(sqlite3.DatabaseError):
            raw.execute(sql, params)
    raw.close()
    assert mini_store.answers(assessment_id)["MINI-A01"].level == 2
    assert len(mini_store.changelog()) == log_size
    # The sharing level is a consent decision and stays changeable.
    assert mini_store.set_sharing(assessment_id, "benoemd")


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"level": 4}, InvalidInputError, "ligt niet op de schaal"),
        ({"level": -1}, InvalidInputError, "ligt niet op de schaal"),
        ({"level": True}, InvalidInputError, "ligt niet op de schaal"),
        ({"not_applicable": "   "}, InvalidInputError, "vraagt om een reden"),
        ({"not_applicable": ""}, InvalidInputError, "vraagt om een reden"),
        ({"level": 1, "not_applicable": "x"}, InvalidInputError, "niet allebei"),
        ({"not_applicable": "Geen vakantieparken"}, InvalidInputError,
         r"N\.v\.t\. is niet toegestaan bij MINI-A01: deze maatregel hoort bij de basisnorm"),
        ({"comment": "x" * 20_001}, InvalidInputError, "te lang"),
        ({"comment": "a\x00b"}, InvalidInputError, "ongeldig teken"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(mini_store: Store, changes, error, message) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.set_answer(assessment_id, "MINI-A01", level=2, comment="eerst")
    before = (mini_store.answers(assessment_id), len(mini_store.changelog()))
    with pytest.raises(error, match=message):
        mini_store.set_answer(assessment_id, "MINI-A01", **changes)
    assert (mini_store.answers(assessment_id), len(mini_store.changelog())) == before


def test_unknown_and_inapplicable_items(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("W0636", "mini-norm", "2026")
    with pytest.raises(NotFoundError, match="Onbekende maatregel"):
        mini_store.set_answer(assessment_id, "MINI-Z99", level=1)
    with pytest.raises(InvalidInputError, match="geldt niet voor een waterschap"):
        mini_store.set_answer(assessment_id, "MINI-B01", level=1)
    with pytest.raises(NotFoundError, match="Onbekende beoordeling"):
        mini_store.set_answer(999, "MINI-A01", level=1)


def test_new_assessment_bad_input(mini_store: Store) -> None:
    with pytest.raises(NotFoundError, match="Onbekende organisatie"):
        mini_store.new_assessment("GM9999", "mini-norm", "2026")
    with pytest.raises(NotFoundError, match="Onbekende checklist"):
        mini_store.new_assessment("GM0344", "bestaat-niet", "2026")
    for period in ("", "   ", "2026;DROP", "x" * 40):
        with pytest.raises(InvalidInputError, match="Ongeldige periode"):
            mini_store.new_assessment("GM0344", "mini-norm", period)
    with pytest.raises(InvalidInputError, match="geen eerdere beoordeling"):
        mini_store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    mini_store.new_assessment("GM0344", "mini-norm", "2026")
    with pytest.raises(InvalidInputError, match="al een concept"):
        mini_store.new_assessment("GM0344", "mini-norm", "2026")
    assert len(mini_store.assessments()) == 1


def test_carry_over_marks_answers_for_review(mini_store: Store) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    complete(mini_store, first)
    mini_store.add_action(first, "MINI-A02", "Meldpunt inrichten", "OOV", "2027-03-31")
    mini_store.finalise(first)
    second = mini_store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    record = mini_store.assessment(second)
    assert record.kind == "vervolgmeting" and record.previous_id == first
    answers = mini_store.answers(second)
    assert all(a.carried_over for a in answers.values())
    assert answers["MINI-B02"].na_reason == "Geen vakantieparken"
    assert [a.description for a in mini_store.actions(second)] == ["Meldpunt inrichten"]
    mini_store.mark_reviewed(second, "MINI-A01")
    mini_store.set_answer(second, "MINI-A02", level=2)
    mini_store.set_answer(second, "MINI-B01", comment="alleen een toelichting")
    answers = mini_store.answers(second)
    assert not answers["MINI-A01"].carried_over and answers["MINI-A01"].level == 2
    assert not answers["MINI-A02"].carried_over
    assert answers["MINI-B01"].carried_over, "a comment alone does not review the level"
    assert mini_store.previous_assessment(second).id == first


def test_every_change_writes_a_change_log_entry(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.set_answer(assessment_id, "MINI-A01", level=1)
    mini_store.set_answer(assessment_id, "MINI-A01", level=2)
    mini_store.set_answer(assessment_id, "MINI-A01", level=2)  # no change, no entry
    action_id = mini_store.add_action(assessment_id, "MINI-A01", "Training", "HR")
    mini_store.update_action(action_id, status="lopend")
    mini_store.set_sharing(assessment_id, "benoemd")
    entries = [(e.entity, e.item_code, e.field, e.old_value, e.new_value)
               for e in mini_store.changelog(assessment_id)]
    assert entries == [
        ("assessment", None, "aangemaakt", None, "GM0344 mini-norm 2026 (nulmeting)"),
        ("answer", "MINI-A01", "level", None, "1"),
        ("answer", "MINI-A01", "level", "1", "2"),
        ("action", "MINI-A01", "aangemaakt", None, "Training"),
        ("action", "MINI-A01", "status", "open", "lopend"),
        ("assessment", None, "sharing", "intern", "benoemd"),
    ]
    assert all(e.actor == "tester" and e.at == "2026-11-22T10:00:00Z" for e in mini_store.changelog(assessment_id))


def test_actions_validate_their_fields(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    with pytest.raises(InvalidInputError, match="omschrijving"):
        mini_store.add_action(assessment_id, "MINI-A01", "  ")
    with pytest.raises(InvalidInputError, match="Ongeldige deadline"):
        mini_store.add_action(assessment_id, "MINI-A01", "Iets", deadline="31-03-2027")
    with pytest.raises(InvalidInputError, match="Onbekende status"):
        mini_store.add_action(assessment_id, "MINI-A01", "Iets", status="klaar")
    action_id = mini_store.add_action(assessment_id, "MINI-A01", "Iets", deadline="2027-03-31")
    mini_store.update_action(action_id, deadline=None)
    assert mini_store.actions(assessment_id)[0].deadline is None
    mini_store.delete_action(action_id)
    assert mini_store.actions(assessment_id) == []


def test_delete_concept_removes_answers_and_actions(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    mini_store.set_answer(assessment_id, "MINI-A01", level=2)
    mini_store.add_action(assessment_id, "MINI-A01", "Iets")
    mini_store.delete_assessment(assessment_id)
    assert mini_store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    assert mini_store.db.execute("SELECT COUNT(*) FROM actions").fetchone()[0] == 0
    with pytest.raises(NotFoundError):
        mini_store.assessment(assessment_id)


def test_organisations_are_validated(mini_store: Store) -> None:
    with pytest.raises(InvalidInputError, match="Onbekend organisatietype"):
        mini_store.upsert_organisation("X1", "X", "politie")
    with pytest.raises(InvalidInputError, match="Ongeldige organisatiecode"):
        mini_store.upsert_organisation("x; drop", "X", "gemeente")
    assert not mini_store.upsert_organisation("GM0344", "Utrecht", "gemeente", {"size_class": "zeer groot"})
    assert mini_store.upsert_organisation("GM0344", "Utrecht", "gemeente", {"size_class": "groot"})


def test_same_version_with_other_content_is_refused(mini_store: Store, mini_checklist) -> None:
    data = mini_checklist.model_dump(mode="json")
    data["title"] = "Andere titel"
    from norm.checklist import parse_checklist

    with pytest.raises(StoreError, match="verhoog het versienummer"):
        mini_store.add_checklist(parse_checklist(data))


WRITER = textwrap.dedent(
    """
    import sys
    from norm.store import Store
    path, assessment_id, field, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store(path, actor=field)
    for index in range(count):
        store.set_answer(assessment_id, "MINI-A01", **{field: f"{field} {index}"})
        store.set_answer(assessment_id, "MINI-A02", level=index % 4) if field == "comment" else \\
            store.set_answer(assessment_id, "MINI-B01", level=index % 4)
    store.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(mini_store: Store, tmp_path: Path) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    count = 60
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    processes = [
        subprocess.Popen([sys.executable, str(script), str(mini_store.path), str(assessment_id), field, str(count)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for field in ("comment", "evidence")
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    answer = mini_store.answers(assessment_id)["MINI-A01"]
    assert answer.comment == f"comment {count - 1}"
    assert answer.evidence == f"evidence {count - 1}"
    entries = mini_store.changelog(assessment_id)
    assert sum(1 for e in entries if e.field == "comment") == count
    assert sum(1 for e in entries if e.field == "evidence") == count
    assert {e.actor for e in entries if e.entity == "answer"} == {"comment", "evidence"}


def test_imported_submissions_cannot_be_edited_locally(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    with mini_store.write() as db:
        db.execute("UPDATE assessments SET origin = 'import' WHERE id = ?", [assessment_id])
    with pytest.raises(LockedError, match="inzending van Utrecht"):
        mini_store.set_answer(assessment_id, "MINI-A01", level=2)
    with pytest.raises(LockedError, match="inzending"):
        mini_store.add_action(assessment_id, "MINI-A01", "Iets")
    assert mini_store.answers(assessment_id) == {}


def test_organisation_lookup_ignores_case(mini_store: Store) -> None:
    assert mini_store.organisation("gm0344").code == "GM0344"
    assert mini_store.organisation(" W0636 ").name == "HDSR"
    assert mini_store.organisation("GM9999") is None


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    # Every process imports first, then waits for the same moment to open the database.
    opener = (
        "import sys, time; from norm.store import Store\n"
        "while time.time() < float(sys.argv[2]): time.sleep(0.001)\n"
        "Store(sys.argv[1]).close()"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    start = str(time.time() + 3)
    processes = [
        subprocess.Popen([sys.executable, "-c", opener, str(path), start], env=env, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(6)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    with Store(path) as store:
        applied = store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert [row[0] for row in applied] == MIGRATION_NAMES


def test_a_store_in_a_missing_folder_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet" / "dieper" / "weerbaar.db"
    with pytest.raises(StoreError, match="De map .*bestaat-niet.* bestaat niet"):
        Store(path)
    assert list(tmp_path.iterdir()) == []
    # A file where the folder should be is no folder either.
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="bestaat niet"):
        Store(tmp_path / "bestand" / "weerbaar.db")


def test_records_are_built_by_column_name_not_position(mini_store: Store) -> None:
    from norm.store.records import AssessmentRecord, ChangeEntry, record

    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    expected = mini_store.assessment(assessment_id)
    connection = sqlite3.connect(mini_store.path)
    connection.row_factory = sqlite3.Row
    # The same columns in another order, with an extra one in the middle: the record is the same.
    names = [field for field in expected.__dataclass_fields__][::-1]
    columns = ", ".join(f"? AS {name}" for name in names[:5]) + ", 'ruis' AS extra, " + \
        ", ".join(f"? AS {name}" for name in names[5:])
    row = connection.execute(f"SELECT {columns}", [getattr(expected, name) for name in names]).fetchone()
    assert record(AssessmentRecord, row) == expected
    # A column missing is an error, never a value shifted into the wrong field.
    short = connection.execute("SELECT 1 AS id, 'x' AS at").fetchone()
    with pytest.raises(IndexError):
        record(ChangeEntry, short)
    connection.close()


def test_every_field_of_a_record_comes_from_its_own_column(mini_store: Store) -> None:
    first = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    complete(mini_store, first)
    mini_store.finalise(first)
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    mini_store.set_position(assessment_id, "MINI-B01")
    with mini_store.write() as db:
        db.execute("UPDATE assessments SET bundle_hash = 'h', finalised_at = 'f', finalised_by = 'b', "
                   "created_by = 'c', updated_at = 'u', created_at = 'a' WHERE id = ?", [assessment_id])
    record = mini_store.assessment(assessment_id)
    snapshot = mini_store.snapshots()[0]
    assert (record.id, record.organisation_code, record.organisation_name, record.organisation_type) == (
        assessment_id, "GM0344", "Utrecht", "gemeente")
    assert (record.snapshot_id, record.checklist_id, record.checklist_version, record.checklist_title) == (
        snapshot.id, "mini-norm", "1.0", "Mini-weerbaarheidsnorm")
    assert (record.period, record.kind, record.status, record.sharing, record.origin, record.previous_id) == (
        "2026", "vervolgmeting", "concept", "intern", "lokaal", first)
    assert (record.position, record.bundle_hash, record.created_at, record.created_by, record.updated_at,
            record.finalised_at, record.finalised_by) == ("MINI-B01", "h", "a", "c", "u", "f", "b")
    answer = mini_store.answers(assessment_id)["MINI-A02"]
    assert (answer.item_code, answer.level, answer.not_applicable, answer.na_reason, answer.comment,
            answer.evidence, answer.carried_over, answer.updated_by) == (
        "MINI-A02", 1, False, "", "Meldpunt wordt ingericht", "", True, "tester")
    action_id = mini_store.add_action(assessment_id, "MINI-A01", "Training", "HR", "2027-01-31", "lopend")
    action = mini_store.actions(assessment_id)[0]
    assert (action.item_code, action.description, action.owner, action.deadline, action.status, action.id) == (
        "MINI-A01", "Training", "HR", "2027-01-31", "lopend", action_id)
    entry = mini_store.changelog(assessment_id)[-1]
    assert (entry.actor, entry.assessment_id, entry.organisation_code, entry.entity, entry.item_code, entry.field,
            entry.old_value, entry.new_value) == (
        "tester", assessment_id, "GM0344", "action", "MINI-A01", "aangemaakt", None, "Training")
    assert (snapshot.checklist_id, snapshot.version, snapshot.title) == ("mini-norm", "1.0", "Mini-weerbaarheidsnorm")
    organisation = mini_store.organisation("GM0344")
    assert organisation is not None
    assert (organisation.name, organisation.type, organisation.attributes, organisation.reference) == (
        "Utrecht", "gemeente", {"size_class": "zeer groot"}, False)


def test_the_triggers_of_m002_let_these_routes_through(tmp_path: Path) -> None:
    """Why m004 exists: on a database with only the first lock triggers, these all succeed."""
    from norm.checklist import load_checklist_file
    from norm.store.schema import build_migrations

    path = tmp_path / "m002.db"
    with Store(path, actor="tester", migrate=False) as store:
        with store.write():
            build_migrations().apply(store.db, stop_before="m003_content_hash_without_defaults")
        store.add_checklist(load_checklist_file(Path(__file__).parents[2] / "fixtures" / "mini.yaml"))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        definitive = store.new_assessment("GM0344", "mini-norm", "2025")
        complete(store, definitive)
        with store.write() as db:  # finalise as far as m002 knows (later migrations' tables are not there)
            db.execute("UPDATE assessments SET status = 'definitief' WHERE id = ?", [definitive])
        # An earlier period: no previous assessment whose actions m007's columns would carry over.
        concept = store.new_assessment("GM0344", "mini-norm", "2024")
        store.set_answer(concept, "MINI-A01", level=0)
        uid = store.assessment(definitive).uid
    raw = sqlite3.connect(path)
    rowid = raw.execute("SELECT rowid FROM answers WHERE assessment_id = ? AND item_code = 'MINI-A01'",
                        [definitive]).fetchone()[0]
    raw.execute("REPLACE INTO answers (rowid, assessment_id, item_code, level) VALUES (?, ?, 'MINI-B01', 3)",
                [rowid, concept])
    raw.execute("UPDATE checklist_snapshots SET title = 'ander'")
    raw.execute("INSERT OR REPLACE INTO changelog (id, at, actor, entity, field) VALUES (1, 'x', 'x', 'x', 'x')")
    raw.execute("UPDATE OR REPLACE assessments SET uid = ? WHERE id = ?", [uid, concept])
    raw.commit()
    assert raw.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
    raw.close()


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notities.db"
    path.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(StoreError, match="geen bruikbare weerbaar-database"):
        Store(path)
    assert path.read_bytes() == b"dit is geen database" * 100


def test_names_and_owners_stop_where_a_bundle_stops(mini_store: Store) -> None:
    """The store refuses what a receiver would refuse: a name or owner over MAX_NAME characters."""
    from norm.vocabulary import MAX_NAME

    with pytest.raises(InvalidInputError, match=f"meer dan {MAX_NAME} tekens"):
        mini_store.upsert_organisation("GM9999", "N" * (MAX_NAME + 1), "gemeente")
    assert mini_store.organisation("GM9999") is None
    mini_store.upsert_organisation("GM9999", "N" * MAX_NAME, "gemeente")
    assessment = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    with pytest.raises(InvalidInputError, match=f"meer dan {MAX_NAME} tekens"):
        mini_store.add_action(assessment, "MINI-A01", "Beleid maken", "E" * (MAX_NAME + 1))
    assert mini_store.actions(assessment) == []
    mini_store.add_action(assessment, "MINI-A01", "Beleid maken", "E" * MAX_NAME)


def test_n_v_t_is_accepted_where_the_measure_allows_it(mini_store: Store) -> None:
    assessment_id = mini_store.new_assessment("GM0344", "mini-norm", "2026")
    answer = mini_store.set_answer(assessment_id, "MINI-A02", not_applicable="Geen vakantieparken")
    assert answer.not_applicable and answer.na_reason == "Geen vakantieparken"


def test_carrying_over_leaves_an_n_v_t_the_new_version_refuses_open(mini_store: Store, mini_checklist) -> None:
    from norm.checklist import parse_checklist

    old = mini_store.new_assessment("GM0344", "mini-norm", "2025")
    for item in mini_store.checklist(mini_store.assessment(old).snapshot_id).applicable_items("gemeente"):
        if item.code == "MINI-A02":
            mini_store.set_answer(old, item.code, not_applicable="Geen vakantieparken")
        else:
            mini_store.set_answer(old, item.code, level=2)
    mini_store.finalise(old)
    data = mini_checklist.definition_data()
    data["version"] = "1.1"
    data["themes"][0]["items"][1]["na_allowed"] = False  # MINI-A02 no longer allows n.v.t.
    mini_store.add_checklist(parse_checklist(data))
    new = mini_store.new_assessment("GM0344", "mini-norm", "2026", from_previous=True)
    assert mini_store.assessment(new).checklist_version == "1.1"
    carried = mini_store.answers(new)
    assert "MINI-A02" not in carried and carried["MINI-A01"].level == 2
    assert mini_store.score(new).open_items == ["MINI-A02"]
