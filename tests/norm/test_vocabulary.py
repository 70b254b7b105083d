"""Each value list is defined once, and every value has a label in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from norm import labels, vocabulary

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("vocab", list(labels.VALUES))
@pytest.mark.parametrize("language", get_args(labels.Language))
def test_every_value_has_its_own_label(vocab: labels.Vocabulary, language: labels.Language) -> None:
    values = labels.VALUES[vocab]
    assert values, vocab
    shown = [labels.label(vocab, value, language) for value in values]
    assert all(text and text != "" for text in shown)
    assert len(set(shown)) == len(values), f"two {vocab} values share a label in {language}"


@pytest.mark.parametrize("language", get_args(labels.Language))
def test_labels_cover_exactly_the_vocabulary(language: labels.Language) -> None:
    for vocab, values in labels.VALUES.items():
        in_catalogue = {key.split(".", 2)[2] for key in labels._texts(language)
                        if key.startswith(f"label.{vocab}.")}
        assert in_catalogue == set(values), vocab


def test_an_unknown_value_is_shown_as_it_is() -> None:
    assert labels.label("status", "iets-anders") == "iets-anders"
    assert labels.explained("kind", "nulmeting", "en") == "baseline"


def test_shareable_levels_are_the_sharing_levels_that_leave_the_organisation() -> None:
    assert set(vocabulary.SHAREABLE_LEVELS) == set(vocabulary.SHARING_LEVELS) - {vocabulary.DEFAULT_SHARING}


@pytest.mark.parametrize(("pattern", "good", "bad"), [
    (vocabulary.PERIOD_PATTERN, ["2026", "2026-H1", "2026/27"], ["", " 2026", "-2026", "x" * 33, "2026\n"]),
    (vocabulary.ORGANISATION_CODE_PATTERN, ["GM0344", "W0636", "riec-mn"], ["", "-GM", "GM 0344", "a" * 41]),
    (vocabulary.ITEM_CODE_PATTERN, ["UWN-A01", "WS-P1-03"], ["UWN", "uwn-a01", "UWN-"]),
    (vocabulary.SLUG_PATTERN, ["utrechtse-weerbaarheidsnorm"], ["Utrecht", "-x", ""]),
])
def test_patterns_accept_and_refuse(pattern: re.Pattern[str], good: list[str], bad: list[str]) -> None:
    assert all(pattern.fullmatch(value) for value in good)
    assert not any(pattern.fullmatch(value) for value in bad)


LISTS = {
    "sharing levels": r"""["']intern["'],\s*["']geaggregeerd["'],\s*["']benoemd["']""",
    "statuses": r"""["']concept["'],\s*["']definitief["']""",
    "kinds": r"""["']nulmeting["'],\s*["']vervolgmeting["']""",
    "action statuses": r"""["']open["'],\s*["']lopend["'],\s*["']gereed["']""",
    "organisation types": r"""["']gemeente["'],\s*["']provincie["'],\s*["']waterschap["']""",
    "item kinds": r"""["']beleid["'],\s*["']uitvoering["']""",
}


@pytest.mark.parametrize("name", list(LISTS))
def test_no_value_list_is_written_out_a_second_time(name: str) -> None:
    pattern = re.compile(LISTS[name])
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("norm", "reports", "tui", "checklists")
        for path in (ROOT / package).rglob("*.py")
        if path.name not in ("vocabulary.py", "labels.py") and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"{name} written out again in {offenders}; use norm.vocabulary"
