"""Privacy and safety in every format: no unconsented names, visible suppression, inert hostile text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reports_support import (
    HOSTILE_FORMULA,
    HOSTILE_MARKDOWN,
    HOSTILE_SCRIPT,
    csv_rows,
    make_store,
    md_tables,
    submit,
    xlsx_sheets,
    xlsx_text,
)

from norm.store import Store
from reports import build_report, render
from reports.guard import guard_formula, is_formula_like, md_escape

FORMATS = ("html", "md", "csv", "xlsx")
SECRET_NAME = "Geheimstad"
HOSTILE_NAME = '=HYPERLINK("http://evil.example","<b>Boosdorp</b>")'


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = make_store(tmp_path_factory.mktemp("privacy") / "privacy.db")
    store.upsert_organisation("GM0004", SECRET_NAME, "gemeente", {"police_district": "West",
                                                                   "population_2019": 33_000}, reference=True)
    store.upsert_organisation("GM0666", HOSTILE_NAME, "gemeente", {"police_district": "Oost"}, reference=True)
    codes = ["GM0001", "GM0002", "GM0666"] + [f"GM{n:04d}" for n in range(3, 14)]
    for index, code in enumerate(codes):
        sharing = "benoemd" if index < 3 else "geaggregeerd"
        submit(store, code, "2025", sharing, default=index % 3)
        submit(store, code, "2026", sharing, default=(index + 1) % 4)
    submit(store, "PV99", "2026", "geaggregeerd", default=2)
    own = store.new_assessment("GM0007", "testnorm", "2027")
    for item in store.checklist(store.assessment(own).snapshot_id).applicable_items("gemeente"):
        store.set_answer(own, item.code, level=1, comment=HOSTILE_SCRIPT, evidence=HOSTILE_FORMULA)
    store.set_answer(own, "T-BH-03", not_applicable=HOSTILE_MARKDOWN)
    store.add_action(own, "T-EO-01", "@SUM(1+1)*cmd|' /C calc'!A0", owner="+31 6 1234 5678")
    store.finalise(own, sharing="intern", acknowledge_shortfalls=True)
    store.own_id = own  # type: ignore[attr-defined]
    yield store
    store.close()


def outputs(document) -> dict[str, str]:
    return {
        "html": render(document, "html").decode("utf-8"),
        "md": render(document, "md").decode("utf-8"),
        "csv": render(document, "csv").decode("utf-8"),
        "xlsx": xlsx_text(render(document, "xlsx")),
    }


@pytest.mark.parametrize("kind", ["province", "gaps"])
def test_an_aggregated_organisation_is_named_in_no_format(store: Store, kind: str) -> None:
    for text in outputs(build_report(store, kind, period="2026")).values():
        assert SECRET_NAME not in text
        assert "GM0004" not in text


def test_peer_comparison_names_no_peer(store: Store) -> None:
    own = store.assessments(organisation_code="GM0001", period="2026")[0].id
    for text in outputs(build_report(store, "compare", ids=[own], peers=True)).values():
        assert SECRET_NAME not in text and "Beekveld" not in text and "Boosdorp" not in text


def test_benoemd_names_appear_only_in_the_gap_review(store: Store) -> None:
    province = outputs(build_report(store, "province", period="2026"))
    gaps = outputs(build_report(store, "gaps", period="2026"))
    for fmt in FORMATS:
        assert "Aadorp" not in province[fmt]
        assert "Aadorp" in gaps[fmt] and "Beekveld" in gaps[fmt]


def test_suppression_is_visible_in_every_format(store: Store) -> None:
    document = build_report(store, "province", period="2026", min_group=10)
    for fmt, text in outputs(document).items():
        assert "onderdrukt" in text, fmt
        assert "zodat geen organisatie herkenbaar is" in text, fmt


def test_a_group_too_small_even_merged_is_no_column_and_says_so(store: Store) -> None:
    # One province among the participants: merged with no other type it is still one organisation.
    document = build_report(store, "province", period="2026")
    for fmt, text in outputs(document).items():
        assert "Niet als kolom: provincies" in text, fmt
    header, *rows = xlsx_sheets(render(document, "xlsx"))["Per organisatietype"]
    assert [h for h in header[1:] if not str(h).endswith("(n)")] == ["gemeenten"]


def test_hostile_text_is_inert_in_html(store: Store) -> None:
    html = outputs(build_report(store, "org", ids=[store.own_id]))["html"]  # type: ignore[attr-defined]
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    gaps_html = outputs(build_report(store, "gaps", period="2026"))["html"]
    assert "<b>Boosdorp</b>" not in gaps_html and "&lt;b&gt;Boosdorp&lt;/b&gt;" in gaps_html


def test_hostile_text_is_inert_in_markdown(store: Store) -> None:
    markdown = outputs(build_report(store, "org", ids=[store.own_id]))["md"]  # type: ignore[attr-defined]
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown
    assert re.search(r"(?<!\\)\]\(javascript", markdown) is None
    assert "\\*\\*vet\\*\\*" in markdown
    tables = md_tables(markdown)  # the hostile pipe opened no extra cell
    assert [len(row) for row in tables["Maatregelen die niet van toepassing zijn"]] == [3]
    assert {len(row) for row in tables["Alle antwoorden"]} == {8}


def test_hostile_text_is_inert_in_csv(store: Store) -> None:
    for document in (build_report(store, "org", ids=[store.own_id]),  # type: ignore[attr-defined]
                     build_report(store, "gaps", period="2026")):
        rows = csv_rows(render(document, "csv"))
        texts = [value for row in rows for key, value in row.items() if key != "waarde" or not row["eenheid"]]
        assert not [t for t in texts if t and t[0] in "=+-@\t\r"]
        assert any(t.startswith("'=HYPERLINK") for t in texts)
    org_rows = csv_rows(render(build_report(store, "org", ids=[store.own_id]), "csv"))  # type: ignore[attr-defined]
    assert any(row["waarde"].startswith("'@SUM(1+1)") for row in org_rows)


def test_hostile_text_is_inert_in_xlsx(store: Store) -> None:
    for document in (build_report(store, "org", ids=[store.own_id]),  # type: ignore[attr-defined]
                     build_report(store, "gaps", period="2026")):
        data = render(document, "xlsx")
        assert "<f>" not in xlsx_text(data) and "<f " not in xlsx_text(data)
        values = [cell for sheet in xlsx_sheets(data).values() for row in sheet for cell in row
                  if isinstance(cell, str)]
        assert not [v for v in values if v[0] in "=+-@"]
        assert any(v.startswith("'=HYPERLINK") for v in values)


@pytest.mark.parametrize("text", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\t=1", "\r=1", " =1", "\uff1dcmd"])
def test_formula_guard_defuses_every_trigger(text: str) -> None:
    assert is_formula_like(text)
    guarded = guard_formula(text)
    assert guarded.startswith("'")
    assert not is_formula_like(guarded)


@pytest.mark.parametrize("text", ["Gemeente Utrecht", "", "1+1", "e-mail", "50%"])
def test_formula_guard_leaves_plain_text(text: str) -> None:
    assert guard_formula(text) == text


def test_markdown_escape() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;"
    assert md_escape("# kop") == "\\# kop"
    assert md_escape("1. punt") == "1\\. punt"
    assert md_escape("regel\nnieuwe  regel") == "regel nieuwe regel"
    assert md_escape("[a](b)") == "\\[a\\](b)"
    assert md_escape("gewoon 72%") == "gewoon 72%"


def test_demo_reports_say_so_in_every_format(tmp_path: Path) -> None:
    from norm.demo import install_demo

    demo_store = make_store(tmp_path / "demo.db")
    install_demo(demo_store, 3)
    document = build_report(demo_store, "province", min_group=3)
    assert document.demo
    for text in outputs(document).values():
        assert "DEMODATA" in text
    demo_store.close()
