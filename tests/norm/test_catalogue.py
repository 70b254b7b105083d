"""The text catalogues: both languages have the same keys, every key the code uses exists, and a broken
or hostile catalogue file is refused with its name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from norm.catalogue import CatalogueError, load_catalogue
from norm.labels import TEXTS as LABEL_TEXTS
from reports.wording import TEXTS as REPORT_TEXTS
from tui.i18n import TEXTS as TUI_TEXTS

ROOT = Path(__file__).resolve().parents[2]
# t("key"...), has("key"), f"b.something" bindings ("b.quit") and keys in lists: every string literal
# that looks like a catalogue key of a known group.
_LITERAL = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


@pytest.mark.parametrize("folder", [TUI_TEXTS, LABEL_TEXTS, REPORT_TEXTS], ids=["tui", "labels", "reports"])
def test_both_languages_have_the_same_keys(folder: Path) -> None:
    dutch, english = load_catalogue(folder, "nl"), load_catalogue(folder, "en")
    assert set(dutch) == set(english), set(dutch) ^ set(english)
    for key in dutch:  # the same {fields} to fill in
        assert set(re.findall(r"{(\w+)}", dutch[key])) == set(re.findall(r"{(\w+)}", english[key])), key


def test_every_key_used_in_the_interface_exists() -> None:
    keys = set(load_catalogue(TUI_TEXTS, "nl"))
    groups = {key.split(".")[0] for key in keys}
    missing = set()
    for path in (ROOT / "tui").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"""\bt\(\s*["']([^"'{}]+[^."'{}])["']""", source):
            if call.group(1) not in keys:
                missing.add((path.name, call.group(1)))
        for literal in _LITERAL.finditer(source):
            key = literal.group(1)
            if key.split(".")[0] in groups and key.count(".") >= 1 and key.startswith("b.") and key not in keys:
                missing.add((path.name, key))
    assert not missing, sorted(missing)


def test_every_key_used_in_the_reports_exists() -> None:
    keys = set(load_catalogue(REPORT_TEXTS, "nl"))
    missing, checked = set(), 0
    for path in [*(ROOT / "reports").rglob("*.py"), *(ROOT / "reports" / "templates").glob("*")]:
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"""\b(?:w|words|Words\([^)]*\))\(\s*["']([^"'{}]+)["']""", source):
            checked += 1
            if call.group(1) not in keys:
                missing.add((path.name, call.group(1)))
        for call in re.finditer(r"""one_or_many\([^,]+,\s*["']([^"']+)["']""", source):
            if not {f"{call.group(1)}.one", f"{call.group(1)}.other"} <= keys:
                missing.add((path.name, call.group(1)))
    assert checked > 100 and not missing, (checked, sorted(missing))


def test_every_label_of_the_vocabulary_exists() -> None:
    from norm.labels import VALUES

    for language in ("nl", "en"):
        texts = load_catalogue(LABEL_TEXTS, language)
        for vocabulary, values in VALUES.items():
            for value in values:
                assert f"label.{vocabulary}.{value}" in texts, (language, vocabulary, value)


def _catalogue(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "nl" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("files", "message"), [
    ({"a.yaml": "x.y: een\n", "b.yaml": "x.y: twee\n"}, "staat ook in a.yaml"),
    ({"a.yaml": "- een\n- twee\n"}, "sleutel: tekst"),
    ({"a.yaml": "x.y:\n  genest: ja\n"}, "geen tekst"),
    ({"a.yaml": "x.y: 3\n"}, "geen tekst"),
    ({"a.yaml": "x.y: [onaf\n"}, "a.yaml"),
    ({"a.yaml": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"}, "aliassen"),
    ({"a.yaml": "x.y: !!python/object/apply:os.system ['true']\n"}, "a.yaml"),
])
def test_a_broken_or_hostile_catalogue_is_refused_with_its_name(tmp_path: Path, files: dict[str, str],
                                                                message: str) -> None:
    folder = _catalogue(tmp_path, files)
    with pytest.raises(CatalogueError, match=re.escape(message)):
        load_catalogue(folder, "nl")


def test_a_language_without_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="geen catalogus"):
        load_catalogue(_catalogue(tmp_path, {"a.yaml": "x.y: een\n"}), "fr")


def test_a_catalogue_is_read_once(tmp_path: Path) -> None:
    folder = _catalogue(tmp_path, {"a.yaml": "x.y: een\n"})
    first = load_catalogue(folder, "nl")
    (folder / "nl" / "a.yaml").write_text("x.y: twee\n", encoding="utf-8")
    assert load_catalogue(folder, "nl") is first
