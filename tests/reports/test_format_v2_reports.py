"""Format v2 in the reports: the suggested action, the legal basis, ref_id beside the code, the norm's status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checklists import install_builtins
from norm.demo import install_demo
from norm.store import Store
from reports import build_report, render
from reports.formatting import first_sentence

NORM = "utrechtse-weerbaarheidsnorm"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("v2") / "v2.db", actor="test")
    install_builtins(store)
    install_demo(store, 11)
    yield store
    store.close()


def markdown(store: Store, kind: str, **arguments: object) -> str:
    return render(build_report(store, kind, **arguments), "md").decode("utf-8")


def test_the_gaps_report_shows_the_written_suggested_action_whole(demo: Store) -> None:
    text = markdown(demo, "gaps", checklist_id=NORM)
    checklist = demo.checklist(demo.latest_snapshot(NORM).id)
    shown = [item for item in checklist.items() if item.suggested_action and item.suggested_action in text]
    assert len(shown) >= 10
    long = [item for item in shown if len(item.suggested_action or "") > 120]
    assert long, "a suggested action longer than the old 120-character cut is shown whole"
    assert "Utrechtse Weerbaarheidsnorm (concept) \u2014 periode" in text


def test_the_own_report_shows_the_action_plan_with_legal_basis_and_ref_id(demo: Store) -> None:
    checklist = demo.checklist(demo.latest_snapshot(NORM).id)
    record = next(r for r in demo.assessments() if r.checklist_id == NORM and r.organisation_type == "gemeente"
                  and any(checklist.item(g.code).legal_basis for g in demo.score(r.id).gaps))
    text = markdown(demo, "org", ids=[record.id])
    score = demo.score(record.id)
    for gap in score.gaps:
        item = checklist.item(gap.code)
        assert item is not None and item.suggested_action in text
        if item.legal_basis:
            label = "Wettelijke plicht: " if item.mandatory else "Wettelijke grondslag: "
            assert label + item.legal_basis[0].law in text, gap.code
    assert "Voorgestelde actie" in text and "Wat helpt (toelichting)" not in text
    assert "UWN-B15 (Limburgse Norm 2.6)" in text  # every applicable measure is listed with its answer
    assert "Utrechtse Weerbaarheidsnorm (concept), versie 2026.2" in text


def test_first_sentence_never_cuts_a_word() -> None:
    cut = first_sentence("woord " * 40, limit=30)
    assert cut.endswith("\u2026") and cut[:-1].split() == ["woord"] * len(cut[:-1].split())
    assert len(cut) <= 30
