"""The locks hold against any SQL: a plain ``sqlite3`` connection, REPLACE in all its forms, with
``recursive_triggers`` off (the default) and on. And what is meant to stay possible still is."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, fixed_clock

from norm.checklist import load_checklist_file, parse_checklist
from norm.store import Store

# Every table, with its rowid, and the schema (so a dropped trigger would show too).
TABLES = ("organisations", "checklist_snapshots", "assessments", "answers", "actions", "changelog", "settings",
          "attachments")


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        found = {table: connection.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
                 for table in TABLES}
        schema = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        found["sqlite_master"] = schema
        return found
    finally:
        connection.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A database with a definitive and a concept assessment (each with answers and an action), a
    received definitive one, a change log and two snapshots (one in use, one not)."""
    path = tmp_path_factory.mktemp("locks") / "template.db"
    mini = load_checklist_file(FIXTURES / "mini.yaml")
    with Store(path, actor="tester", clock=fixed_clock) as store:
        snapshot, _ = store.add_checklist(mini)
        data = mini.model_dump(mode="json")
        data["version"] = "2.0"
        unused, _ = store.add_checklist(parse_checklist(data))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        store.upsert_organisation("GM0307", "Amersfoort", "gemeente")
        definitive = store.new_assessment("GM0344", "mini-norm", "2025", snapshot_id=snapshot)
        for code, level in (("MINI-A01", 2), ("MINI-A02", 1), ("MINI-B01", 3)):
            store.set_answer(definitive, code, level=level)
        store.set_answer(definitive, "MINI-B02", not_applicable="Geen vakantieparken")
        definitive_action = store.add_action(definitive, "MINI-A02", "Meldpunt inrichten", "OOV", "2027-03-31")
        definitive_document = store.add_attachment(definitive, "MINI-A02", "besluit.pdf", b"%PDF-1.4 besluit")
        store.finalise(definitive, acknowledge_shortfalls=True)
        concept = store.new_assessment("GM0344", "mini-norm", "2026", snapshot_id=snapshot)
        store.set_answer(concept, "MINI-A01", level=1)
        concept_action = store.add_action(concept, "MINI-A01", "Training", "HR")
        store.add_attachment(concept, "MINI-A01", "notulen.txt", b"notulen")
        received = store.new_assessment("GM0307", "mini-norm", "2025", snapshot_id=snapshot)
        store.set_answer(received, "MINI-A01", level=3)
        received_action = store.add_action(received, "MINI-A01", "Hun actie")
        with store.write() as db:  # as the importer leaves a received submission
            db.execute("UPDATE assessments SET origin = 'import', status = 'definitief' WHERE id = ?", [received])
        keys = {
            "d": definitive, "c": concept, "r": received, "da": definitive_action, "ca": concept_action,
            "ra": received_action, "dd": definitive_document,
            "s": snapshot, "s2": unused,
            "d_uid": store.assessment(definitive).uid,
            "hash": store.snapshots()[0].content_hash,
            "hash2": next(s.content_hash for s in store.snapshots() if s.id == unused),
        }
        with store.write() as db:
            keys["d_rowid"] = db.execute(
                "SELECT rowid FROM answers WHERE assessment_id = ? AND item_code = 'MINI-A01'", [definitive]
            ).fetchone()[0]
            keys["c_rowid"] = db.execute(
                "SELECT rowid FROM answers WHERE assessment_id = ? AND item_code = 'MINI-A01'", [concept]
            ).fetchone()[0]
            keys["log_first"], keys["log_last"] = db.execute("SELECT min(id), max(id) FROM changelog").fetchone()
    yield path, keys


@pytest.fixture
def database(template: tuple[Path, dict[str, Any]], tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path, keys = template
    copy = tmp_path / "locks.db"
    shutil.copyfile(path, copy)
    return copy, keys


NEW_ASSESSMENT = ("INSERT {verb} INTO assessments (id, uid, organisation_code, snapshot_id, period, kind, status, "
                  "sharing, origin) VALUES ({id}, {uid}, 'GM0344', :s, '2030', 'nulmeting', 'concept', 'intern', "
                  "'lokaal')")

# (table, route) -> the statements that try it. Where a route has more than one way in, each is a case.
ROUTES: dict[tuple[str, str], dict[str, str]] = {
    ("answers", "UPDATE"): {
        "level": "UPDATE answers SET level = 0 WHERE assessment_id = :d",
        "move out": "UPDATE answers SET assessment_id = :c WHERE assessment_id = :d AND item_code = 'MINI-B01'",
        "move in": "UPDATE answers SET assessment_id = :d, item_code = 'MINI-X01' WHERE assessment_id = :c",
        "move in, id as text": "UPDATE answers SET assessment_id = ' ' || :d || ' ', item_code = 'MINI-X01' "
                               "WHERE assessment_id = :c",
        "or ignore": "UPDATE OR IGNORE answers SET level = 0 WHERE assessment_id = :d",
        "upsert moving a concept row in": "INSERT INTO answers (assessment_id, item_code, level) "
                                          "VALUES (:c, 'MINI-A01', 0) ON CONFLICT (assessment_id, item_code) "
                                          "DO UPDATE SET assessment_id = :d",
    },
    ("answers", "DELETE"): {
        "rows": "DELETE FROM answers WHERE assessment_id = :d",
    },
    ("answers", "INSERT OR REPLACE"): {
        "same key": "INSERT OR REPLACE INTO answers (assessment_id, item_code, level) VALUES (:d, 'MINI-A01', 0)",
        "rowid from a concept": "INSERT OR REPLACE INTO answers (rowid, assessment_id, item_code, level) "
                                "VALUES (:d_rowid, :c, 'MINI-B01', 0)",
        "_rowid_ as text": "INSERT OR REPLACE INTO answers (_rowid_, assessment_id, item_code, level) "
                           "VALUES (CAST(:d_rowid AS TEXT), :c, 'MINI-B01', 0)",
        "rows from a select": "INSERT OR REPLACE INTO answers (rowid, assessment_id, item_code, level) "
                              "SELECT rowid, :c, item_code || '-X', 0 FROM answers WHERE assessment_id = :d",
    },
    ("answers", "UPDATE OR REPLACE"): {
        "key of a concept row": "UPDATE OR REPLACE answers SET assessment_id = :d WHERE assessment_id = :c",
        "rowid of a concept row": "UPDATE OR REPLACE answers SET rowid = :d_rowid WHERE rowid = :c_rowid",
    },
    ("answers", "REPLACE INTO"): {
        "same key": "REPLACE INTO answers (assessment_id, item_code, level) VALUES (:d, 'MINI-A02', 3)",
        "rowid from a concept": "REPLACE INTO answers (rowid, assessment_id, item_code, level) "
                                "VALUES (:d_rowid, :c, 'MINI-B01', 0)",
    },
    ("answers", "INSERT"): {
        "new measure": "INSERT INTO answers (assessment_id, item_code, level) VALUES (:d, 'MINI-X99', 1)",
        "received definitive": "INSERT INTO answers (assessment_id, item_code, level) VALUES (:r, 'MINI-A02', 1)",
        "or ignore": "INSERT OR IGNORE INTO answers (assessment_id, item_code, level) VALUES (:d, 'MINI-X99', 1)",
        "upsert onto a definitive row": "INSERT INTO answers (assessment_id, item_code, level) "
                                        "VALUES (:d, 'MINI-A01', 0) ON CONFLICT DO UPDATE SET level = 0",
    },
    ("actions", "UPDATE"): {
        # m007: the plan (status, deadline, note) lives on, nothing else of the action does.
        "description": "UPDATE actions SET description = 'anders' WHERE id = :da",
        "owner": "UPDATE actions SET owner = 'iemand' WHERE id = :da",
        "measure": "UPDATE actions SET item_code = 'MINI-A01' WHERE id = :da",
        "created_at": "UPDATE actions SET created_at = 'ooit' WHERE id = :da",
        "origin link": "UPDATE actions SET origin_action_id = :ca WHERE id = :da",
        "status with description": "UPDATE actions SET status = 'gereed', description = 'x' WHERE id = :da",
        "unknown status": "UPDATE actions SET status = 'klaar' WHERE id = :da",
        "deadline not a date": "UPDATE actions SET deadline = '31-03-2027' WHERE id = :da",
        "deadline nonsense": "UPDATE actions SET deadline = '2027-02-30' WHERE id = :da",
        "note too long": "UPDATE actions SET note = printf('%.20001c', 'x') WHERE id = :da",
        "note null": "UPDATE actions SET note = NULL WHERE id = :da",
        "status of a received action": "UPDATE actions SET status = 'gereed' WHERE id = :ra",
        "or ignore": "UPDATE OR IGNORE actions SET description = 'anders' WHERE id = :da",
        "move out": "UPDATE actions SET assessment_id = :c WHERE id = :da",
        "move in": "UPDATE actions SET assessment_id = :d WHERE id = :ca",
    },
    ("actions", "DELETE"): {
        "row": "DELETE FROM actions WHERE id = :da",
    },
    ("actions", "INSERT OR REPLACE"): {
        "same id": "INSERT OR REPLACE INTO actions (id, assessment_id, item_code, description) "
                   "VALUES (:da, :d, 'MINI-A02', 'anders')",
        "id from a concept": "INSERT OR REPLACE INTO actions (id, assessment_id, item_code, description) "
                             "VALUES (:da, :c, 'MINI-A01', 'anders')",
        "id as text": "INSERT OR REPLACE INTO actions (id, assessment_id, item_code, description) "
                      "VALUES (CAST(:da AS TEXT), :c, 'MINI-A01', 'anders')",
    },
    ("actions", "UPDATE OR REPLACE"): {
        "id of a concept row": "UPDATE OR REPLACE actions SET id = :da WHERE id = :ca",
    },
    ("actions", "REPLACE INTO"): {
        "id from a concept": "REPLACE INTO actions (id, assessment_id, item_code, description) "
                             "VALUES (:da, :c, 'MINI-A01', 'anders')",
    },
    ("attachments", "UPDATE"): {
        "content": "UPDATE attachments SET content = x'00' WHERE id = :dd",
        "name": "UPDATE attachments SET name = 'ander.pdf' WHERE id = :dd",
        "move out": "UPDATE attachments SET assessment_id = :c WHERE id = :dd",
    },
    ("attachments", "DELETE"): {"row": "DELETE FROM attachments WHERE id = :dd"},
    ("attachments", "INSERT"): {
        "new document": "INSERT INTO attachments (assessment_id, item_code, name, size, sha256, content) "
                        "VALUES (:d, 'MINI-A01', 'x.pdf', 1, 'x', x'00')",
    },
    ("attachments", "INSERT OR REPLACE"): {
        "same id": "INSERT OR REPLACE INTO attachments (id, assessment_id, item_code, name, size, sha256, content) "
                   "VALUES (:dd, :c, 'MINI-A01', 'x.pdf', 1, 'x', x'00')",
    },
    ("attachments", "UPDATE OR REPLACE"): {
        "id of another row": "UPDATE OR REPLACE attachments SET id = :dd WHERE id <> :dd",
    },
    ("attachments", "REPLACE INTO"): {
        "same id": "REPLACE INTO attachments (id, assessment_id, item_code, name, size, sha256, content) "
                   "VALUES (:dd, :c, 'MINI-A01', 'x.pdf', 1, 'x', x'00')",
    },
    ("actions", "INSERT"): {
        "new action": "INSERT INTO actions (assessment_id, item_code, description) VALUES (:d, 'MINI-A01', 'nieuw')",
    },
    ("assessments", "UPDATE"): {
        "back to concept": "UPDATE assessments SET status = 'concept' WHERE id = :d",
        "period": "UPDATE assessments SET period = '2030' WHERE id = :d",
        "origin": "UPDATE assessments SET origin = 'import' WHERE id = :d",
        "snapshot": "UPDATE assessments SET snapshot_id = :s2 WHERE id = :d",
        "sign-off": "UPDATE assessments SET finalised_by = 'iemand anders' WHERE id = :d",
        "created": "UPDATE assessments SET created_at = '2020-01-01T00:00:00Z' WHERE id = :d",
        "id": "UPDATE assessments SET id = 999 WHERE id = :d",
    },
    ("assessments", "DELETE"): {
        "row": "DELETE FROM assessments WHERE id = :d",
    },
    ("assessments", "INSERT OR REPLACE"): {
        "same id": NEW_ASSESSMENT.format(verb="OR REPLACE", id=":d", uid="'00000000-0000-4000-8000-000000000001'"),
        "same uid": NEW_ASSESSMENT.format(verb="OR REPLACE", id="NULL", uid=":d_uid"),
    },
    ("assessments", "UPDATE OR REPLACE"): {
        "uid of a concept": "UPDATE OR REPLACE assessments SET uid = :d_uid WHERE id = :c",
        "id of a concept": "UPDATE OR REPLACE assessments SET id = :d WHERE id = :c",
    },
    ("assessments", "REPLACE INTO"): {
        "same id": NEW_ASSESSMENT.replace("INSERT {verb} INTO", "REPLACE INTO").format(
            id=":d", uid="'00000000-0000-4000-8000-000000000001'"),
        "same uid": NEW_ASSESSMENT.replace("INSERT {verb} INTO", "REPLACE INTO").format(id="NULL", uid=":d_uid"),
        "id as text": NEW_ASSESSMENT.replace("INSERT {verb} INTO", "REPLACE INTO").format(
            id="CAST(:d AS TEXT)", uid="'00000000-0000-4000-8000-000000000001'"),
    },
    ("changelog", "UPDATE"): {
        "actor": "UPDATE changelog SET actor = 'iemand anders' WHERE id = :log_first",
    },
    ("changelog", "DELETE"): {
        "all": "DELETE FROM changelog",
    },
    ("changelog", "INSERT OR REPLACE"): {
        "same id": "INSERT OR REPLACE INTO changelog (id, at, actor, entity, field) "
                   "VALUES (:log_first, 'x', 'x', 'x', 'x')",
    },
    ("changelog", "UPDATE OR REPLACE"): {
        "id of the last entry": "UPDATE OR REPLACE changelog SET id = :log_first WHERE id = :log_last",
    },
    ("changelog", "REPLACE INTO"): {
        "same id": "REPLACE INTO changelog (id, at, actor, entity, field) VALUES (:log_last, 'x', 'x', 'x', 'x')",
    },
    ("checklist_snapshots", "UPDATE"): {
        "definition": "UPDATE checklist_snapshots SET definition = '{}' WHERE id = :s",
        "hash of an unused one": "UPDATE checklist_snapshots SET content_hash = 'x' WHERE id = :s2",
    },
    ("checklist_snapshots", "DELETE"): {
        "in use": "DELETE FROM checklist_snapshots WHERE id = :s",
        "unused": "DELETE FROM checklist_snapshots WHERE id = :s2",
    },
    ("checklist_snapshots", "INSERT OR REPLACE"): {
        "same id": "INSERT OR REPLACE INTO checklist_snapshots (id, checklist_id, version, content_hash, definition) "
                   "VALUES (:s, 'mini-norm', '1.0', 'x', '{}')",
        "same hash": "INSERT OR REPLACE INTO checklist_snapshots (checklist_id, version, content_hash, definition) "
                     "VALUES ('mini-norm', '1.0', :hash, '{}')",
    },
    ("checklist_snapshots", "UPDATE OR REPLACE"): {
        "hash of the other": "UPDATE OR REPLACE checklist_snapshots SET content_hash = :hash WHERE id = :s2",
    },
    ("checklist_snapshots", "REPLACE INTO"): {
        "same id": "REPLACE INTO checklist_snapshots (id, checklist_id, version, content_hash, definition) "
                   "VALUES (:s, 'mini-norm', '1.0', 'x', '{}')",
        "same hash": "REPLACE INTO checklist_snapshots (checklist_id, version, content_hash, definition) "
                     "VALUES ('mini-norm', '1.0', :hash2, '{}')",
    },
    ("organisations", "DELETE"): {
        "of a definitive assessment": "DELETE FROM organisations WHERE code = 'GM0344'",
    },
    ("organisations", "UPDATE"): {
        "code of a definitive assessment": "UPDATE organisations SET code = 'GM9999' WHERE code = 'GM0344'",
    },
    ("organisations", "INSERT OR REPLACE"): {
        "same code": "INSERT OR REPLACE INTO organisations (code, name, type) VALUES ('GM0344', 'X', 'gemeente')",
    },
    ("organisations", "UPDATE OR REPLACE"): {
        "code of another": "UPDATE OR REPLACE organisations SET code = 'GM0344' WHERE code = 'GM0307'",
    },
    ("organisations", "REPLACE INTO"): {
        "same code": "REPLACE INTO organisations (code, name, type) VALUES ('GM0344', 'X', 'gemeente')",
    },
}
CASES = [
    pytest.param(sql, recursive, foreign_keys, id=f"{table}-{route}-{name}-recursive_{recursive}-fk_{foreign_keys}")
    for (table, route), statements in ROUTES.items()
    for name, sql in statements.items()
    for recursive in ("off", "on")
    for foreign_keys in ("off", "on")
]


def test_every_table_and_route_is_tried() -> None:
    tables = {"answers", "actions", "assessments", "changelog", "checklist_snapshots", "attachments"}
    routes = {"UPDATE", "DELETE", "INSERT OR REPLACE", "UPDATE OR REPLACE", "REPLACE INTO"}
    assert {(t, r) for t in tables for r in routes} <= set(ROUTES)
    # A new row is forbidden only under a definitive assessment; the log and snapshots take new rows.
    assert {("answers", "INSERT"), ("actions", "INSERT")} <= set(ROUTES)


@pytest.mark.parametrize(("sql", "recursive", "foreign_keys"), CASES)
def test_a_plain_connection_cannot_change_what_is_locked(database, sql: str, recursive: str,
                                                          foreign_keys: str) -> None:
    path, keys = database
    before = dump(path)
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA recursive_triggers = {recursive}")
        connection.execute(f"PRAGMA foreign_keys = {foreign_keys}")
        with pytest.raises(sqlite3.DatabaseError, match="definitief|wijzigingslogboek|checklistversie"):
            connection.execute(sql, keys)
        connection.commit()
    finally:
        connection.close()
    assert dump(path) == before


@pytest.mark.parametrize("recursive", ["off", "on"])
def test_a_plain_connection_can_still_do_what_is_allowed(database, recursive: str) -> None:
    path, keys = database
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA recursive_triggers = {recursive}")
    allowed = [
        # The sharing level, the remembered position and updated_at of a definitive assessment.
        "UPDATE assessments SET sharing = 'benoemd', position = 'MINI-A02', updated_at = 'nu' WHERE id = :d",
        # The action plan of a definitive local assessment (m007): status, deadline, note.
        "UPDATE actions SET status = 'gereed', deadline = '2028-01-31', note = 'klaar', updated_at = 'nu' "
        "WHERE id = :da",
        "UPDATE actions SET deadline = NULL WHERE id = :da",
        # A concept, in every way.
        "INSERT OR REPLACE INTO answers (assessment_id, item_code, level) VALUES (:c, 'MINI-A01', 3)",
        "REPLACE INTO answers (assessment_id, item_code, level) VALUES (:c, 'MINI-A02', 2)",
        "UPDATE OR REPLACE answers SET item_code = 'MINI-A02' WHERE assessment_id = :c AND item_code = 'MINI-A01'",
        "INSERT INTO actions (assessment_id, item_code, description) VALUES (:c, 'MINI-A01', 'nog een')",
        "UPDATE actions SET status = 'lopend' WHERE id = :ca",
        "UPDATE assessments SET period = '2027', kind = 'vervolgmeting' WHERE id = :c",
        # The change log and the snapshots take new rows.
        "INSERT INTO changelog (at, actor, entity, field) VALUES ('nu', 'tester', 'test', 'test')",
        "INSERT INTO checklist_snapshots (checklist_id, version, content_hash, definition) "
        "VALUES ('ander', '1', 'abc', '{}')",
        # Organisations without a definitive local assessment, and the names of all.
        "UPDATE organisations SET name = 'Gemeente Utrecht' WHERE code = 'GM0344'",
        "INSERT OR REPLACE INTO organisations (code, name, type) VALUES ('GM0307', 'Amersfoort', 'gemeente')",
        # A received submission may be reopened (the importer replaces it by a newer one).
        "UPDATE assessments SET status = 'concept' WHERE id = :r",
        "DELETE FROM answers WHERE assessment_id = :r",
        "UPDATE assessments SET status = 'definitief' WHERE id = :r",
        # A concept can be removed, with its answers and actions.
        "DELETE FROM actions WHERE assessment_id = :c",
        "DELETE FROM answers WHERE assessment_id = :c",
        "DELETE FROM assessments WHERE id = :c",
    ]
    for sql in allowed:
        connection.execute(sql, keys)
    connection.commit()
    connection.close()
    with Store(path) as store:
        record = store.assessment(keys["d"])
        assert (record.sharing, record.position, record.status) == ("benoemd", "MINI-A02", "definitief")
        (action,) = store.actions(keys["d"])
        assert (action.status, action.deadline, action.note, action.description) == (
            "gereed", None, "klaar", "Meldpunt inrichten")
        assert store.answers(keys["r"]) == {}
        assert [a.id for a in store.assessments()] == [keys["r"], keys["d"]]


def test_store_operations_on_a_locked_database_still_work(database) -> None:
    path, keys = database
    with Store(path, actor="tester", clock=fixed_clock) as store:
        assert store.set_sharing(keys["d"], "benoemd")
        store.set_position(keys["d"], "MINI-B01")
        store.set_answer(keys["c"], "MINI-A01", level=2, comment="bijgewerkt")
        store.set_answer(keys["c"], "MINI-A02", not_applicable="Geen meldpunt nodig")
        store.update_action(keys["ca"], status="lopend")
        store.delete_action(keys["ca"])
        follow_up = store.new_assessment("GM0344", "mini-norm", "2027", from_previous=True)
        assert {a.carried_over for a in store.answers(follow_up).values()} == {True}
        store.delete_assessment(keys["c"])
        store.delete_assessment(keys["r"])  # a received submission may be removed
        assert store.assessment(keys["d"]).position == "MINI-B01"
        assert [a.id for a in store.assessments()] == [keys["d"], follow_up]
