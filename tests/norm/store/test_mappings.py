"""Mapping files in the store and the answers pre-filled through them ("overgenomen uit …")."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from checklists import builtin_mappings
from norm.checklist.mapping import parse_mapping
from norm.errors import IncompleteError, InvalidInputError, LockedError
from norm.store import Store

NORM, SCAN = "utrechtse-weerbaarheidsnorm", "weerbaarheidsscan"
ORG = "GM0344"


@pytest.fixture
def pair(tmp_store: Store) -> Iterator[tuple[Store, int, int]]:
    """Concepts of the norm and the scan for one organisation and period."""
    yield tmp_store, tmp_store.new_assessment(ORG, NORM, "2026"), tmp_store.new_assessment(ORG, SCAN, "2026")


def mapping_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = builtin_mappings()[0].model_dump(mode="json", exclude_none=True)
    data.update(changes)
    return data


def complete(store: Store, assessment_id: int, level: int = 2) -> None:
    record = store.assessment(assessment_id)
    for item in store.checklist(record.snapshot_id).applicable_items(record.organisation_type):
        if not store.answers(assessment_id).get(item.code, None) or \
                not store.answers(assessment_id)[item.code].is_answered:
            store.set_answer(assessment_id, item.code, level=level)


# -- storing mapping files ------------------------------------------------------------------------

def test_init_stores_the_built_in_mapping_idempotently(tmp_store: Store) -> None:
    [stored] = tmp_store.stored_mappings()
    assert (stored.mapping_id, stored.version, stored.source_checklist, stored.target_checklist) == (
        "uwn-wbs", "2026.2", NORM, SCAN)
    mapping = builtin_mappings()[0]
    assert tmp_store.add_mapping(mapping) == (stored.id, False)
    assert tmp_store.mapping(stored.id) == mapping
    assert [m.id for m in tmp_store.mappings_for(SCAN, "2026.2")] == ["uwn-wbs"]
    assert tmp_store.mappings_for(SCAN, "2026.1") == []


def test_a_different_mapping_under_the_same_id_and_version_is_refused(tmp_store: Store) -> None:
    data = mapping_data()
    data["pairs"] = data["pairs"][:-1]  # type: ignore[index]
    with pytest.raises(InvalidInputError, match="staat al in de database met een andere inhoud"):
        tmp_store.add_mapping(parse_mapping(data))
    newer = parse_mapping({**data, "version": "2026.3"})
    assert tmp_store.add_mapping(newer)[1] is True
    # The latest version of a mapping id is the one that pre-fills.
    assert tmp_store.mappings_for(NORM, "2026.2") == [newer]


def test_a_mapping_with_unknown_codes_is_refused_against_stored_checklists(tmp_store: Store) -> None:
    data = mapping_data(id="eigen", pairs=[{"source": "UWN-Z99", "target": "WBS-HRM01", "relation": "equal"}])
    with pytest.raises(InvalidInputError, match="UWN-Z99 bestaat niet in utrechtse-weerbaarheidsnorm 2026.2"):
        tmp_store.add_mapping(parse_mapping(data))
    # A mapping of checklists the database does not hold is stored unchecked (and pre-fills nothing).
    other = mapping_data(id="ander", source={"checklist": "eigen-norm", "version": "1"},
                         pairs=[{"source": "EIG-A01", "target": "WBS-HRM01", "relation": "equal"}])
    assert tmp_store.add_mapping(parse_mapping(other))[1] is True


def test_stored_mappings_are_locked_against_any_connection(tmp_store: Store) -> None:
    raw = sqlite3.connect(tmp_store.path)
    for sql in ("UPDATE mappings SET title = 'ander'", "DELETE FROM mappings",
                "INSERT OR REPLACE INTO mappings (id, mapping_id, version, content_hash, source_checklist, "
                "source_version, target_checklist, target_version, definition) "
                "VALUES (1, 'x', '1', 'h', 'a', '1', 'b', '1', '{}')"):
        with pytest.raises(sqlite3.DatabaseError, match="opgeslagen koppeling"):
            raw.execute(sql)
    raw.close()


# -- pre-filling ----------------------------------------------------------------------------------

def test_an_equal_pair_pre_fills_the_level_both_ways(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(norm, "UWN-B04", level=2)
    answer = store.answers(scan)["WBS-HRM01"]
    assert (answer.level, answer.carried_over) == (2, False)
    origin = store.answer_origins(scan)["WBS-HRM01"]
    assert (origin.source_checklist, origin.source_code, origin.relation, origin.source_assessment_id) == (
        NORM, "UWN-B04", "equal", norm)
    assert origin.describe() == "overgenomen uit UWN-B04 (Utrechtse Weerbaarheidsnorm)"
    assert not origin.needs_review
    # The other direction: the scan's answer pre-fills the norm.
    store.set_answer(scan, "WBS-VER03", not_applicable="Geen vergunningen in eigen beheer")
    back = store.answers(norm)["UWN-E06"]
    assert (back.level, back.not_applicable, back.na_reason) == (None, True, "Geen vergunningen in eigen beheer")
    assert store.answer_origins(norm)["UWN-E06"].source_code == "WBS-VER03"
    # The change log of the target says who, when and from where.
    entries = [e for e in store.changelog(scan) if e.item_code == "WBS-HRM01"]
    assert ("tester", "level", None, "2") in [(e.actor, e.field, e.old_value, e.new_value) for e in entries]
    taken = [e for e in entries if e.field == "overgenomen uit"]
    assert taken[0].new_value == "UWN-B04 (Utrechtse Weerbaarheidsnorm), gelijk: niveau 2"
    assert taken[0].at == "2026-11-22T10:00:00Z"


def test_pre_filled_answers_do_not_pre_fill_further(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(norm, "UWN-B01", level=3)  # equal to WBS-MEL01, which UWN-D06 maps to as well
    assert store.answers(scan)["WBS-MEL01"].level == 3
    assert "UWN-D06" not in store.answers(norm)


def test_a_partial_pair_pre_fills_for_review_and_blocks_finalising(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(norm, "UWN-B05", level=1)  # partial to WBS-HRM02 and WBS-HRM03
    for code in ("WBS-HRM02", "WBS-HRM03"):
        assert store.answers(scan)[code].carried_over
        assert store.answer_origins(scan)[code].needs_review
    complete(store, scan)
    with pytest.raises(IncompleteError, match="overgenomen antwoord.*WBS-HRM02, WBS-HRM03"):
        store.finalise(scan)
    store.mark_reviewed(scan, "WBS-HRM02")  # confirmed as it is
    store.set_answer(scan, "WBS-HRM03", level=1)  # the same level, given by the user: confirmed too
    assert store.answer_origins(scan)["WBS-HRM02"].confirmed
    assert store.pending_prefills(scan) == []
    # A confirmed pre-fill no longer follows its source.
    store.set_answer(norm, "UWN-B05", level=3)
    assert store.answers(scan)["WBS-HRM02"].level == 1
    store.finalise(scan, acknowledge_shortfalls=True)


def test_an_unconfirmed_pre_fill_follows_its_source(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(norm, "UWN-E06", level=2)  # equal to WBS-VER03; both allow n.v.t.
    store.set_answer(norm, "UWN-E06", level=3)
    assert store.answers(scan)["WBS-VER03"].level == 3
    store.set_answer(norm, "UWN-E06", not_applicable="Geen vergunningen")
    assert store.answers(scan)["WBS-VER03"].not_applicable
    store.set_answer(norm, "UWN-E06", comment="alleen een toelichting")  # no change of level: nothing follows
    assert store.answers(scan)["WBS-VER03"].na_reason == "Geen vergunningen"
    store.clear_answer(norm, "UWN-E06")
    assert not store.answers(scan)["WBS-VER03"].is_answered
    assert "WBS-VER03" not in store.answer_origins(scan)


def test_the_users_own_answer_is_never_overwritten(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(scan, "WBS-HRM01", level=1)
    store.set_answer(norm, "UWN-B04", level=3)
    assert store.answers(scan)["WBS-HRM01"].level == 1
    assert "WBS-HRM01" not in store.answer_origins(scan)
    # A pre-fill the user changes becomes their own: it stops following and loses its mark.
    store.set_answer(norm, "UWN-B10", level=2)
    store.set_answer(scan, "WBS-BES01", level=1, comment="eigen oordeel")
    store.set_answer(norm, "UWN-B10", level=3)
    assert store.answers(scan)["WBS-BES01"].level == 1
    assert "WBS-BES01" not in store.answer_origins(scan)
    # A comment typed on a measure without a level is kept when it is pre-filled.
    store.set_answer(scan, "WBS-FIN04", comment="zie jaarverslag")
    store.set_answer(norm, "UWN-B03", level=2)
    assert (store.answers(scan)["WBS-FIN04"].level, store.answers(scan)["WBS-FIN04"].comment) == (2, "zie jaarverslag")


def test_a_definitive_assessment_is_never_touched(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    complete(store, scan, level=1)
    store.finalise(scan, acknowledge_shortfalls=True)
    before = store.answers(scan)
    store.set_answer(norm, "UWN-B04", level=3)
    assert store.answers(scan) == before
    raw = sqlite3.connect(store.path)
    for sql in ("INSERT INTO answer_origins (assessment_id, item_code, source_checklist, source_code, relation) "
                f"VALUES ({scan}, 'WBS-HRM01', 'x', 'UWN-B04', 'equal')",):
        with pytest.raises(sqlite3.DatabaseError, match="definitief"):
            raw.execute(sql)
    raw.close()


def test_the_origin_of_a_definitive_assessment_is_locked(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.set_answer(norm, "UWN-B04", level=2)
    complete(store, scan)
    store.finalise(scan)
    raw = sqlite3.connect(store.path)
    for sql in ("UPDATE answer_origins SET source_code = 'UWN-A01'", "DELETE FROM answer_origins",
                f"UPDATE answer_origins SET assessment_id = {norm}"):
        with pytest.raises(sqlite3.DatabaseError, match="definitief"):
            raw.execute(sql)
    raw.close()
    with pytest.raises(LockedError):
        store.mark_reviewed(scan, "WBS-HRM01")
    assert store.answer_origins(scan)["WBS-HRM01"].source_code == "UWN-B04"


def test_a_new_assessment_is_pre_filled_from_the_other_checklist(tmp_store: Store) -> None:
    norm = tmp_store.new_assessment(ORG, NORM, "2026")
    tmp_store.set_answer(norm, "UWN-B04", level=2)
    tmp_store.set_answer(norm, "UWN-B05", level=1)
    scan = tmp_store.new_assessment(ORG, SCAN, "2026")
    answers, origins = tmp_store.answers(scan), tmp_store.answer_origins(scan)
    assert answers["WBS-HRM01"].level == 2 and not answers["WBS-HRM01"].carried_over
    assert answers["WBS-HRM02"].carried_over and origins["WBS-HRM02"].needs_review
    assert {e.field: e.new_value for e in tmp_store.changelog(scan) if e.entity == "assessment"}[
        "overgenomen uit andere checklist"] == "3 antwoorden"
    # Another period or another organisation is not pre-filled.
    assert tmp_store.answers(tmp_store.new_assessment(ORG, SCAN, "2027")) == {}
    assert tmp_store.answers(tmp_store.new_assessment("GM0307", SCAN, "2026")) == {}


def test_n_v_t_is_not_pre_filled_into_a_measure_that_does_not_allow_it(pair: tuple[Store, int, int]) -> None:
    """WBS-VER02 allows n.v.t., its equal UWN-E02 (a basisnorm measure) does not: the floor stays."""
    store, norm, scan = pair
    assert store.checklist(store.assessment(norm).snapshot_id).item("UWN-E02").allows_na is False
    store.set_answer(scan, "WBS-VER02", not_applicable="Geen vergunningen in eigen beheer")
    assert "UWN-E02" not in store.answers(norm)
    store.set_answer(scan, "WBS-VER02", level=2)
    assert store.answers(norm)["UWN-E02"].level == 2
    store.set_answer(scan, "WBS-VER02", not_applicable="Geen vergunningen in eigen beheer")  # cannot follow
    assert not store.answers(norm)["UWN-E02"].is_answered
    assert "UWN-E02" not in store.answer_origins(norm)


def test_a_received_assessment_is_not_pre_filled(pair: tuple[Store, int, int]) -> None:
    store, norm, scan = pair
    store.delete_assessment(scan)
    with store.write() as db:  # as the importer leaves it: a received concept of the scan
        db.execute("INSERT INTO assessments (uid, organisation_code, snapshot_id, period, kind, status, sharing, "
                   "origin) VALUES ('00000000-0000-4000-8000-000000000001', ?, ?, '2026', 'nulmeting', 'concept', "
                   "'intern', 'import')", [ORG, store.latest_snapshot(SCAN).id])  # type: ignore[union-attr]
    store.set_answer(norm, "UWN-B04", level=2)
    [received] = store.assessments(checklist_id=SCAN)
    assert store.answers(received.id) == {}


def test_an_unmigrated_store_works_without_the_mapping_tables(tmp_path: Path) -> None:
    from norm.store.schema import build_migrations

    path = tmp_path / "oud.db"
    with Store(path, actor="tester", migrate=False) as store:
        with store.write():
            build_migrations().apply(store.db, stop_before="m005_mappings")
        assert store.stored_mappings() == [] and store.answer_origins(1) == {}
    with Store(path) as store:
        assert [m.mapping_id for m in store.stored_mappings()] == []  # migrated: the table exists, empty
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO mappings (id, mapping_id, version, content_hash, source_checklist, source_version, "
                "target_checklist, target_version, definition) VALUES (1, 'x', '1', 'h', 'a', '1', 'b', '1', '{}')")
    with pytest.raises(sqlite3.DatabaseError, match="opgeslagen koppeling"):
        raw.execute("DELETE FROM mappings")
    raw.close()
