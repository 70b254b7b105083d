"""Releases: frozen figures, differencing refused, locked in SQL; the reader holds every version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from reports_support import ORGANISATIONS, make_store, submit

from norm.aggregate import load_shared
from norm.disclosure.release import ReleaseRefused, new_release
from norm.errors import InvalidInputError, NotFoundError
from norm.store import Store
from reports import build_report, render

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "release.db")
    yield store
    store.close()


def markdown(store: Store) -> str:
    return render(build_report(store, "province", period="2026"), "md").decode("utf-8")


def test_a_report_reads_its_release_and_never_changes_after_a_late_submission(store: Store) -> None:
    for index, code in enumerate(GEMEENTEN[:10]):
        submit(store, code, "2026", "geaggregeerd", default=index % 4)
    release = new_release(store, "testnorm", "2026")
    before = markdown(store)
    submit(store, GEMEENTEN[10], "2026", "geaggregeerd", default=3)  # the late submission
    after = markdown(store)
    # Every figure is the same: the late municipality's answers cannot be subtracted out.
    assert before.replace("Release", "") == after.replace(
        "\n> **Let op:** 1 inzending is binnengekomen of gewijzigd na release 1; die tellen mee in de volgende "
        "release.\n", "").replace("Release", "")
    assert "1 inzending is binnengekomen of gewijzigd na release 1" in after
    assert load_shared(store, "testnorm").count("2026") == release.members == 10


def test_a_release_that_differs_by_one_organisation_is_refused(store: Store) -> None:
    for code in GEMEENTEN[:10]:
        submit(store, code, "2026", "geaggregeerd", default=2)
    new_release(store, "testnorm", "2026")
    submit(store, GEMEENTEN[10], "2026", "geaggregeerd", default=3)
    with pytest.raises(ReleaseRefused, match="1 inzending nieuw of gewijzigd sinds release 1.*volgende release"):
        new_release(store, "testnorm", "2026")
    assert len(store.releases("testnorm", "2026")) == 1


def test_a_corrected_submission_is_a_difference_too(store: Store) -> None:
    for code in GEMEENTEN[:10]:
        submit(store, code, "2026", "geaggregeerd", default=2)
    new_release(store, "testnorm", "2026")
    submit(store, GEMEENTEN[0], "2026", "geaggregeerd", default=0)  # a later correction of one municipality
    with pytest.raises(ReleaseRefused):
        new_release(store, "testnorm", "2026")


def test_a_release_with_enough_new_organisations_everywhere_is_made(tmp_path: Path) -> None:
    store = make_store(tmp_path / "many.db")
    for n in range(14, 40):
        store.upsert_organisation(f"GM{n:04d}", f"Gemeente {n}", "gemeente",
                                  {"police_district": "West" if n % 2 else "Oost", "population_2019": 30_000})
    codes = [f"GM{n:04d}" for n in range(14, 40)]
    for code in codes[:16]:
        submit(store, code, "2026", "geaggregeerd", default=2)
    new_release(store, "testnorm", "2026")
    for code in codes[16:]:  # ten late: five per district
        submit(store, code, "2026", "geaggregeerd", default=1)
    second = new_release(store, "testnorm", "2026")
    assert second.members == 26
    assert load_shared(store, "testnorm").count("2026") == 26
    store.close()


def test_nothing_changed_and_nothing_counted_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="telt nog geen enkele"):
        new_release(store, "testnorm", "2026")
    with pytest.raises(NotFoundError):
        new_release(store, "bestaat-niet", "2026")
    for code in GEMEENTEN[:6]:
        submit(store, code, "2026", "geaggregeerd")
    new_release(store, "testnorm", "2026")
    with pytest.raises(ReleaseRefused, match="niets veranderd"):
        new_release(store, "testnorm", "2026")
    with pytest.raises(InvalidInputError, match="minstens 3"):
        new_release(store, "testnorm", "2026", min_group=2)


def test_a_release_keeps_no_name_of_an_organisation_that_did_not_agree(store: Store) -> None:
    submit(store, GEMEENTEN[0], "2026", "benoemd")
    for code in GEMEENTEN[1:6]:
        submit(store, code, "2026", "geaggregeerd")
    release = new_release(store, "testnorm", "2026")
    members = store.release_members(release.id)
    assert {m.name for m in members} == {None, "Aadorp"}
    assert all(m.name is None for m in members if not m.named)


@pytest.mark.parametrize("statement", [
    "UPDATE releases SET period = '2025'",
    "DELETE FROM releases",
    "UPDATE release_members SET scores = '{}'",
    "DELETE FROM release_members",
    "INSERT OR REPLACE INTO releases (id, checklist_id, period, min_group, members, created_at) "
    "VALUES (1, 'testnorm', '2026', 5, 6, 'x')",
    "INSERT INTO release_members (release_id, organisation_code, assessment_id, named, type, checklist_version, "
    "scores) VALUES (1, 'GM0099', 99, 0, 'gemeente', '1.0', '{}')",
    "INSERT OR REPLACE INTO release_members (release_id, organisation_code, assessment_id, named, type, "
    "checklist_version, scores) SELECT release_id, organisation_code, assessment_id, 1, type, checklist_version, "
    "scores FROM release_members LIMIT 1",
])
@pytest.mark.parametrize("recursive", ["OFF", "ON"])
def test_a_release_cannot_be_changed_in_sql(store: Store, statement: str, recursive: str) -> None:
    for code in GEMEENTEN[:6]:
        submit(store, code, "2026", "geaggregeerd")
    new_release(store, "testnorm", "2026")
    path = store.path
    store.close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA recursive_triggers = {recursive}")
    before = connection.execute("SELECT * FROM release_members ORDER BY organisation_code").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="release is vastgelegd"):
        connection.execute(statement)
    assert connection.execute("SELECT * FROM release_members ORDER BY organisation_code").fetchall() == before
    connection.close()
