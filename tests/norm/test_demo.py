"""Demo data: labelled, reproducible, plausible, and careful with real data."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from click.testing import CliRunner
from reports_support import make_store, second_checklist, submit

from norm.aggregate import load_shared
from norm.demo import DEMO_ACTOR, DEMO_ORIGIN, DEMO_PERIODS, demo_info, install_demo
from norm.store import InvalidInputError, LockedError, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "demo.db")
    store.add_checklist(second_checklist())
    yield store
    store.close()


def levels_of(store: Store) -> dict[tuple[str, str, str, str], int | None]:
    result = {}
    for record in store.assessments():
        for code, answer in store.answers(record.id).items():
            result[(record.organisation_code, record.checklist_id, record.period, code)] = answer.level
    return result


def test_demo_covers_every_reference_organisation_checklist_and_period(store: Store) -> None:
    result = install_demo(store, 11)
    assert result.created and result.seed == 11
    records = store.assessments()
    assert {r.organisation_code for r in records} == {o.code for o in store.organisations() if o.reference}
    assert {r.checklist_id for r in records} == {"testnorm", "testscan"}
    assert {r.period for r in records} == set(DEMO_PERIODS)
    assert all(r.origin == DEMO_ORIGIN and r.created_by == DEMO_ACTOR for r in records)
    assert demo_info(store) == {"seed": 11, "periods": list(DEMO_PERIODS)}
    assert {r.sharing for r in records if r.is_definitive} == {"intern", "geaggregeerd", "benoemd"}
    assert any(not r.is_definitive for r in records)  # some still work in progress


def test_definitive_demo_assessments_are_complete_and_locked(store: Store) -> None:
    install_demo(store, 11)
    definitive = [r for r in store.assessments() if r.is_definitive]
    assert all(store.score(r.id).complete for r in definitive)
    with pytest.raises(LockedError):
        store.set_answer(definitive[0].id, store.score(definitive[0].id).items[0].code, level=0)


def test_demo_data_is_plausible(store: Store) -> None:
    install_demo(store, 11)
    answers = [a for r in store.assessments() for a in store.answers(r.id).values()]
    na = [a for a in answers if a.not_applicable]
    assert na and all(a.na_reason.startswith("Demo:") for a in na)
    assert any(a.comment for a in answers) and any(a.evidence for a in answers)
    assert any(store.actions(r.id) for r in store.assessments())
    data = load_shared(store, "testnorm", min_group=3)
    medians = [statistics.median(p.score.overall for p in data._participants if p.period == period)
               for period in DEMO_PERIODS]
    assert medians[0] < medians[-1]  # improvement over time
    levels = levels_of(store)
    regressions = [key for key, level in levels.items() if key[2] == "2026" and level is not None
                   and levels.get((key[0], key[1], "2025", key[3])) is not None
                   and level < levels[(key[0], key[1], "2025", key[3])]]
    assert regressions  # and some regressions
    spread = {p.score.overall for p in data._participants}
    assert len(spread) > 5


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    def run(name: str, seed: int) -> dict:
        store = make_store(tmp_path / name)
        install_demo(store, seed)
        levels = levels_of(store)
        store.close()
        return levels

    assert run("a.db", 5) == run("b.db", 5)
    assert run("c.db", 6) != run("d.db", 5)


def test_demo_twice_is_harmless_and_replacing_is_explicit(store: Store) -> None:
    install_demo(store, 11)
    before = levels_of(store)
    again = install_demo(store, 11)
    assert not again.created and levels_of(store) == before
    with pytest.raises(InvalidInputError, match="--replace"):
        install_demo(store, 12)
    replaced = install_demo(store, 12, replace=True)
    assert replaced.created and replaced.replaced == again.assessments
    assert demo_info(store)["seed"] == 12
    assert levels_of(store) != before


def test_demo_refuses_to_mix_with_real_assessments(store: Store) -> None:
    submit(store, "GM0001", "2026", "geaggregeerd")
    with pytest.raises(InvalidInputError, match="echte beoordeling"):
        install_demo(store, 1)
    assert all(r.origin == "lokaal" for r in store.assessments())


def test_demo_needs_init(tmp_path: Path) -> None:
    empty = Store(tmp_path / "empty.db")
    with pytest.raises(InvalidInputError, match="weerbaar init"):
        install_demo(empty, 1)
    empty.close()


def test_demo_command(tmp_path: Path) -> None:
    from tui.cli import main

    path = tmp_path / "cli.db"
    make_store(path).close()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(path), "demo", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert "DEMODATA — fictief" in result.output and "seed 4" in result.output
    again = runner.invoke(main, ["demo", "--db", str(path), "--seed", "4"])
    assert again.exit_code == 0 and "niets gewijzigd" in again.output
    other = runner.invoke(main, ["demo", "--db", str(path), "--seed", "5"])
    assert other.exit_code == 1 and "--replace" in other.output


def test_demo_assessments_are_never_exported_as_submissions(store: Store, tmp_path: Path) -> None:
    from norm.exchange.bundle import ExportError, export_bundle
    from norm.signing import generate_key

    install_demo(store, 11)
    demo_id = next(a.id for a in store.assessments() if a.origin == DEMO_ORIGIN and a.is_definitive)
    with pytest.raises(ExportError, match="is demodata"):
        export_bundle(store, demo_id, tmp_path / "demo.json", sharing="benoemd", key=generate_key())
    assert not (tmp_path / "demo.json").exists()
