"""Reports in English (``language="en"``, ``weerbaar --lang en report``): the fixed texts come from the report
catalogue, Dutch stays the default and unchanged, and the headings of the regional reports are translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import fixed_clock
from reports_support import make_store, submit

from norm.checklist import load_checklist_file
from norm.store import Store
from reports import build_report, render
from reports.wording import Words, report_language, translate_headings
from tui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
ENGLISH_HEADINGS = ["Summary", "Basisnorm", "Gaps and improvement actions", "Action plan", "N/a with a reason",
                    "Change since the previous assessment", "Annex: all answers", "Annex: documents",
                    "How the figures are calculated", "Confidential", "Made with weerbaar", "Score per theme",
                    "Target level", "Suggested action", "Resilience of Utrecht"]
DUTCH_HEADINGS = ["Samenvatting", "Tekorten en verbeteracties", "Actieplan", "N.v.t. met reden",
                  "Verandering sinds de vorige beoordeling", "Bijlage: alle antwoorden", "Bijlage: documenten",
                  "Zo wordt gerekend", "Vertrouwelijk", "Gemaakt met weerbaar", "Score per thema", "Streefniveau",
                  "Voorgestelde actie", "Weerbaarheid van Utrecht", "Verbeteracties", "procentpunt"]
FRAME = {"html": ("Contents", "Inhoud"), "md": ("| Item | Value |", "| Gegeven | Waarde |")}


def _store(tmp_path: Path) -> tuple[Store, int, int]:
    store = Store(tmp_path / "r.db", actor="tester", clock=fixed_clock)
    store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
    store.upsert_organisation("GM0344", "Utrecht", "gemeente")
    ids = []
    for period, levels in (("2025", (3, 2, 3)), ("2026", (0, 1, 3))):
        assessment = store.new_assessment("GM0344", "mini-norm", period)
        for code, level in zip(("MINI-A01", "MINI-A02", "MINI-B01"), levels, strict=True):
            store.set_answer(assessment, code, level=level)
        store.set_answer(assessment, "MINI-B02", not_applicable="Geen parken")
        ids.append(assessment)
    store.add_action(ids[1], "MINI-A02", "Meldpunt inrichten", "OOV", "2026-03-31")
    store.add_attachment(ids[1], "MINI-A02", "besluit.pdf", b"%PDF-1.4")
    for assessment in ids:
        store.finalise(assessment, acknowledge_shortfalls=True)
    return store, ids[0], ids[1]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_own_report_in_english_has_english_headings_and_no_dutch_ones(tmp_path: Path, fmt: str) -> None:
    store, _, later = _store(tmp_path)
    with store:
        shown = render(build_report(store, "org", ids=[later], language="en"), fmt).decode("utf-8")
    for heading in [*ENGLISH_HEADINGS, FRAME[fmt][0]]:
        assert heading in shown, heading
    for heading in [*DUTCH_HEADINGS, FRAME[fmt][1]]:
        assert heading not in shown, heading
    assert "percentage point" in shown  # the unit of a change, in words
    assert "3 · Het programma" not in shown  # the measure's Dutch level descriptor is not used in English
    if fmt == "html":
        assert '<html lang="en">' in shown


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_own_report_stays_dutch_by_default(tmp_path: Path, fmt: str) -> None:
    store, _, later = _store(tmp_path)
    with store:
        default = render(build_report(store, "org", ids=[later]), fmt)
        dutch = render(build_report(store, "org", ids=[later], language="nl"), fmt)
    assert default == dutch
    shown = dutch.decode("utf-8")
    for heading in [*DUTCH_HEADINGS, FRAME[fmt][1]]:
        assert heading in shown, heading
    for heading in ("Gaps and improvement actions", "Action plan", "Confidential", "How the figures"):
        assert heading not in shown, heading


def test_an_english_own_report_uses_the_english_level_descriptors(tmp_path: Path) -> None:
    store, _, later = _store(tmp_path)
    with store:
        document = build_report(store, "org", ids=[later], language="en")
    gaps = next(section for section in document.sections if section.id == "tekorten")
    rows = [row for block in gaps.blocks if hasattr(block, "rows") for row in block.rows]
    levels = {row[0].value: row[2].value for row in rows}
    assert levels["MINI-A01"] == "0 · Missing"  # the scale's English label (the measure has no en.levels)


def test_the_comparison_in_english(tmp_path: Path) -> None:
    store, earlier, later = _store(tmp_path)
    with store:
        english = render(build_report(store, "compare", ids=[earlier, later], language="en"), "md").decode("utf-8")
        dutch = render(build_report(store, "compare", ids=[earlier, later]), "md").decode("utf-8")
    for heading in ("Summary", "Most improved", "New gaps", "Decline", "All changes per measure",
                    "Utrecht: 2025 and 2026 compared", "Earlier", "Later", "Theme score then and now"):
        assert heading in english, heading
    for heading in ("Samenvatting", "Meest verbeterd", "Nieuwe tekorten", "Achteruitgang", "vergeleken", "Eerder"):
        assert heading not in english, heading
        assert heading in dutch, heading


def test_the_regional_reports_translate_their_headings(tmp_path: Path) -> None:
    store = make_store(tmp_path / "regional.db")
    for index in range(6):
        submit(store, f"GM{index + 1:04d}", "2026", "geaggregeerd")
    english = render(build_report(store, "province", language="en"), "md").decode("utf-8")
    dutch = render(build_report(store, "province", language="nl"), "md").decode("utf-8")
    assert "# Resilience in the province" in english and "## Participation" in english
    assert "| Median |" not in dutch and "Deelname" in dutch
    assert "## Deelname" not in english and "## Zo wordt gerekend" not in english
    gaps = render(build_report(store, "gaps", language="en"), "md").decode("utf-8")
    assert "# Gaps in the region" in gaps and "Ranking of gaps" in gaps and "Rangorde van tekorten" not in gaps


def test_an_unknown_language_is_dutch() -> None:
    assert report_language("fr") == "nl" and report_language(None) == "nl" and report_language("en") == "en"
    assert Words("xx")("org.summary") == "Samenvatting"
    with pytest.raises(KeyError):
        Words("en")("org.no_such_key")


def test_translating_a_dutch_document_changes_nothing(tmp_path: Path) -> None:
    store, _, later = _store(tmp_path)
    with store:
        document = build_report(store, "org", ids=[later])
    assert translate_headings(document, Words("nl")) == document


def test_the_command_line_writes_an_english_report(tmp_path: Path) -> None:
    store, _, later = _store(tmp_path)
    store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(tmp_path / "r.db"), "--lang", "en", "report", "org", str(later)])
    assert result.exit_code == 0, result.output
    assert "## Gaps and improvement actions" in result.output and "Samenvatting" not in result.output
    result = runner.invoke(main, ["--db", str(tmp_path / "r.db"), "report", "org", str(later)],
                           env={"WEERBAAR_LANG": "en"})
    assert result.exit_code == 0 and "## Summary" in result.output
    result = runner.invoke(main, ["--db", str(tmp_path / "r.db"), "report", "org", str(later)],
                           env={"WEERBAAR_LANG": None})
    assert result.exit_code == 0 and "## Samenvatting" in result.output


def test_the_peer_comparison_in_english_has_english_headings(tmp_path: Path) -> None:
    store = make_store(tmp_path / "peers.db")
    ids = [submit(store, f"GM{index + 1:04d}", "2026", "geaggregeerd") for index in range(6)]
    english = render(build_report(store, "compare", ids=[ids[0]], peers=True, language="en"), "md").decode("utf-8")
    dutch = render(build_report(store, "compare", ids=[ids[0]], peers=True), "md").decode("utf-8")
    assert "## Summary" in english and "Own score" in english and "**Comparison with the group**" in english
    assert "## Samenvatting" not in english and "Eigen score" not in english
    assert "## Samenvatting" in dutch and "Eigen score" in dutch
