"""The database schema as sqlite-utils migrations.

sqlite-utils is imported only when migrations are built: its package imports click for its own
command line at import time, and the core must stay importable without UI libraries.

Definitive assessments are locked by triggers in the database itself, so no code path (CLI, TUI,
import, a stray script) can change their answers or actions. The change log is append-only by
trigger as well.

Migrations are never edited once released (databases in the field have applied them); a change is a
new migration. ``m003`` re-hashes the stored checklist snapshots without default values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

LOCKED = "RAISE(ABORT, 'beoordeling is definitief en kan niet meer worden gewijzigd')"
MIGRATION_ACTOR = "weerbaar (databasemigratie)"


def m001_tables(db: Database) -> None:
    db.table("organisations").create(
        {
            "code": str,
            "name": str,
            "type": str,
            "attributes": str,
            "reference": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="code",
        not_null={"name", "type"},
        defaults={"attributes": "{}", "reference": 0},
    )
    db.table("checklist_snapshots").create(
        {
            "id": int,
            "checklist_id": str,
            "version": str,
            "content_hash": str,
            "title": str,
            "definition": str,
            "loaded_at": str,
        },
        pk="id",
        not_null={"checklist_id", "version", "content_hash", "definition"},
    )
    db.table("checklist_snapshots").create_index(["content_hash"], unique=True)
    db.table("assessments").create(
        {
            "id": int,
            "uid": str,
            "organisation_code": str,
            "snapshot_id": int,
            "period": str,
            "kind": str,
            "status": str,
            "sharing": str,
            "origin": str,
            "previous_id": int,
            "position": str,
            "bundle_hash": str,
            "created_at": str,
            "created_by": str,
            "updated_at": str,
            "finalised_at": str,
            "finalised_by": str,
        },
        pk="id",
        not_null={"uid", "organisation_code", "snapshot_id", "period", "kind", "status", "sharing", "origin"},
        defaults={"status": "concept", "sharing": "intern", "origin": "lokaal"},
        foreign_keys=[
            ("organisation_code", "organisations", "code"),
            ("snapshot_id", "checklist_snapshots", "id"),
        ],
    )
    db.table("assessments").create_index(["uid"], unique=True)
    db.table("assessments").create_index(["organisation_code", "period"])
    # Answers and actions belong to their assessment: deleting a concept removes them.
    db.execute(
        """CREATE TABLE answers (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            level INTEGER,
            not_applicable INTEGER NOT NULL DEFAULT 0,
            na_reason TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            carried_over INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT,
            updated_by TEXT,
            PRIMARY KEY (assessment_id, item_code)
        )"""
    )
    db.execute(
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            description TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            deadline TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT,
            updated_at TEXT
        )"""
    )
    db.table("actions").create_index(["assessment_id", "item_code"])
    db.table("changelog").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "assessment_id": int,
            "organisation_code": str,
            "entity": str,
            "item_code": str,
            "field": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
        not_null={"at", "actor", "entity", "field"},
    )
    db.table("changelog").create_index(["assessment_id"])
    db.table("settings").create({"key": str, "value": str}, pk="key")


def m002_locks(db: Database) -> None:
    parent_definitive = (
        "(SELECT status FROM assessments WHERE id = {ref}.assessment_id) = 'definitief'"
    )
    for table in ("answers", "actions"):
        db.execute(
            f"CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table} "
            f"WHEN {parent_definitive.format(ref='NEW')} BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table} "
            f"WHEN {parent_definitive.format(ref='OLD')} BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table} "
            f"WHEN {parent_definitive.format(ref='OLD')} BEGIN SELECT {LOCKED}; END"
        )
    # A definitive local assessment keeps its content; only the sharing level (a consent decision,
    # recorded when exporting) and the remembered cursor position may change. Imported assessments
    # may be reopened by the importer when a newer bundle of the same assessment arrives.
    db.execute(
        "CREATE TRIGGER assessments_locked_update BEFORE UPDATE ON assessments "
        "WHEN OLD.status = 'definitief' AND OLD.origin = 'lokaal' AND ("
        "NEW.status IS NOT OLD.status OR NEW.organisation_code IS NOT OLD.organisation_code "
        "OR NEW.snapshot_id IS NOT OLD.snapshot_id OR NEW.period IS NOT OLD.period "
        "OR NEW.kind IS NOT OLD.kind OR NEW.uid IS NOT OLD.uid OR NEW.origin IS NOT OLD.origin "
        "OR NEW.finalised_at IS NOT OLD.finalised_at OR NEW.finalised_by IS NOT OLD.finalised_by) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER assessments_locked_delete BEFORE DELETE ON assessments "
        "WHEN OLD.status = 'definitief' AND OLD.origin = 'lokaal' "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER changelog_append_only_update BEFORE UPDATE ON changelog "
        "BEGIN SELECT RAISE(ABORT, 'het wijzigingslogboek kan niet worden aangepast'); END"
    )
    db.execute(
        "CREATE TRIGGER changelog_append_only_delete BEFORE DELETE ON changelog "
        "BEGIN SELECT RAISE(ABORT, 'het wijzigingslogboek kan niet worden aangepast'); END"
    )


def m003_content_hash_without_defaults(db: Database) -> None:
    """Re-hash stored checklist snapshots over the definition without default values.

    Until now a snapshot held the full model dump and its hash, so a new optional field in the models
    changed the hash of every checklist and ``weerbaar init`` refused the built-in ones on an existing
    database. Each snapshot is rebuilt with the current models and stored in the new canonical form.
    A snapshot is left as it is when its stored text does not hash to its stored hash (it was altered
    outside weerbaar: re-hashing would launder it), when the current models cannot read it, or when
    its new hash is taken by another snapshot. Each rewrite is recorded in the change log.
    """
    from norm.checklist import ChecklistError, checklist_from_snapshot

    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(
        "SELECT id, checklist_id, version, content_hash, definition FROM checklist_snapshots ORDER BY id"
    ).fetchall()
    taken = {row["content_hash"] for row in rows}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for row in rows:
        definition = row["definition"]
        if hashlib.sha256(definition.encode("utf-8")).hexdigest() != row["content_hash"]:
            continue
        try:
            checklist = checklist_from_snapshot(definition)
        except ChecklistError:
            continue
        new_hash, new_definition = checklist.content_hash, checklist.canonical_json()
        if new_hash == row["content_hash"] or new_hash in taken:
            continue
        db.execute(
            "UPDATE checklist_snapshots SET content_hash = ?, definition = ? WHERE id = ?",
            [new_hash, new_definition, row["id"]],
        )
        taken.discard(row["content_hash"])
        taken.add(new_hash)
        db.execute(
            "INSERT INTO changelog (at, actor, entity, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)",
            [now, MIGRATION_ACTOR, "checklist", f"controlegetal {row['checklist_id']} {row['version']}",
             row["content_hash"], new_hash],
        )


MIGRATIONS = (m001_tables, m002_locks, m003_content_hash_without_defaults)


def build_migrations() -> Migrations:
    """The migration set, in order; applied by ``Store.migrate``."""
    from sqlite_utils import Migrations

    migrations = Migrations("weerbaar")
    for function in MIGRATIONS:
        migrations()(function)
    return migrations
