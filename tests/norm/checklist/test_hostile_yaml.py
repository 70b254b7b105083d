"""Hostile checklist YAML: refused by size, depth and expansion limits before anything is built,
quickly, in little memory, with a message that names the file (docs/hostile-input.md)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import (
    billion_laughs,
    deep_block_sequence,
    deep_mapping,
    deep_sequence,
    in_child,
    make_fifo,
    traced,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from norm.checklist import MAX_FILE_BYTES, ChecklistError, load_checklist_file, load_yaml_text, loading, parse_checklist
from norm.vocabulary import MAX_TEXT

FIXTURES = Path(__file__).parents[2] / "fixtures"
MINI = FIXTURES / "mini.yaml"
QUICK = 1.0  # seconds; the refusals below take milliseconds
PURE_PYTHON_QUICK = 5.0  # PyYAML's own scanner looks 1 024 characters ahead, slowly: up to 1.5 s here
SMALL = 50.0  # MB of Python allocations; the files below would take gigabytes


def mini_data() -> dict[str, Any]:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def refusal(path: Path) -> str:
    """The one problem of a refused file, as the CLI prints it; asserts that it names the file."""
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(path)
    assert all(problem.file == str(path) for problem in caught.value.problems)
    return str(caught.value)


BOMBS = {
    "100 000 nested sequences": (deep_sequence(), "de YAML is te diep genest (meer dan 64 niveaus)"),
    "100 000 nested mappings": (deep_mapping(), "de YAML is te diep genest (meer dan 64 niveaus)"),
    "1 000 nested block sequences": (deep_block_sequence(), "regel 65, kolom 65: de YAML is te diep genest"),
    "billion laughs": (billion_laughs(), "de YAML is te groot: meer dan 200000 elementen wanneer alle aliassen"),
    "alias bomb in a checklist": (
        billion_laughs() + MINI.read_text(encoding="utf-8").replace(
            "applies_to: [gemeente, provincie, waterschap]", "applies_to: *lol9", 1),
        "de YAML is te groot",
    ),
}


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_quickly_in_little_memory(tmp_path: Path, monkeypatch, name: str, loader: str) -> None:
    if loader == "pure Python":  # where PyYAML was built without libyaml
        monkeypatch.setattr(loading, "_LOADER", yaml.SafeLoader)
    text, message = BOMBS[name]
    path = tmp_path / "bom.yaml"
    path.write_text(text, encoding="utf-8")
    with traced() as measured:
        reason = refusal(path)
    assert message in reason and reason.startswith(f"{path}: regel ")
    assert measured["seconds"] < (QUICK if loader == "libyaml" else PURE_PYTHON_QUICK), measured
    assert measured["peak_mb"] < SMALL, measured


def test_the_alias_bomb_inside_a_checklist_is_still_a_bomb() -> None:
    assert "applies_to: *lol9" in BOMBS["alias bomb in a checklist"][0]


def test_aliases_within_the_limits_still_work(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    first = "applies_to: [gemeente, provincie, waterschap]"
    assert first in text
    text = text.replace(first, "applies_to: &alle [gemeente, provincie, waterschap]", 1)
    text = text.replace(first, "applies_to: *alle")
    path = tmp_path / "anker.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_checklist_file(path) == load_checklist_file(MINI)


def test_an_alias_to_its_own_container_is_refused() -> None:
    with pytest.raises(ChecklistError, match=r"de alias \*a verwijst naar een element waar ze zelf in staat"):
        load_yaml_text("a: &a [1, *a]\n", "lus.yaml")


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system ''",
                                 "!!timestamp xx", "!!float abc", "!!binary zz", "!eigen x"])
def test_explicit_tags_are_refused_without_constructing(tag: str) -> None:
    with pytest.raises(ChecklistError, match="niet-toegestane YAML-tag geweigerd"):
        load_yaml_text(f"id: {tag}\n", "tag.yaml")


def test_an_explicit_str_tag_is_allowed() -> None:
    assert load_yaml_text("version: !!str 1.0\n", "tag.yaml") == {"version": "1.0"}


@pytest.mark.parametrize(("text", "message"), [
    ("a: " + "1" * 5000 + "\n", "een getal is onredelijk lang (meer dan 4300 cijfers)"),
    ("a: 2026-13-45\n", "een datum of tijd bestaat niet (month must be in 1..12)"),
    ("a: [1, 2\n", "ongeldige YAML"),
    ("a: \x1b[31m\n", "ongeldige YAML"),
], ids=["5000 digits", "13th month", "unclosed", "escape"])
def test_values_the_constructor_cannot_build_are_refused(text: str, message: str) -> None:
    with pytest.raises(ChecklistError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        load_yaml_text(text, "waarde.yaml")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "het bestand is leeg"),
    (b"  \n\n", "het bestand is leeg"),
    (b"# alleen commentaar\n", "het bestand bevat geen checklist (geen mapping)"),
    (b"gewoon een zin\n", "het bestand bevat geen checklist (geen mapping)"),
    (b"- een\n- lijst\n", "het bestand bevat geen checklist (geen mapping)"),
    ("title: geëvalueerd\n".encode("latin-1"), "het bestand is geen geldige UTF-8-tekst (byte 9)"),
    ("id: x\n".encode("utf-16"),
     "het bestand is geen geldige UTF-8-tekst (byte 0); het is UTF-16: sla het op als UTF-8"),
])
def test_files_that_hold_no_checklist(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "leeg.yaml"
    path.write_bytes(content)
    assert refusal(path) == f"{path}: {message}"


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert load_checklist_file(path) == load_checklist_file(MINI)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "groot.yaml"
    with path.open("wb") as stream:  # 6 MB, written sparsely
        stream.truncate(6 * 1024 * 1024)
    with traced() as measured:
        reason = refusal(path)
    assert reason == f"{path}: het bestand is te groot ({6 * 1024 * 1024} bytes; maximaal {MAX_FILE_BYTES})"
    assert measured["peak_mb"] < 1 and measured["seconds"] < QUICK


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "link to /dev/zero"])
def test_fifos_and_devices_are_refused_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = make_fifo(tmp_path / "pijp.yaml")
    elif kind.startswith("link"):
        path = tmp_path / "link.yaml"
        path.symlink_to("/dev/zero")
    else:
        path = Path(kind)
    outcome = in_child(lambda: load_checklist_file(path))
    assert outcome.kind == "ChecklistError", outcome
    assert outcome.message.startswith(f"{path}: dit is geen gewoon bestand maar een ")
    assert outcome.seconds < QUICK


# -- bounded fields --------------------------------------------------------------------------------


def problems_of(data: Any) -> dict[str, str]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "lang.yaml")
    return {problem.path: problem.reason for problem in caught.value.problems}


BOUNDED = {
    "title too long": (lambda d: d.update(title="x" * (MAX_TEXT + 1)), "title",
                       f"de tekst is te lang (maximaal {MAX_TEXT} tekens)"),
    "statement too long": (lambda d: d["themes"][0]["items"][0].update(statement="x" * (MAX_TEXT + 1)),
                           "themes[0].items[0].statement", "de tekst is te lang"),
    "escape in a title": (lambda d: d.update(title="Norm \x1b[31mrood"), "title",
                          "bevat een stuurteken (U+001B); alleen tab en regeleinde zijn toegestaan"),
    "CSI in a level text": (lambda d: d["themes"][0]["items"][0].update(levels={1: "a\x9b2J"}),
                            "themes[0].items[0].levels[1]", "bevat een stuurteken (U+009B)"),
    "version too long": (lambda d: d.update(version="1" * 41), "version", "de tekst is te lang (maximaal 40 tekens)"),
    "id too long": (lambda d: d.update(id="a" * 101), "id", "de tekst is te lang (maximaal 100 tekens)"),
    "code too long": (lambda d: d["themes"][0]["items"][0].update(code="MINI-" + "A" * 60),
                      "themes[0].items[0].code", "de tekst is te lang (maximaal 64 tekens)"),
    "infinite weight": (lambda d: d["themes"][0]["items"][0].update(weight=float("inf")),
                        "themes[0].items[0].weight", "moet een eindig getal zijn"),
    "NaN share": (lambda d: d["tiers"][1]["rule"][0].update(min_share=float("nan")),
                  "tiers[1].rule[0].min_share", "moet een eindig getal zijn"),
    "huge level": (lambda d: d["scale"][0].update(value=10**30), "scale[0].value", "is te groot"),
    "too many themes": (lambda d: d.update(themes=d["themes"] * 251), "themes",
                        "bevat te veel elementen (maximaal 500)"),
}


@pytest.mark.parametrize("name", list(BOUNDED))
def test_every_field_is_bounded(name: str) -> None:
    mutate, path, reason = BOUNDED[name]
    data = copy.deepcopy(mini_data())
    mutate(data)
    found = problems_of(data)
    assert reason in found.get(path, ""), found


def test_the_longest_allowed_text_loads() -> None:
    data = mini_data()
    data["title"] = "x" * MAX_TEXT
    data["themes"][0]["items"][0]["toelichting"] = "Regel één\n\tingesprongen"
    assert len(parse_checklist(data).title) == MAX_TEXT


# -- anything at all -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}:-&*!|>'\"#%@`,? \n\tab1.\x1b\x85\u202e")), max_size=80))
def test_any_text_gives_data_or_a_checklist_error(text: str) -> None:
    try:
        load_yaml_text(text, "fuzz.yaml")
    except ChecklistError as error:
        assert str(error).startswith("fuzz.yaml")


def test_messages_never_echo_an_escape_sequence_or_an_endless_value() -> None:
    """Paths and values in a message come from the file: made visible and cut short."""
    text = MINI.read_text(encoding="utf-8") + '"\\e[31mrood": 1\n' + "x" * 1000 + ": 2\n"
    text = text.replace("kind: beleid", 'kind: "\\e]8;;http://evil\\a' + "y" * 200 + '"', 1)
    with pytest.raises(ChecklistError) as caught:
        load_yaml_and_parse(text)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "ruw.yaml: ␛[31mrood: onbekend veld" in message
    assert max(len(line) for line in message.splitlines()) < 200
    assert "onbekende waarde '\\x1b]8;;http://evil\\x07yyy" in message  # repr: escaped, then cut


def load_yaml_and_parse(text: str) -> Any:
    return parse_checklist(load_yaml_text(text, "ruw.yaml"), "ruw.yaml")
