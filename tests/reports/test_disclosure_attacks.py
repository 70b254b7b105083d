"""The reader of the threat model with every report of one database, in XLSX (real numbers)."""

from __future__ import annotations

from pathlib import Path

from reports_support import make_store, submit, xlsx_sheets

from norm.store import Store
from reports import build_report, render


def sheets(store: Store, kind: str) -> dict[str, list[list]]:
    return xlsx_sheets(render(build_report(store, kind, period="2026"), "xlsx"))


def add_municipalities(store: Store, specs: list[tuple[str, int]]) -> list[str]:
    codes = []
    for index, (district, population) in enumerate(specs):
        code = f"GM{100 + index:04d}"
        store.upsert_organisation(code, f"Gemeente {index}", "gemeente",
                                  {"police_district": district, "population_2019": population})
        codes.append(code)
    return codes


def shown_total(sheet: list[list], column: str) -> object:
    header, *rows = sheet
    row = next(r for r in rows if r[0] == "Totaalscore")
    return row[header.index(column)] if column in header else None


def test_district_and_size_class_in_one_xlsx_do_not_differ_by_one_organisation(tmp_path: Path) -> None:
    store = make_store(tmp_path / "cross.db")
    # Oost: six small municipalities and one large one; West: seven middle-sized. District Oost is size
    # class "klein" plus one organisation: both columns next to each other would give that one away.
    codes = add_municipalities(store, [("Oost", 10_000)] * 6 + [("Oost", 60_000)] + [("West", 30_000)] * 7)
    for index, code in enumerate(codes):
        submit(store, code, "2026", "geaggregeerd", default=index % 4)
    book = sheets(store, "province")
    # A table whose every cell would be suppressed is one sentence instead (no sheet).
    district, size = book["Per politiedistrict"], book.get("Per grootteklasse", [["Thema"], ["Totaalscore"]])
    oost = shown_total(district, "Oost")
    klein = shown_total(size, "klein (tot 20.000 inwoners)")
    assert isinstance(oost, float) or isinstance(klein, float)  # the picture is not blanked
    assert not (isinstance(oost, float) and isinstance(klein, float))
    store.close()


def test_gap_ranking_minus_improvement_tables_does_not_isolate_a_newcomer(tmp_path: Path) -> None:
    store = make_store(tmp_path / "panel.db")
    codes = add_municipalities(store, [("Oost", 30_000)] * 8)
    for code in codes[:7]:
        submit(store, code, "2025", "geaggregeerd", default=1)
        submit(store, code, "2026", "geaggregeerd", default=2)
    submit(store, codes[7], "2026", "geaggregeerd", default=0)  # new this year: the one to protect
    book = sheets(store, "gaps")
    ranking = [r for r in book["Rangorde"][1:] if isinstance(r[0], int)]
    assert ranking and all(r[5] == 8 for r in ranking)  # the ranking over all eight is shown
    for name in ("Verbeterd", "Verslechterd"):
        rows = [r for r in book[name][1:] if r and isinstance(r[-1], int)]
        assert rows == []  # the panel of seven is withdrawn: 8 - 7 would be the newcomer
    store.close()


def test_a_benoemd_majority_cannot_be_subtracted_from_its_district(tmp_path: Path) -> None:
    store = make_store(tmp_path / "named.db")
    codes = add_municipalities(store, [("Oost", 30_000)] * 6 + [("West", 30_000)] * 6)
    for index, code in enumerate(codes):
        # Oost: five named and one that is not; West: six not named.
        submit(store, code, "2026", "benoemd" if index < 5 else "geaggregeerd", default=index % 4)
    book = sheets(store, "province")
    district = book["Per politiedistrict"]
    # Oost alone would be one unnamed organisation plus five whose answers the gap report names.
    assert not isinstance(shown_total(district, "Oost"), float)
    store.close()


def test_a_shown_change_equals_the_difference_of_the_shown_shares() -> None:
    from norm.aggregate import ItemChange
    from reports.builders.gaps import shown_delta
    from reports.builders.province import points_text

    # 1/8 = 12.5% shows as 12%, 3/8 = 37.5% as 38%: the shown change is 26, not 25.
    change = ItemChange("X", "X", "T", 8, None, before=1, after=3, improved=2, worsened=0)
    assert round(shown_delta(change) * 100) == 38 - 12  # type: ignore[operator]
    assert points_text(0.375, 0.125) == "+26 procentpunt"
    assert points_text(0.5, 0.5) == "0 procentpunt"


def test_release_list_speaks_correct_dutch(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    db = tmp_path / "cli.db"
    store = make_store(db)
    codes = add_municipalities(store, [("Oost", 30_000)] * 6)
    for code in codes:
        submit(store, code, "2026", "geaggregeerd")
    store.close()
    runner = CliRunner()
    made = runner.invoke(main, ["--db", str(db), "release", "new", "--checklist", "testnorm", "--period", "2026"])
    assert made.exit_code == 0 and "6 organisaties" in made.output
    again = runner.invoke(main, ["--db", str(db), "release", "new", "--checklist", "testnorm", "--period", "2026"])
    assert again.exit_code == 1 and "niets veranderd" in again.output and "Traceback" not in again.output
    listed = runner.invoke(main, ["--db", str(db), "release", "list", "--json"])
    assert listed.exit_code == 0 and '"organisations": 6' in listed.output
    bad = runner.invoke(main, ["--db", str(db), "report", "province", "--type", "bestaatniet"])
    assert bad.exit_code == 1 and "onbekend organisatietype" in bad.output
