"""The language of the reports and the interface: a change shown beside two rounded figures is their
difference; "procentpunt"; counted nouns in the right form, never "(s)" or "(en)"; no mathematical notation
in text for officials; table headers never broken inside a word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reports_support import make_store, submit

from norm.catalogue import load_catalogue
from norm.labels import TEXTS as LABEL_TEXTS
from norm.labels import counted
from reports import build_report, render
from reports.document import Figures, Table
from reports.formatting import display, points, shown_delta
from tui.i18n import TEXTS as TUI_TEXTS

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ["T-EO-01", "T-EO-02", "T-EO-03", "T-BH-01", "T-BH-02", "T-BH-03", "T-SA-01", "T-SA-02"]


def _percent(text: str) -> int:
    return int(text.rstrip("%").replace(",", "."))


def _points(text: str) -> int:
    number = text.split()[0].replace("\u2212", "-")
    return int(number)


@pytest.mark.parametrize(("before", "after", "expected"), [
    (0.415, 0.424, 0.0),    # 42% and 42%: no change shown, although the exact change is +0.9 point
    (0.424, 0.435, 0.02),   # 42% and 44%: +2, although the exact change is +1.1
    (0.5, 0.5, 0.0),
    (None, 0.5, None),
])
def test_a_change_is_the_difference_of_the_rounded_figures(before, after, expected) -> None:
    assert shown_delta(before, after) == expected


def test_every_change_in_the_comparison_equals_the_rounded_figures_beside_it(tmp_path: Path) -> None:
    store = make_store(tmp_path / "delta.db")
    ids = []
    # Many level patterns, so some theme scores round across a boundary.
    for index in range(12):
        levels = {code: (index * 3 + j * (index % 5 + 1)) % 4 for j, code in enumerate(ITEMS)}
        before = submit(store, f"GM{index + 1:04d}", "2025", "benoemd", levels)
        after = submit(store, f"GM{index + 1:04d}", "2026", "benoemd",
                       {code: (level + (j % 3)) % 4 for j, (code, level) in enumerate(levels.items())})
        ids.append((before, after))
    checked = 0
    for before, after in ids:
        for document in (build_report(store, "compare", ids=[before, after]), build_report(store, "org", ids=[after])):
            for table in document.tables():
                kinds = [column.kind for column in table.columns]
                if "delta_pp" not in kinds or kinds.count("percent") < 2:
                    continue
                first = kinds.index("percent")
                for row in table.rows:
                    shown = [display(cell) for cell in row]
                    if "\u2013" in (shown[first], shown[first + 1]) or row[kinds.index("delta_pp")].suppressed:
                        continue
                    difference = _percent(shown[first + 1]) - _percent(shown[first])
                    assert _points(shown[kinds.index("delta_pp")]) == difference, (table.title, shown)
                    checked += 1
            for section in document.sections:
                for block in section.blocks:
                    if isinstance(block, Figures):
                        figures = {figure.label: figure for figure in block.items}
                        if "Verschil" in figures and "Totaalscore" in figures:
                            total = figures["Totaalscore"]
                            was = _percent(re.search(r"was (\d+%)", total.detail).group(1))
                            assert int(display(figures["Verschil"].value).replace("\u2212", "-")) == \
                                _percent(display(total.value)) - was
                            checked += 1
    store.close()
    assert checked > 50


def test_procentpunt_is_the_unit() -> None:
    assert points(0.05) == "+5 procentpunt" and points(-0.03) == "\u22123 procentpunt" and points(0) == "0 procentpunt"
    assert points(0.05, unit=False) == "+5"


@pytest.mark.parametrize(("count", "noun", "expected"), [
    (1, "organisation", "1 organisatie"), (2, "organisation", "2 organisaties"), (0, "measure", "0 maatregelen"),
    (1, "measure", "1 maatregel"), (3, "file", "3 bestanden"), (1, "gap", "1 tekort"),
    (5, "percentage_point", "5 procentpunt"),
])
def test_counted_nouns(count: int, noun: str, expected: str) -> None:
    assert counted(count, noun) == expected


def test_every_noun_has_both_forms_in_both_languages() -> None:
    for language in ("nl", "en"):
        texts = load_catalogue(LABEL_TEXTS, language)
        nouns = {key.split(".")[1] for key in texts if key.startswith("noun.")}
        for noun in nouns:
            assert f"noun.{noun}.one" in texts and f"noun.{noun}.other" in texts, (language, noun)


_OPTIONAL_PLURAL = re.compile(r"[a-zë]\((s|en)\)")
_NOTATION = re.compile(r"\w\s*[<>≤≥]=?\s*\w|\{\w+\}\s*[<>≤≥]")


def _user_strings(path: Path) -> list[str]:
    """The one-line string literals of a Python module (what a user may read)."""
    return re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", path.read_text(encoding="utf-8"))


def test_no_optional_plurals_or_percent_points_anywhere() -> None:
    offenders = []
    for package in ("norm", "reports", "tui", "checklists"):
        for path in (ROOT / package).rglob("*"):
            if path.suffix not in (".py", ".yaml", ".html", ".md") or "__pycache__" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py":  # only what is between quotes: "missing_share(s)" in code is code
                text = "\n".join(_user_strings(path))
            for match in _OPTIONAL_PLURAL.finditer(text):
                offenders.append(f"{path.relative_to(ROOT)}: {text[max(0, match.start() - 20):match.end()]}")
            if "%-punt" in text:
                offenders.append(f"{path.relative_to(ROOT)}: %-punt")
    assert not offenders, offenders


def test_no_mathematical_notation_in_the_interface_texts() -> None:
    for language in ("nl", "en"):
        for key, value in load_catalogue(TUI_TEXTS, language).items():
            assert not _NOTATION.search(value), (language, key, value)


def test_table_headers_are_never_broken_inside_a_word(tmp_path: Path) -> None:
    css = (ROOT / "reports" / "templates" / "style.css").read_text(encoding="utf-8")
    header_rules = re.findall(r"([^{}]*\bth\b[^{}]*)\{([^}]*)\}", css)
    assert any("word-break: keep-all" in body and "hyphens: manual" in body for _, body in header_rules)
    for selector, body in header_rules:
        assert "hyphens: auto" not in body and "anywhere" not in body and "break-all" not in body, selector
    store = make_store(tmp_path / "css.db")
    html = render(build_report(store, "org", ids=[submit(store, "GM0001", "2026", "benoemd")]), "html").decode()
    store.close()
    assert "word-break: keep-all" in html  # the rule travels inside the self-contained file


def test_column_widths_leave_every_header_word_room() -> None:
    from reports.html import LINE_CHARS, column_widths

    columns = [("Code", "code"), ("Thema", "text"), ("Score", "percent"), ("Streefscore", "percent"),
               ("Op streefniveau", "count"), ("Meetellend", "count"), ("N.v.t.", "count"),
               ("Volledigheid", "percent")]
    from reports.document import Cell, Column

    table = Table("t", "t", [Column(label, kind) for label, kind in columns],
                  [[Cell("A", "code"), Cell("Een lange themanaam die zeker moet afbreken", "text"),
                    *[Cell(0.5, "percent") if kind == "percent" else Cell(12, "count") for _, kind in columns[2:]]]])
    widths = [float(w) for w in column_widths(table)]
    for (label, _), width in zip(columns, widths, strict=True):
        longest = max(len(word) for word in label.split())
        assert width / 100 * LINE_CHARS >= longest, (label, width)
