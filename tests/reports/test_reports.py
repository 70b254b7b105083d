"""Report figures: every format shows what the scoring and aggregation functions compute."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from reports_support import (
    ORGANISATIONS,
    csv_number,
    csv_rows,
    html_tables,
    make_store,
    md_tables,
    submit,
    xlsx_sheets,
)

from norm.scoring import as_percentage, compare_scores
from norm.store import Store
from norm.vocabulary import SHAREABLE_LEVELS
from reports import ReportError, build_report, render
from reports.formatting import shown_delta

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]
ITEMS = ["T-EO-01", "T-EO-02", "T-EO-03", "T-BH-01", "T-BH-02", "T-BH-03", "T-SA-01", "T-SA-02"]
FORMATS = ("html", "md", "csv", "xlsx")


def exact(value: float | None):
    """Equal to the precision a spreadsheet stores (15 significant digits)."""
    return pytest.approx(value, rel=1e-14, abs=0)


def levels_for(index: int, year: int) -> dict[str, int | str]:
    levels: dict[str, int | str] = {code: (index + j + year) % 4 for j, code in enumerate(ITEMS)}
    if index % 5 == 0:
        levels["T-BH-03"] = "Geen vakantieparken in de gemeente."
    return levels


def fill(store: Store) -> dict[str, int]:
    """Two periods for every municipality; three named, the rest aggregated; returns 2026 ids by code."""
    ids = {}
    for index, code in enumerate(GEMEENTEN):
        sharing = "benoemd" if index < 3 else "geaggregeerd"
        submit(store, code, "2025", sharing, levels_for(index, 2025))
        ids[code] = submit(store, code, "2026", sharing, levels_for(index, 2026))
    submit(store, "PV99", "2026", "geaggregeerd", default=2)
    submit(store, "W0001", "2026", "intern", default=3)
    return ids


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, int]]:
    store = make_store(tmp_path_factory.mktemp("reports") / "reports.db")
    ids = fill(store)
    yield store, ids
    store.close()


def rendered(document) -> dict[str, object]:
    return {
        "html": html_tables(render(document, "html").decode("utf-8")),
        "md": md_tables(render(document, "md").decode("utf-8")),
        "csv": csv_rows(render(document, "csv")),
        "xlsx": xlsx_sheets(render(document, "xlsx")),
    }


def row_by(rows: list[list], first: object) -> list:
    return next(row for row in rows if row and row[0] == first)


def csv_value(rows: list[dict[str, str]], table: str, row: str, column: str) -> str:
    found = [r["waarde"] for r in rows if r["tabel"] == table and r["rij"] == row and r["kolom"] == column]
    assert len(found) == 1, (table, row, column, found)
    return found[0]


def shared_scores(store: Store, period: str) -> list:
    """An independent reading of the sharing rules: latest definitive shared per organisation."""
    latest = {}
    for record in store.assessments(checklist_id="testnorm", period=period, status="definitief"):
        current = latest.get(record.organisation_code)
        if current is None or (record.finalised_at or "", record.id) > (current.finalised_at or "", current.id):
            latest[record.organisation_code] = record
    counted = [r for r in latest.values() if r.sharing in SHAREABLE_LEVELS]
    # The non-municipal bodies together are fewer than k unnamed organisations (one province): they
    # are left out of every figure rather than blanking the municipalities next to them.
    others = [r for r in counted if r.organisation_type != "gemeente" and r.sharing != "benoemd"]
    if 0 < len(others) < 5:
        counted = [r for r in counted if r.organisation_type == "gemeente"]
    return [store.score(r.id) for r in counted]


def test_org_report_figures_equal_the_scoring_in_every_format(scenario) -> None:
    store, ids = scenario
    assessment_id = ids["GM0005"]
    score = store.score(assessment_id)
    out = rendered(build_report(store, "org", ids=[assessment_id]))
    for theme in score.themes:
        for fmt in ("html", "md"):
            row = row_by(out[fmt]["Score per thema"], theme.code)
            assert row[2] == as_percentage(theme.score) and row[3] == as_percentage(theme.target_score)
        assert csv_value(out["csv"], "Thema's", theme.code, "Score") == csv_number(theme.score)
        sheet_row = row_by(out["xlsx"]["Thema's"], theme.code)
        assert sheet_row[2:4] == [exact(theme.score), exact(theme.target_score)]
    total = row_by(out["xlsx"]["Thema's"], "Totaal")
    assert total[2] == exact(score.overall)
    assert row_by(out["html"]["Score per thema"], "Totaal")[2] == as_percentage(score.overall)
    gaps_sheet = out["xlsx"]["Tekorten"]
    assert [row[0] for row in gaps_sheet[1:] if row[0]] == [gap.code for gap in score.gaps]
    assert [row[4] for row in gaps_sheet[1 : len(score.gaps) + 1]] == [gap.gap for gap in score.gaps]
    na_sheet = out["xlsx"]["N.v.t."]
    assert [row[0] for row in na_sheet[1:] if row[0]] == [r.code for r in score.items if r.state == "nvt"]


def test_org_report_shows_change_since_the_previous_assessment(scenario) -> None:
    store, ids = scenario
    assessment_id = ids["GM0004"]
    previous = store.previous_assessment(assessment_id)
    comparison = compare_scores(store.score(previous.id), store.score(assessment_id))
    out = rendered(build_report(store, "org", ids=[assessment_id]))
    changed = out["xlsx"]["Veranderingen"]
    assert [row[0] for row in changed[1:] if row[0]] == [c.code for c in comparison.changed]
    assert [row[4] for row in changed[1 : len(comparison.changed) + 1]] == [c.delta for c in comparison.changed]


def test_province_figures_equal_an_independent_computation(scenario) -> None:
    store, _ = scenario
    scores = shared_scores(store, "2026")
    out = rendered(build_report(store, "province", period="2026"))
    for theme_code in ("EO", "BH", "SA"):
        values = sorted(s.theme(theme_code).score for s in scores if s.theme(theme_code))
        median = statistics.median(values)
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        for fmt in ("html", "md"):
            row = row_by(out[fmt]["Themascores over de deelnemers"], theme_code)
            assert row[2:7] == [as_percentage(median), as_percentage(q1), as_percentage(q3), row[5], str(len(values))]
        sheet = row_by(out["xlsx"]["Thema's"], theme_code)
        assert sheet[2] == pytest.approx(median) and sheet[3] == pytest.approx(q1) and sheet[6] == len(values)
        assert csv_value(out["csv"], "Thema's", theme_code, "Mediaan") == csv_number(median)
    overall = sorted(s.overall for s in scores)
    assert row_by(out["xlsx"]["Thema's"], "Totaal")[2] == pytest.approx(statistics.median(overall))
    participants = row_by(out["xlsx"]["Deelname"], "Totaal")
    # 2026 column: the intern water board does not count; participation counts the province too (a count
    # of who took part is no score), though its figures are left out as too few to show.
    assert participants[-2] == len(scores) + 1


def test_gap_ranking_counts_equal_an_independent_count(scenario) -> None:
    store, _ = scenario
    scores = shared_scores(store, "2026")
    sheet = xlsx_sheets(render(build_report(store, "gaps", period="2026"), "xlsx"))["Rangorde"]
    header, rows = sheet[0], [row for row in sheet[1:] if isinstance(row[0], int)]
    assert header[:7] == ["#", "Code", "Maatregel", "Basisnorm", "Mist", "n", "Aandeel mist"]
    for row in rows:
        results = [s.item(row[1]) for s in scores if s.item(row[1]) and s.item(row[1]).state == "niveau"]
        assert row[5] == len(results)
        assert row[4] == sum(1 for r in results if not r.meets_target)
        assert row[6] == pytest.approx(row[4] / row[5])
    assert [r[4] for r in rows] == sorted((r[4] for r in rows), reverse=True)


def test_compare_over_time_equals_compare_scores(scenario) -> None:
    store, ids = scenario
    later = ids["GM0006"]
    earlier = store.previous_assessment(later).id
    comparison = compare_scores(store.score(earlier), store.score(later))
    document = build_report(store, "compare", ids=[later, earlier])  # order does not matter
    out = rendered(document)
    for delta in comparison.theme_deltas:
        row = row_by(out["xlsx"]["Thema's"], delta.code)
        # The change is the difference of the rounded figures a reader sees beside it (see formatting.shown_delta).
        assert row[2:5] == [exact(delta.before), exact(delta.after), exact(shown_delta(delta.before, delta.after))]
    html_row = row_by(out["html"]["Themascore toen en nu"], "Totaal")
    assert html_row[2:4] == [as_percentage(comparison.overall_before), as_percentage(comparison.overall_after)]
    assert [r[0] for r in out["xlsx"]["Veranderingen"][1:] if r[0]] == [c.code for c in comparison.changed]


def test_peer_comparison_is_the_group_the_province_publishes(scenario) -> None:
    # 2026: the 13 municipalities and one province. The province alone is too few to show, so it is left
    # out of every figure; the peer group by type is then the same set as everyone, own organisation in.
    store, ids = scenario
    own = ids["GM0001"]
    values = sorted(store.score(i).theme("EO").score for i in ids.values())
    out = rendered(build_report(store, "compare", ids=[own], peers=True))
    row = row_by(out["xlsx"]["Thema's"], "EO")
    assert row[2] == exact(store.score(own).theme("EO").score)
    assert row[3] == pytest.approx(statistics.median(values)) and row[7] == len(GEMEENTEN)


def test_peer_comparison_uses_the_audited_group_with_the_organisation_itself(tmp_path: Path) -> None:
    store = make_store(tmp_path / "peers.db")
    ids = {code: submit(store, code, "2026", "geaggregeerd", levels_for(index, 2026))
           for index, code in enumerate(GEMEENTEN)}
    own = ids["GM0001"]
    values = sorted(store.score(i).theme("EO").score for i in ids.values())
    out = rendered(build_report(store, "compare", ids=[own], peers=True))
    row = row_by(out["xlsx"]["Thema's"], "EO")
    assert row[3] == pytest.approx(statistics.median(values)) and row[7] == len(values)
    store.close()


def test_every_report_closes_with_the_rules(scenario) -> None:
    store, ids = scenario
    requests = [("org", {"ids": [ids["GM0002"]]}), ("province", {}), ("gaps", {}),
                ("compare", {"ids": [ids["GM0002"]], "peers": True})]
    for kind, options in requests:
        document = build_report(store, kind, **options)
        assert document.sections[-1].title == "Zo wordt gerekend"
        html = render(document, "html").decode()
        assert html.rindex("Zo wordt gerekend") > html.rindex("<h2")  - 200
        assert "Zo wordt gerekend" in render(document, "md").decode()
        assert any(r["tabel"] == "Uitleg" for r in csv_rows(render(document, "csv")))
        assert "Uitleg" in xlsx_sheets(render(document, "xlsx"))


def test_output_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("one.db", "two.db"):
        store = make_store(tmp_path / name)
        ids = fill(store)
        documents = [build_report(store, "province"), build_report(store, "gaps"),
                     build_report(store, "org", ids=[ids["GM0003"]]),
                     build_report(store, "compare", ids=[ids["GM0003"]], peers=True, by="police_district")]
        outputs.append([render(document, fmt) for document in documents for fmt in FORMATS])
        outputs.append([render(document, fmt) for document in documents for fmt in FORMATS])
        store.close()
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]


def test_bad_requests_get_clear_messages(scenario, tmp_path: Path) -> None:
    store, ids = scenario
    with pytest.raises(ReportError, match="één organisatie"):
        build_report(store, "compare", ids=[ids["GM0001"], ids["GM0002"]])
    with pytest.raises(ReportError, match="twee verschillende"):
        build_report(store, "compare", ids=[ids["GM0001"], ids["GM0001"]])
    with pytest.raises(ReportError, match="periode '1999'"):
        build_report(store, "province", period="1999")
    with pytest.raises(ReportError, match="horen bij 'province'"):
        build_report(store, "org", ids=[ids["GM0001"]], period="2026")
    with pytest.raises(ReportError, match="Onbekende rapportsoort"):
        build_report(store, "taart")
    with pytest.raises(ReportError, match="Onbekend formaat"):
        render(build_report(store, "province"), "odt")
    empty = make_store(tmp_path / "empty.db")
    with pytest.raises(ReportError, match="nog geen gedeelde"):
        build_report(empty, "province")
    empty.close()
