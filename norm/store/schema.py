"""The database schema as sqlite-utils migrations, and the locks the database enforces itself.

sqlite-utils is imported only when migrations are built: its package imports click for its own
command line at import time, and the core must stay importable without UI libraries.

Migrations are never edited once released (databases in the field have applied them); a change is a
new migration. ``m001`` creates the tables, ``m002`` added the first lock triggers, ``m003`` re-hashes
the stored checklist snapshots without default values, ``m004`` replaces the triggers of ``m002`` by
the complete set below, ``m005`` adds the mapping files and the origin of pre-filled answers, ``m006``
adds the key register, the export and receive sequences, the recognised bundle files, the sign-off
(vaststelling) and the consent lock on received assessments, ``m007`` lets the action plan of a
definitive assessment live on and adds attached documents,
``m008`` adds releases (frozen sets of counted assessments, issue #11),
``m009`` the stored scores of definitive assessments,
``m010`` the accounts and the login audit log of hosted mode,
``m011`` the roles, assignments and answer revisions of hosted mode (not locked: they are no content
of an assessment; an assignment or revision of a deleted concept goes with it by cascade),
``m013`` the benchmarks received from the province (not locked: published figures, no assessment's content).

What the database itself refuses, whoever writes (the Store, a plain ``sqlite3`` connection, the
``sqlite3`` shell), with ``recursive_triggers`` off or on, for ``INSERT``, ``UPDATE``, ``DELETE`` and
their ``OR REPLACE`` / ``REPLACE INTO`` forms:

- **Answers and actions of a definitive assessment** (any origin): no change, no removal, no new
  row, no row moved into or out of it (by ``assessment_id``), and no row of a concept that takes the
  place of one of its rows (an explicit ``rowid`` / ``id`` that REPLACE would overwrite).
  Since ``m007`` one exception: the action plan lives on. An action of a definitive *local*
  assessment may change its ``status`` (to one of the action statuses), ``deadline`` (a date
  ``JJJJ-MM-DD`` or none), ``note`` (at most ``MAX_TEXT`` characters) and ``updated_at``, and
  nothing else; actions of a received assessment stay locked entirely.
- **Attached documents** (``attachments``, m007) of a definitive assessment: like its answers, no
  change, no removal, no new row, no row moved into or out of it, no REPLACE over one.
- **A definitive local assessment** (origin ``lokaal``): no removal (so no cascade to its answers),
  no REPLACE over it (by ``id`` or ``uid``), no other row moved onto its ``id`` or ``uid``, and no
  change of any column except ``sharing`` (a consent decision, recorded when exporting),
  ``position`` (the remembered cursor) and ``updated_at``. Its status cannot go back to concept.
- **The change log**: append-only. No update, no removal, no REPLACE over an existing entry.
- **Mapping files** (``mappings``, m005): like checklist snapshots, no update, no removal, no
  REPLACE over a stored one (by ``id`` or ``content_hash``).
- **The origin of a pre-filled answer** (``answer_origins``, m005) of a definitive assessment: as
  its answers, no change, no removal, no new row, no row moved into or out of it.
- **Releases** (``releases``, ``release_members``, m008): no update, no removal, no REPLACE over a
  stored release or member; a release's member list is closed once it holds the number of members
  the release row declares (no member added later).
- **Stored scores** (``assessment_scores``, ``theme_scores``, ``item_scores``, m009) of a definitive
  assessment (any origin): as its answers, no change, no removal, no new row, no row moved into or
  out of it. The store writes them while the assessment is still a concept, in the transaction that
  makes it definitive; ``m009`` fills them for the definitive assessments of an older database
  before its triggers exist.
- **The login audit log** (``login_log``, m010): append-only like the change log. No update, no
  removal, no REPLACE over an existing entry. Accounts themselves change (password, lock-out,
  disabled) and are never removed by the store: a disabled account keeps its name in the logs.
- **Checklist snapshots**: no update, no removal, no REPLACE over an existing snapshot (by ``id`` or
  ``content_hash``). New snapshots may be added. The one rewrite ever made to stored snapshots is
  migration ``m003``, which runs before ``m004`` creates these triggers: on a new database
  ``m003`` finds no snapshots, on an older one it runs once before the lock exists.

- **Consent on a received assessment** (m006): its ``sharing`` can be lowered (more private), never
  raised, unless the same statement brings a new submission (a new ``bundle_hash``: the sender's own
  decision); also no ``REPLACE`` that raises it.
- **The sign-off** (``sign_offs``, m006) of a definitive local assessment: no change, no removal,
  no new row.

What is deliberately not locked:

- Concepts: their answers, actions and the assessment row change freely, and a concept can be
  deleted (with its answers and actions, by cascade when foreign keys are on).
- Received (origin ``import``) and demo (origin ``demo``) assessments, at the assessment row: the
  importer replaces a received assessment by a newer submission of it by reopening it to concept,
  replacing its answers and actions and setting the bundle's status again; ``weerbaar demo --replace``
  deletes demo assessments. Their answers and actions are locked while they are definitive, as above.
- Organisations (name, type, attributes) and settings. Only an organisation with a definitive
  local assessment is held in place: it cannot be removed, renamed to another code or replaced by
  REPLACE, which would leave the assessment without its organisation.

Not covered: statements that change the schema itself (``DROP TRIGGER``, ``PRAGMA writable_schema``)
or write the file's bytes; whoever can do that can do anything with the file. A migration adding a
column to ``assessments`` must recreate ``assessments_lock_update`` so the new column is locked too
(``assessment_lock_sql`` builds it from the table's columns).
"""

# The trigger texts are put together from this module's constants and the table's own column names,
# never from input: S608 (SQL built from strings) does not apply here.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from typing import TYPE_CHECKING

from norm.vocabulary import DEFINITIVE, IMPORTED, LOCAL

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

LOCKED = "RAISE(ABORT, 'beoordeling is definitief en kan niet meer worden gewijzigd')"
LOG_LOCKED = "RAISE(ABORT, 'het wijzigingslogboek kan niet worden aangepast')"
SNAPSHOT_LOCKED = "RAISE(ABORT, 'een opgeslagen checklistversie kan niet worden gewijzigd')"
MIGRATION_ACTOR = "weerbaar (databasemigratie)"
RELEASE_LOCKED = "RAISE(ABORT, 'een release is vastgelegd en kan niet worden gewijzigd')"

# Columns of a definitive local assessment that may still change.
ASSESSMENT_MUTABLE = ("sharing", "position", "updated_at")


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


def _assessment_locked(ref: str) -> str:
    return f"{ref}.status = '{DEFINITIVE}' AND {ref}.origin = '{LOCAL}'"


def assessment_lock_sql(columns: list[str]) -> str:
    """The BEFORE UPDATE trigger of ``assessments`` for its current ``columns``."""
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in columns if name not in ASSESSMENT_MUTABLE)
    return (
        "CREATE TRIGGER assessments_lock_update BEFORE UPDATE ON assessments "
        f"WHEN ({_assessment_locked('OLD')} AND ({changed})) "
        "OR (NEW.id IS NOT OLD.id AND EXISTS (SELECT 1 FROM assessments AS other "
        f"WHERE other.id = NEW.id AND {_assessment_locked('other')})) "
        "OR (NEW.uid IS NOT OLD.uid AND EXISTS (SELECT 1 FROM assessments AS other "
        f"WHERE other.uid = NEW.uid AND {_assessment_locked('other')})) "
        f"BEGIN SELECT {LOCKED}; END"
    )


def m004_complete_locks(db: Database) -> None:
    """Locks that hold against every write statement, REPLACE included (see the module docstring).

    With ``recursive_triggers`` off (the default of a plain connection) the rows that ``INSERT OR
    REPLACE`` / ``UPDATE OR REPLACE`` delete to make room fire no DELETE trigger, so every BEFORE
    INSERT and BEFORE UPDATE trigger also checks the row its new key would overwrite.
    """
    for name in (
        "answers_locked_insert", "answers_locked_update", "answers_locked_delete",
        "actions_locked_insert", "actions_locked_update", "actions_locked_delete",
        "assessments_locked_update", "assessments_locked_delete",
    ):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")

    def definitive(ref: str) -> str:
        return f"(SELECT status FROM assessments WHERE id = {ref}.assessment_id) = '{DEFINITIVE}'"

    for table, key in (("answers", "rowid"), ("actions", "id")):
        # A row of a definitive assessment that a new key would overwrite.
        overwritten = (
            f"EXISTS (SELECT 1 FROM {table} AS other JOIN assessments AS parent ON parent.id = other.assessment_id "
            f"WHERE other.{key} = NEW.{key} AND parent.status = '{DEFINITIVE}')"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_insert BEFORE INSERT ON {table} "
            f"WHEN {definitive('NEW')} OR {overwritten} BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_update BEFORE UPDATE ON {table} "
            f"WHEN {definitive('OLD')} OR {definitive('NEW')} OR (NEW.{key} IS NOT OLD.{key} AND {overwritten}) "
            f"BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_delete BEFORE DELETE ON {table} "
            f"WHEN {definitive('OLD')} BEGIN SELECT {LOCKED}; END"
        )

    columns = [row[1] for row in db.execute("PRAGMA table_info(assessments)").fetchall()]
    db.execute(
        "CREATE TRIGGER assessments_lock_insert BEFORE INSERT ON assessments "
        "WHEN EXISTS (SELECT 1 FROM assessments AS other "
        f"WHERE other.id = NEW.id AND {_assessment_locked('other')}) "
        "OR EXISTS (SELECT 1 FROM assessments AS other "
        f"WHERE other.uid = NEW.uid AND {_assessment_locked('other')}) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(assessment_lock_sql(columns))
    db.execute(
        "CREATE TRIGGER assessments_lock_delete BEFORE DELETE ON assessments "
        f"WHEN {_assessment_locked('OLD')} BEGIN SELECT {LOCKED}; END"
    )

    # changelog_append_only_update and _delete (m002) stay: they refuse every update and removal.
    db.execute(
        "CREATE TRIGGER changelog_append_only_insert BEFORE INSERT ON changelog "
        f"WHEN EXISTS (SELECT 1 FROM changelog WHERE id = NEW.id) BEGIN SELECT {LOG_LOCKED}; END"
    )

    db.execute(
        "CREATE TRIGGER checklist_snapshots_fixed_insert BEFORE INSERT ON checklist_snapshots "
        "WHEN EXISTS (SELECT 1 FROM checklist_snapshots WHERE id = NEW.id) "
        "OR EXISTS (SELECT 1 FROM checklist_snapshots WHERE content_hash = NEW.content_hash) "
        f"BEGIN SELECT {SNAPSHOT_LOCKED}; END"
    )
    # An organisation with a definitive local assessment keeps its code and its row: removing or
    # renaming it would orphan the assessment (foreign keys are off on a plain connection).
    uses = ("EXISTS (SELECT 1 FROM assessments AS a WHERE a.organisation_code = {ref}.code AND "
            f"{_assessment_locked('a')})")
    db.execute(
        "CREATE TRIGGER organisations_lock_insert BEFORE INSERT ON organisations "
        f"WHEN {uses.format(ref='NEW')} BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER organisations_lock_update BEFORE UPDATE ON organisations "
        f"WHEN NEW.code IS NOT OLD.code AND ({uses.format(ref='OLD')} OR {uses.format(ref='NEW')}) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER organisations_lock_delete BEFORE DELETE ON organisations "
        f"WHEN {uses.format(ref='OLD')} BEGIN SELECT {LOCKED}; END"
    )

    db.execute(
        "CREATE TRIGGER checklist_snapshots_fixed_update BEFORE UPDATE ON checklist_snapshots "
        f"BEGIN SELECT {SNAPSHOT_LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER checklist_snapshots_fixed_delete BEFORE DELETE ON checklist_snapshots "
        f"BEGIN SELECT {SNAPSHOT_LOCKED}; END"
    )


MAPPING_LOCKED = "RAISE(ABORT, 'een opgeslagen koppeling kan niet worden gewijzigd')"


def m005_mappings(db: Database) -> None:
    """Mapping files and the origin of answers pre-filled through them, locked as in ``m004``.

    ``mappings`` holds each stored mapping file as canonical JSON with its content hash, like
    ``checklist_snapshots``. ``answer_origins`` says, per answer that the store pre-filled from a
    mapped measure of another checklist, where it came from; the row goes when the user gives the
    measure an answer of their own. It belongs to its assessment exactly as the answer does.
    """
    db.execute(
        """CREATE TABLE mappings (
            id INTEGER PRIMARY KEY,
            mapping_id TEXT NOT NULL,
            version TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            source_checklist TEXT NOT NULL,
            source_version TEXT NOT NULL,
            target_checklist TEXT NOT NULL,
            target_version TEXT NOT NULL,
            definition TEXT NOT NULL,
            loaded_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE answer_origins (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            source_assessment_id INTEGER,
            source_checklist TEXT NOT NULL,
            source_title TEXT NOT NULL DEFAULT '',
            source_code TEXT NOT NULL,
            relation TEXT NOT NULL,
            confirmed INTEGER NOT NULL DEFAULT 0,
            created_at TEXT,
            created_by TEXT,
            PRIMARY KEY (assessment_id, item_code)
        )"""
    )

    def definitive(ref: str) -> str:
        return f"(SELECT status FROM assessments WHERE id = {ref}.assessment_id) = '{DEFINITIVE}'"

    overwritten = (
        "EXISTS (SELECT 1 FROM answer_origins AS other JOIN assessments AS parent ON parent.id = other.assessment_id "
        f"WHERE other.rowid = NEW.rowid AND parent.status = '{DEFINITIVE}')"
    )
    db.execute(
        "CREATE TRIGGER answer_origins_lock_insert BEFORE INSERT ON answer_origins "
        f"WHEN {definitive('NEW')} OR {overwritten} BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER answer_origins_lock_update BEFORE UPDATE ON answer_origins "
        f"WHEN {definitive('OLD')} OR {definitive('NEW')} OR (NEW.rowid IS NOT OLD.rowid AND {overwritten}) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER answer_origins_lock_delete BEFORE DELETE ON answer_origins "
        f"WHEN {definitive('OLD')} BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER mappings_fixed_insert BEFORE INSERT ON mappings "
        "WHEN EXISTS (SELECT 1 FROM mappings WHERE id = NEW.id) "
        "OR EXISTS (SELECT 1 FROM mappings WHERE content_hash = NEW.content_hash) "
        f"BEGIN SELECT {MAPPING_LOCKED}; END"
    )
    db.execute(f"CREATE TRIGGER mappings_fixed_update BEFORE UPDATE ON mappings BEGIN SELECT {MAPPING_LOCKED}; END")
    db.execute(f"CREATE TRIGGER mappings_fixed_delete BEFORE DELETE ON mappings BEGIN SELECT {MAPPING_LOCKED}; END")


SHARING_RANK = "CASE {} WHEN 'intern' THEN 0 WHEN 'geaggregeerd' THEN 1 WHEN 'benoemd' THEN 2 ELSE 3 END"
CONSENT_LOCKED = "RAISE(ABORT, 'het deelniveau van een ontvangen beoordeling kan alleen omlaag, nooit omhoog')"


def m006_trust(db: Database) -> None:
    """The trusted exchange (#10): key register, sequences, recognised files, sign-off, consent lock.

    - ``signing_keys``: which public key belongs to which organisation (the receiver's register; the
      own key's public half too), with its status (``vertrouwd``, ``ingetrokken``, ``vervangen``) and
      whether that organisation is the default receiver of exports (``receiver``).
    - ``export_sequences``: per local assessment the sequence number of its last export.
    - ``received_bundles``: per received assessment the sequence, signing key and export moment of
      the submission held; a newer one must carry a higher sequence.
    - ``imported_files``: the SHA-256 of every bundle file imported, so an unchanged file is skipped
      before it is parsed.
    - ``sign_offs``: who established (vastgesteld) an assessment: name, role, date, decision.
    """
    db.execute(
        """CREATE TABLE signing_keys (
            id INTEGER PRIMARY KEY,
            organisation_code TEXT NOT NULL,
            public_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'vertrouwd'
                CHECK (status IN ('vertrouwd', 'ingetrokken', 'vervangen')),
            receiver INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            added_at TEXT,
            added_by TEXT,
            changed_at TEXT,
            UNIQUE (organisation_code, fingerprint)
        )"""
    )
    db.execute(
        """CREATE TABLE export_sequences (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL CHECK (sequence > 0)
        )"""
    )
    db.execute(
        """CREATE TABLE received_bundles (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            received_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE imported_files (
            file_hash TEXT PRIMARY KEY,
            assessment_id INTEGER REFERENCES assessments(id) ON DELETE CASCADE,
            imported_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE sign_offs (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            decision TEXT NOT NULL DEFAULT '',
            recorded_at TEXT,
            recorded_by TEXT
        )"""
    )

    def local_definitive(ref: str) -> str:
        return (f"(SELECT status = '{DEFINITIVE}' AND origin = '{LOCAL}' FROM assessments "
                f"WHERE id = {ref}.assessment_id)")

    db.execute(
        "CREATE TRIGGER sign_offs_lock_insert BEFORE INSERT ON sign_offs "
        f"WHEN {local_definitive('NEW')} OR EXISTS (SELECT 1 FROM sign_offs AS other "
        f"WHERE other.assessment_id = NEW.assessment_id AND {local_definitive('other')}) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER sign_offs_lock_update BEFORE UPDATE ON sign_offs "
        f"WHEN {local_definitive('OLD')} OR {local_definitive('NEW')} BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER sign_offs_lock_delete BEFORE DELETE ON sign_offs "
        f"WHEN {local_definitive('OLD')} BEGIN SELECT {LOCKED}; END"
    )
    old_rank, new_rank = SHARING_RANK.format("OLD.sharing"), SHARING_RANK.format("NEW.sharing")
    db.execute(
        "CREATE TRIGGER assessments_consent_update BEFORE UPDATE OF sharing ON assessments "
        f"WHEN OLD.origin = '{IMPORTED}' AND NEW.bundle_hash IS OLD.bundle_hash AND {new_rank} > {old_rank} "
        f"BEGIN SELECT {CONSENT_LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER assessments_consent_insert BEFORE INSERT ON assessments "
        "WHEN EXISTS (SELECT 1 FROM assessments AS held WHERE (held.id = NEW.id OR held.uid = NEW.uid) "
        f"AND held.origin = '{IMPORTED}' AND NEW.bundle_hash IS held.bundle_hash "
        f"AND {new_rank} > {SHARING_RANK.format('held.sharing')}) "
        f"BEGIN SELECT {CONSENT_LOCKED}; END"
    )


# Columns of an action of a definitive local assessment that may still change (m007): the plan.
ACTION_PLAN_MUTABLE = ("status", "deadline", "note", "updated_at")


def m007_action_plan_and_attachments(db: Database) -> None:
    """The action plan after finalising, carried-over actions linked to their origin, and documents.

    ``actions`` gains ``note`` (a note on the progress of the plan) and ``origin_action_id`` (the
    action of the previous assessment it was carried over from). ``actions_lock_update`` is
    recreated: on a definitive local assessment only the columns of ``ACTION_PLAN_MUTABLE`` may
    change, with valid values; everything else stays as ``m004`` locked it. ``attachments`` holds
    the documents attached to a measure (the bytes with name, size and SHA-256), locked with its
    assessment like the answers.
    """
    from norm.vocabulary import ACTION_STATUSES, MAX_TEXT

    db.execute("ALTER TABLE actions ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE actions ADD COLUMN origin_action_id INTEGER")
    db.table("actions").create_index(["origin_action_id"])
    db.execute("DROP TRIGGER IF EXISTS actions_lock_update")

    def parent(ref: str, column: str) -> str:
        return f"(SELECT {column} FROM assessments WHERE id = {ref}.assessment_id)"

    columns = [row[1] for row in db.execute("PRAGMA table_info(actions)").fetchall()]
    locked = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in columns if name not in ACTION_PLAN_MUTABLE)
    statuses = ", ".join(f"'{status}'" for status in ACTION_STATUSES)
    invalid = (
        f"NEW.status NOT IN ({statuses}) "
        "OR (NEW.deadline IS NOT NULL AND date(NEW.deadline, '+0 days') IS NOT NEW.deadline) "
        f"OR NEW.note IS NULL OR length(NEW.note) > {int(MAX_TEXT)}"
    )
    overwritten = (
        "EXISTS (SELECT 1 FROM actions AS other JOIN assessments AS p ON p.id = other.assessment_id "
        f"WHERE other.id = NEW.id AND p.status = '{DEFINITIVE}')"
    )
    db.execute(
        "CREATE TRIGGER actions_lock_update BEFORE UPDATE ON actions WHEN "
        f"({parent('OLD', 'status')} = '{DEFINITIVE}' AND ("
        f"{parent('OLD', 'origin')} IS NOT '{LOCAL}' OR {locked} OR {invalid})) "
        f"OR ({parent('NEW', 'status')} = '{DEFINITIVE}' AND NEW.assessment_id IS NOT OLD.assessment_id) "
        f"OR (NEW.id IS NOT OLD.id AND {overwritten}) "
        f"BEGIN SELECT {LOCKED}; END"
    )

    db.execute(
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content BLOB NOT NULL,
            added_at TEXT,
            added_by TEXT
        )"""
    )
    db.table("attachments").create_index(["assessment_id", "item_code"])

    def definitive(ref: str) -> str:
        return f"{parent(ref, 'status')} = '{DEFINITIVE}'"

    taken = (
        "EXISTS (SELECT 1 FROM attachments AS other JOIN assessments AS p ON p.id = other.assessment_id "
        f"WHERE other.id = NEW.id AND p.status = '{DEFINITIVE}')"
    )
    db.execute(
        "CREATE TRIGGER attachments_lock_insert BEFORE INSERT ON attachments "
        f"WHEN {definitive('NEW')} OR {taken} BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER attachments_lock_update BEFORE UPDATE ON attachments "
        f"WHEN {definitive('OLD')} OR {definitive('NEW')} OR (NEW.id IS NOT OLD.id AND {taken}) "
        f"BEGIN SELECT {LOCKED}; END"
    )
    db.execute(
        "CREATE TRIGGER attachments_lock_delete BEFORE DELETE ON attachments "
        f"WHEN {definitive('OLD')} BEGIN SELECT {LOCKED}; END"
    )


def m008_releases(db: Database) -> None:
    """Releases: the set of counted assessments of a checklist and period, frozen with its figures.

    ``releases`` holds one row per release (checklist, period, k, when and by whom, how many members);
    ``release_members`` one row per counted organisation with what the figures need, frozen: the
    assessment, whether it is ``benoemd`` (name only then), the groups it belongs to and its scores as
    JSON. Both are append-only; see the module docstring.
    """
    db.execute(
        """CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            checklist_id TEXT NOT NULL,
            period TEXT NOT NULL,
            min_group INTEGER NOT NULL,
            members INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT
        )"""
    )
    db.execute("CREATE INDEX releases_scope ON releases (checklist_id, period, id)")
    db.execute(
        """CREATE TABLE release_members (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            organisation_code TEXT NOT NULL,
            assessment_id INTEGER NOT NULL,
            named INTEGER NOT NULL,
            name TEXT,
            type TEXT NOT NULL,
            police_district TEXT,
            size_class TEXT,
            checklist_version TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            finalised_at TEXT,
            scores TEXT NOT NULL,
            PRIMARY KEY (release_id, organisation_code)
        )"""
    )
    db.execute(
        "CREATE TRIGGER releases_fixed_insert BEFORE INSERT ON releases "
        f"WHEN EXISTS (SELECT 1 FROM releases WHERE id = NEW.id) BEGIN SELECT {RELEASE_LOCKED}; END"
    )
    db.execute(f"CREATE TRIGGER releases_fixed_update BEFORE UPDATE ON releases BEGIN SELECT {RELEASE_LOCKED}; END")
    db.execute(f"CREATE TRIGGER releases_fixed_delete BEFORE DELETE ON releases BEGIN SELECT {RELEASE_LOCKED}; END")
    db.execute(
        "CREATE TRIGGER release_members_fixed_insert BEFORE INSERT ON release_members "
        "WHEN NOT EXISTS (SELECT 1 FROM releases WHERE id = NEW.release_id) "
        "OR EXISTS (SELECT 1 FROM release_members WHERE release_id = NEW.release_id "
        "AND organisation_code = NEW.organisation_code) "
        "OR EXISTS (SELECT 1 FROM release_members WHERE rowid = NEW.rowid) "
        "OR (SELECT COUNT(*) FROM release_members WHERE release_id = NEW.release_id) "
        ">= (SELECT members FROM releases WHERE id = NEW.release_id) "
        f"BEGIN SELECT {RELEASE_LOCKED}; END"
    )
    db.execute("CREATE TRIGGER release_members_fixed_update BEFORE UPDATE ON release_members "
               f"BEGIN SELECT {RELEASE_LOCKED}; END")
    db.execute("CREATE TRIGGER release_members_fixed_delete BEFORE DELETE ON release_members "
               f"BEGIN SELECT {RELEASE_LOCKED}; END")


def m009_stored_scores(db: Database) -> None:
    """Stored scores of definitive assessments (``norm.store.scores``), filled for existing ones, then locked.

    Three tables keyed by assessment (``assessment_scores``; ``theme_scores`` and ``item_scores`` by
    assessment and code) and the view ``definitive_scores`` for aggregate reads in SQL. The rows of
    every definitive assessment already in the database are computed here, before the lock triggers
    exist; from then on they belong to their assessment exactly as its answers do (see the module
    docstring).
    """
    from norm.store.scores import SCORE_TABLES, fill_all_scores

    db.execute(
        """CREATE TABLE assessment_scores (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
            overall REAL,
            target_score REAL,
            completeness REAL NOT NULL,
            applicable INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            not_applicable INTEGER NOT NULL,
            basisnorm TEXT NOT NULL,
            basisnorm_open INTEGER NOT NULL,
            basisnorm_failing INTEGER NOT NULL,
            gaps INTEGER NOT NULL,
            basisnorm_gaps INTEGER NOT NULL,
            tier_id TEXT,
            tier_index INTEGER
        )"""
    )
    db.execute(
        """CREATE TABLE theme_scores (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            theme_code TEXT NOT NULL,
            position INTEGER NOT NULL,
            score REAL,
            target_score REAL,
            applicable INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            scored INTEGER NOT NULL,
            not_applicable INTEGER NOT NULL,
            meeting_target INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, theme_code)
        )"""
    )
    db.execute(
        """CREATE TABLE item_scores (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            theme_code TEXT NOT NULL,
            position INTEGER NOT NULL,
            state TEXT NOT NULL,
            level INTEGER,
            target INTEGER NOT NULL,
            weight REAL NOT NULL,
            basisnorm INTEGER NOT NULL,
            score REAL,
            meets_target INTEGER,
            gap INTEGER NOT NULL,
            carried_over INTEGER NOT NULL,
            na_without_reason INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, item_code)
        )"""
    )
    db.execute(
        """CREATE VIEW definitive_scores AS
            SELECT a.id AS assessment_id, a.organisation_code, o.type AS organisation_type, a.snapshot_id,
                   c.checklist_id, c.version AS checklist_version, a.period, a.sharing, a.origin, a.finalised_at,
                   s.overall, s.target_score, s.completeness, s.applicable, s.answered, s.not_applicable,
                   s.basisnorm, s.basisnorm_open, s.basisnorm_failing, s.gaps, s.basisnorm_gaps, s.tier_id,
                   s.tier_index
            FROM assessment_scores s
            JOIN assessments a ON a.id = s.assessment_id
            JOIN organisations o ON o.code = a.organisation_code
            JOIN checklist_snapshots c ON c.id = a.snapshot_id
            WHERE a.status = 'definitief'"""
    )
    fill_all_scores(db.conn)

    def definitive(ref: str) -> str:
        return f"(SELECT status FROM assessments WHERE id = {ref}.assessment_id) = '{DEFINITIVE}'"

    for table in SCORE_TABLES:
        overwritten = (
            f"EXISTS (SELECT 1 FROM {table} AS other JOIN assessments AS parent ON parent.id = other.assessment_id "
            f"WHERE other.rowid = NEW.rowid AND parent.status = '{DEFINITIVE}')"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_insert BEFORE INSERT ON {table} "
            f"WHEN {definitive('NEW')} OR {overwritten} BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_update BEFORE UPDATE ON {table} "
            f"WHEN {definitive('OLD')} OR {definitive('NEW')} OR (NEW.rowid IS NOT OLD.rowid AND {overwritten}) "
            f"BEGIN SELECT {LOCKED}; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_lock_delete BEFORE DELETE ON {table} "
            f"WHEN {definitive('OLD')} BEGIN SELECT {LOCKED}; END"
        )


LOGIN_LOG_LOCKED = "RAISE(ABORT, 'het aanmeldlogboek kan niet worden aangepast')"


def m010_accounts(db: Database) -> None:
    """Hosted mode: the built-in accounts and the login audit log (append-only).

    ``accounts`` holds an argon2id hash (NULL for an account that logs in only through a trusted
    proxy), the TOTP secret and the last time step used (a code is accepted once), the count of
    consecutive failures and until when the account is locked. ``login_log`` records every login,
    failure, lock-out, refusal, logout and timeout with the address it came from.
    """
    db.execute(
        """CREATE TABLE accounts (
            username TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            password_hash TEXT,
            totp_secret TEXT,
            totp_last_step INTEGER,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE login_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            username TEXT NOT NULL,
            event TEXT NOT NULL,
            remote TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX login_log_username ON login_log (username, id)")
    db.execute(
        "CREATE TRIGGER login_log_append_only_insert BEFORE INSERT ON login_log "
        "WHEN EXISTS (SELECT 1 FROM login_log WHERE id = NEW.id) "
        f"BEGIN SELECT {LOGIN_LOG_LOCKED}; END"
    )
    db.execute(f"CREATE TRIGGER login_log_append_only_update BEFORE UPDATE ON login_log "
               f"BEGIN SELECT {LOGIN_LOG_LOCKED}; END")
    db.execute(f"CREATE TRIGGER login_log_append_only_delete BEFORE DELETE ON login_log "
               f"BEGIN SELECT {LOGIN_LOG_LOCKED}; END")


def m011_access(db: Database) -> None:
    """Roles, assignments and answer revisions for hosted mode (``norm.access``, ``norm.store.access``).

    ``access_grants`` holds each role of a user, for an organisation or regional (no organisation).
    ``assignments`` gives a theme or a measure of an assessment to a colleague ("mijn maatregelen").
    ``answer_revisions`` counts the changes of each answer of a local assessment: a trigger raises it
    on every insert and update of the answer, whoever writes, so a save over a colleague's newer
    answer is noticed (``Store.save_answer``). Received and demo assessments are not counted (they are
    written in bulk and never edited here).
    """
    db.execute(
        """CREATE TABLE access_grants (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL,
            role TEXT NOT NULL,
            organisation_code TEXT,
            assigned_only INTEGER NOT NULL DEFAULT 0,
            granted_at TEXT NOT NULL,
            granted_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX access_grants_unique ON access_grants "
               "(username, role, IFNULL(organisation_code, ''))")
    db.execute(
        """CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            username TEXT NOT NULL,
            theme_code TEXT,
            item_code TEXT,
            assigned_at TEXT NOT NULL,
            assigned_by TEXT NOT NULL,
            CHECK ((theme_code IS NULL) <> (item_code IS NULL))
        )"""
    )
    db.execute("CREATE UNIQUE INDEX assignments_unique ON assignments "
               "(assessment_id, username, IFNULL(theme_code, ''), IFNULL(item_code, ''))")
    db.execute(
        """CREATE TABLE answer_revisions (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, item_code)
        )"""
    )
    local = f"(SELECT origin FROM assessments WHERE id = NEW.assessment_id) = '{LOCAL}'"
    bump = ("INSERT INTO answer_revisions (assessment_id, item_code, revision) "
            "VALUES (NEW.assessment_id, NEW.item_code, 1) "
            "ON CONFLICT (assessment_id, item_code) DO UPDATE SET revision = revision + 1;")
    db.execute(f"CREATE TRIGGER answers_revision_insert AFTER INSERT ON answers WHEN {local} BEGIN {bump} END")
    db.execute(f"CREATE TRIGGER answers_revision_update AFTER UPDATE ON answers WHEN {local} BEGIN {bump} END")


def m013_benchmarks(db: Database) -> None:
    """Benchmarks received from the province (``norm.benchmark``, ``norm.store.benchmarks``).

    One row per imported benchmark file: the checklist version it is about, the period, the date of
    the release it was built from, the fingerprint of the key that signed it, the signed payload
    (published figures only) and when it was imported. Written once; the newest of a checklist and
    period is the one shown. ``payload_hash`` (SHA-256 of the signed bytes) recognises a file
    imported before.
    """
    db.execute(
        """CREATE TABLE benchmarks (
            id INTEGER PRIMARY KEY,
            checklist_id TEXT NOT NULL,
            checklist_version TEXT NOT NULL,
            checklist_hash TEXT NOT NULL,
            period TEXT NOT NULL,
            release_date TEXT NOT NULL,
            issuer TEXT NOT NULL,
            signer_fingerprint TEXT NOT NULL,
            payload_hash TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT
        )"""
    )
    db.execute("CREATE INDEX benchmarks_checklist_period ON benchmarks (checklist_id, period)")


MIGRATIONS = (
    m001_tables, m002_locks, m003_content_hash_without_defaults, m004_complete_locks, m005_mappings, m006_trust,
    m007_action_plan_and_attachments, m008_releases, m009_stored_scores, m010_accounts, m011_access,
    m013_benchmarks,
)


def build_migrations() -> Migrations:
    """The migration set, in order; applied by ``Store.migrate``."""
    from sqlite_utils import Migrations

    migrations = Migrations("weerbaar")
    for function in MIGRATIONS:
        migrations()(function)
    return migrations
