"""Databases and bundles made before the content hash left out default values still work, and the
models can grow an optional field without breaking them (fixtures: tests/fixtures/legacy)."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_support import dump, signed, trust
from click.testing import CliRunner
from conftest import FIXTURES, fixed_clock
from pydantic import Field, create_model

import norm.checklist.loading as loading
from checklists import builtin_checklist_paths, builtin_checklists, install_builtins
from norm.canonical import canonical_json
from norm.checklist import Checklist, Item, Theme, checklist_from_snapshot, load_checklist_file, parse_checklist
from norm.exchange.importer import BundleImporter
from norm.store import Store
from norm.store.schema import MIGRATION_ACTOR, MIGRATIONS

LEGACY = FIXTURES / "legacy"
RECORDED = json.loads((LEGACY / "expected.json").read_text(encoding="utf-8"))
# Format v2: n.v.t. is no answer on a basisnorm measure (``Item.allows_na``), also in an old snapshot.
# The legacy scan assessment answered n.v.t. on the basisnorm measure WBS-INK01 under 2026.1; that
# answer now counts as open, exactly one answer fewer. Everything else is as expected.json recorded.
NA_NOW_OPEN = "5b6c5e22-1dab-4ddf-a69f-73976500397d"
EXPECTED = copy.deepcopy(RECORDED)
EXPECTED["assessments"][NA_NOW_OPEN].update(answered=49, not_applicable=4, completeness=49 / 50)
MINI = FIXTURES / "mini.yaml"
# The built-in checklists as they were when the fixtures were made (version 2026.1); the repository's
# own built-ins have moved on since, which a legacy database meets as new versions to load.
LEGACY_BUILTINS = sorted((LEGACY / "checklists").glob("*.yaml"))


def legacy_builtins() -> list[Checklist]:
    return [load_checklist_file(path) for path in LEGACY_BUILTINS]


def legacy_copy(tmp_path: Path) -> Path:
    """The legacy database in a folder of its own (opening it migrates it)."""
    path = tmp_path / "legacy.db"
    shutil.copyfile(LEGACY / "legacy.db", path)
    return path


def figures(store: Store) -> dict[str, dict[str, Any]]:
    """What expected.json recorded for each assessment, computed by the current code."""
    found = {}
    for record in store.assessments():
        result = store.score(record.id)
        found[record.uid] = {
            "checklist": f"{record.checklist_id} {record.checklist_version}",
            "status": record.status,
            "origin": record.origin,
            "overall": result.overall,
            "target_score": result.target_score,
            "completeness": result.completeness,
            "applicable": result.applicable,
            "answered": result.answered,
            "not_applicable": result.not_applicable,
            "basisnorm": result.basisnorm,
            "tier": result.tier.id if result.tier else None,
            "themes": {theme.code: theme.score for theme in result.themes},
            "gaps": [gap.code for gap in result.gaps],
            "answers": len(store.answers(record.id)),
            "actions": len(store.actions(record.id)),
        }
    return found


def migrations_of(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)  # never creates the file
    try:
        return [row[0] for row in connection.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        connection.close()


@pytest.fixture
def extended_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Checklist]]:
    """The checklist models as a later version might have them: an optional field with a default on
    the checklist and on every measure. Every checklist is parsed with them while the test runs."""
    # Field names no version has yet (ref_id and provider, the first example, became real in format v2).
    extended_item = create_model("Item", __base__=Item, future_note=(str | None, None))
    extended_theme = create_model("Theme", __base__=Theme, items=(list[extended_item], ...))
    extended = create_model(
        "Checklist", __base__=Checklist, themes=(list[extended_theme], Field(min_length=1)),
        future_label=(str | None, None),
    )
    monkeypatch.setattr(loading, "Checklist", extended)
    yield extended


# -- the fixtures are what they claim to be ------------------------------------------------------


def test_the_fixtures_were_made_by_the_old_code() -> None:
    assert EXPECTED["migrations"] == ["m001_tables", "m002_locks"]
    assert migrations_of(LEGACY / "legacy.db") == ["m001_tables", "m002_locks"]
    current = {f"{c.id} {c.version}": c.content_hash for c in [*legacy_builtins(), load_checklist_file(MINI)]}
    # Stored under the hash of the full model dump, which the current code no longer computes.
    assert set(EXPECTED["snapshots"]) == set(current)
    assert all(EXPECTED["snapshots"][name] != current[name] for name in current)
    for name in ("bundle-builtin.json", "bundle-mini.json"):
        data = json.loads((LEGACY / name).read_text(encoding="utf-8"))
        definition = canonical_json(data["checklist"]["definition"]).encode("utf-8")
        assert data["checklist"]["content_hash"] == hashlib.sha256(definition).hexdigest()
        assert data["checklist"]["content_hash"] in EXPECTED["snapshots"].values()


# -- (a) a legacy database -------------------------------------------------------------------------


def test_a_legacy_database_migrates_and_init_succeeds(tmp_path: Path) -> None:
    path = legacy_copy(tmp_path)
    with Store(path, actor="tester", clock=fixed_clock) as store:
        assert migrations_of(path)[2:] == [function.__name__ for function in MIGRATIONS[2:]]
        current = {f"{c.id} {c.version}": c for c in [*legacy_builtins(), load_checklist_file(MINI)]}
        stored = {f"{s.checklist_id} {s.version}": s for s in store.snapshots()}
        assert {name: s.content_hash for name, s in stored.items()} == {
            name: c.content_hash for name, c in current.items()}
        # The stored definition is the new canonical form and reads back as the same checklist.
        connection = sqlite3.connect(path)
        definitions = dict(connection.execute("SELECT checklist_id || ' ' || version, definition "
                                              "FROM checklist_snapshots"))
        connection.close()
        for name, snapshot in stored.items():
            assert definitions[name] == current[name].canonical_json()
            assert store.checklist(snapshot.id) == current[name]
        # Each re-hash is in the change log, old hash -> new hash.
        entries = [e for e in store.changelog() if e.actor == MIGRATION_ACTOR]
        assert sorted((e.old_value, e.new_value) for e in entries) == sorted(
            (EXPECTED["snapshots"][name], current[name].content_hash) for name in current)

        # The legacy versions are known under their new hashes: loading them again adds nothing.
        for checklist in legacy_builtins():
            assert store.add_checklist(checklist)[1] is False
        report = install_builtins(store)
        assert sorted(report.checklists_added) == sorted(f"{c.id} {c.version}" for c in builtin_checklists())
        assert figures(store) == EXPECTED["assessments"]

    from tui.cli import main

    result = CliRunner().invoke(main, ["--db", str(path), "init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(path) as store:
        assert figures(store) == EXPECTED["assessments"]
        assert len(store.snapshots()) == 3 + len(builtin_checklists())


def test_a_legacy_database_keeps_its_locks_and_its_received_submission_can_be_replaced(tmp_path: Path) -> None:
    path = legacy_copy(tmp_path)
    Store(path).close()
    uid = EXPECTED["bundles"]["bundle-mini.json"]["uid"]
    connection = sqlite3.connect(path)
    local = connection.execute("SELECT id, uid FROM assessments WHERE origin = 'lokaal' AND status = 'definitief'"
                               ).fetchone()
    # A route the triggers of m002 let through: REPLACE over the definitive assessment's uid.
    with pytest.raises(sqlite3.IntegrityError, match="definitief"):
        connection.execute("UPDATE OR REPLACE assessments SET uid = ? WHERE status = 'concept'", [local[1]])
    connection.close()

    # A newer export of the received submission, as its sender makes it now: signed, format 2.
    data = json.loads((LEGACY / "bundle-mini.json").read_text(encoding="utf-8"))
    del data["content_hash"], data["checklist"]["definition"]
    data.update(format_version=2, sequence=1, exported_at="2026-05-01T09:00:00Z")
    data["checklist"]["content_hash"] = load_checklist_file(MINI).content_hash  # as the sender's store has it now
    data["assessment"]["answers"][0]["level"] = 3
    with Store(path, actor="Provincie", clock=fixed_clock) as store:
        trust(store, data["organisation"]["code"])
        outcome = BundleImporter(store).import_bytes(signed(data), "nieuwer.json")
        assert outcome.outcome == "bijgewerkt", outcome.reason
        record = store.assessment_by_uid(uid)
        assert record is not None and record.is_definitive
        assert store.answers(record.id)[data["assessment"]["answers"][0]["item_code"]].level == 3
        assert len(store.snapshots()) == 3


# -- (b) legacy bundles ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundle-builtin.json", "bundle-mini.json"])
def test_a_legacy_bundle_is_refused_as_unsigned(tmp_store: Store, name: str) -> None:
    # Format 1 carried no signature: anyone could have written it. The sender exports again.
    for checklist in legacy_builtins():
        tmp_store.add_checklist(checklist)
    before = dump(tmp_store)
    outcome = BundleImporter(tmp_store).import_file(LEGACY / name)
    assert outcome.outcome == "geweigerd" and "niet ondertekend" in outcome.reason
    assert "opnieuw te exporteren" in outcome.reason
    assert dump(tmp_store) == before


def test_a_bundle_written_now_refers_to_the_checklist_by_its_hash(tmp_store: Store) -> None:
    from norm.exchange.bundle import build_bundle

    record = tmp_store.assessment(tmp_store.new_assessment("GM0344", "weerbaarheidsscan", "2026"))
    data = build_bundle(tmp_store, record.id, "benoemd")
    checklist = tmp_store.checklist(record.snapshot_id)
    assert data["checklist"] == {"id": checklist.id, "version": checklist.version,
                                 "content_hash": record_hash(tmp_store, record.snapshot_id)}
    assert data["checklist"]["content_hash"] == checklist.content_hash


def record_hash(store: Store, snapshot_id: int) -> str:
    return next(s.content_hash for s in store.snapshots() if s.id == snapshot_id)


# -- (c) the models grow ----------------------------------------------------------------------------


def test_an_optional_field_changes_no_content_hash(extended_models: type[Checklist]) -> None:
    for path in [*builtin_checklist_paths(), *LEGACY_BUILTINS, MINI]:
        before = Checklist.model_validate(loading.load_yaml_text(path.read_text(encoding="utf-8"), str(path)))
        after = load_checklist_file(path)
        assert isinstance(after, extended_models) and not isinstance(before, extended_models)
        assert after.future_label is None and all(item.future_note is None for item in after.items())
        assert "future_note" in after.model_dump()["themes"][0]["items"][0]
        assert after.content_hash == before.content_hash
        assert after.canonical_json() == before.canonical_json()


def test_an_optional_field_still_opens_a_legacy_database(tmp_path: Path, extended_models: type[Checklist]) -> None:
    path = legacy_copy(tmp_path)
    with Store(path, actor="tester", clock=fixed_clock) as store:
        assert all(store.add_checklist(checklist)[1] is False for checklist in legacy_builtins())
        report = install_builtins(store)
        assert sorted(report.checklists_added) == sorted(f"{c.id} {c.version}" for c in builtin_checklists())
        assert figures(store) == EXPECTED["assessments"]
        assert isinstance(store.checklist(store.snapshots()[0].id), extended_models)

    from tui.cli import main

    result = CliRunner().invoke(main, ["--db", str(path), "init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_an_optional_field_still_opens_a_database_made_today(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "today.db"
    with Store(path) as store:
        install_builtins(store)
        hashes = [s.content_hash for s in store.snapshots()]
    extended_item = create_model("Item", __base__=Item, future_note=(str | None, None))
    extended_theme = create_model("Theme", __base__=Theme, items=(list[extended_item], ...))
    extended = create_model("Checklist", __base__=Checklist,
                            themes=(list[extended_theme], Field(min_length=1)))
    monkeypatch.setattr(loading, "Checklist", extended)
    with Store(path) as store:
        assert install_builtins(store).checklists_added == []
        assert [s.content_hash for s in store.snapshots()] == hashes
        assert figures(store) == {}


def test_a_written_value_of_a_new_field_changes_the_hash(extended_models: type[Checklist]) -> None:
    plain = load_checklist_file(MINI)
    data = plain.definition_data()
    data["themes"][0]["items"][0]["ref_id"] = "BIBOB-1"
    with_value = parse_checklist(data)
    assert with_value.content_hash != plain.content_hash
    assert with_value.definition_data()["themes"][0]["items"][0]["ref_id"] == "BIBOB-1"
    data["provider"] = "RIEC Midden-Nederland"
    assert parse_checklist(data).content_hash not in {plain.content_hash, with_value.content_hash}
    # Writing the default value explicitly is the same definition.
    data = plain.definition_data()
    data["themes"][0]["items"][0]["ref_id"] = None
    assert parse_checklist(data).content_hash == plain.content_hash


def test_the_snapshot_of_a_checklist_reads_back_as_the_same_checklist() -> None:
    for checklist in [*builtin_checklists(), *legacy_builtins(), load_checklist_file(MINI)]:
        again = checklist_from_snapshot(checklist.canonical_json())
        assert again == checklist and again.content_hash == checklist.content_hash


# -- the migration itself ---------------------------------------------------------------------------


def test_the_migration_leaves_an_altered_snapshot_alone(tmp_path: Path) -> None:
    path = legacy_copy(tmp_path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE checklist_snapshots SET title = 'x', definition = replace(definition, "
                       "'Mini-weerbaarheidsnorm', 'Gewijzigde norm') WHERE checklist_id = 'mini-norm'")
    connection.commit()
    altered = connection.execute("SELECT content_hash, definition FROM checklist_snapshots "
                                 "WHERE checklist_id = 'mini-norm'").fetchone()
    connection.close()
    with Store(path) as store:
        mini = store.snapshots("mini-norm")[0]
        assert mini.content_hash == altered[0] == EXPECTED["snapshots"]["mini-norm 1.0"]
        assert all(s.content_hash != EXPECTED["snapshots"][f"{s.checklist_id} {s.version}"]
                   for s in store.snapshots() if s.checklist_id != "mini-norm")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT definition FROM checklist_snapshots WHERE checklist_id = 'mini-norm'"
                              ).fetchone()[0] == altered[1]
    connection.close()


def test_the_migration_runs_before_the_snapshots_are_locked() -> None:
    from norm.store.schema import (
        MIGRATIONS,
        m003_content_hash_without_defaults,
        m004_complete_locks,
        m005_mappings,
        m006_trust,
        m007_action_plan_and_attachments,
        m008_releases,
        m009_stored_scores,
        m010_accounts,
        m011_access,
        m013_benchmarks,
    )

    assert MIGRATIONS.index(m003_content_hash_without_defaults) < MIGRATIONS.index(m004_complete_locks)
    # Only new tables, columns and their locks (no rewrite of snapshots) come after the locks.
    assert MIGRATIONS[MIGRATIONS.index(m004_complete_locks) + 1:] == (
        m005_mappings, m006_trust, m007_action_plan_and_attachments, m008_releases, m009_stored_scores,
        m010_accounts, m011_access, m013_benchmarks)


@pytest.mark.parametrize(("stated", "accepted"), [("old", True), ("new", True), ("other", False)])
def test_an_answer_sheet_exported_before_the_migration_still_imports(tmp_path: Path, stated: str,
                                                                     accepted: bool) -> None:
    import io

    from norm.exchange.answer_sheet import META_SHEET, AnswerSheetError, build_answer_sheet, import_answer_sheet

    path = legacy_copy(tmp_path)
    with Store(path, actor="tester", clock=fixed_clock) as store:
        [concept] = [r for r in store.assessments() if r.status == "concept"]
        old = EXPECTED["snapshots"][f"{concept.checklist_id} {concept.checklist_version}"]
        book = build_answer_sheet(store, concept.id)
        meta = book[META_SHEET]
        [row] = [r for r in meta.iter_rows() if r[0].value == "checklist"]
        assert row[1].value == store.checklist(concept.snapshot_id).content_hash != old
        row[1].value = {"old": old, "new": row[1].value, "other": "0" * 64}[stated]
        data = io.BytesIO()
        book.save(data)
        before = store.answers(concept.id)
        if accepted:
            assert import_answer_sheet(store, concept.id, data.getvalue()).changed == []
        else:
            with pytest.raises(AnswerSheetError, match="andere versie van de checklist"):
                import_answer_sheet(store, concept.id, data.getvalue())
        assert store.answers(concept.id) == before
        assert store.content_hashes(concept.snapshot_id) == {old, store.snapshots(concept.checklist_id)[0].content_hash}
