"""`weerbaar --lang en` (and WEERBAAR_LANG=en): the command line's own messages and click's usage errors in
English; Dutch stays the default, and the one-line, exit-status contract is the same in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.cli import words as cli_words
from tui.cli.dutch import use_english


@pytest.fixture(autouse=True)
def _dutch_afterwards():
    yield
    cli_words.set_language("nl")
    use_english(False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lang.db"
    result = CliRunner().invoke(main, ["--db", str(path), "init"], env={"WEERBAAR_LANG": None})
    assert result.exit_code == 0, result.output
    return path


def _run(db: Path, *args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, ["--db", str(db), *args], env=env or {"WEERBAAR_LANG": None})


def test_a_user_error_in_english_with_lang_en(db: Path) -> None:
    new = _run(db, "assessment", "new", "--org", "GM0344", "--checklist", "utrechtse-weerbaarheidsnorm",
               "--period", "2026")
    assert new.exit_code == 0, new.output
    result = _run(db, "--lang", "en", "assessment", "set", "1", "UWN-A01")
    assert result.exit_code == 1
    assert result.stderr == "weerbaar: give --level, --na, --comment or --evidence\n"
    dutch = _run(db, "assessment", "set", "1", "UWN-A01")
    assert dutch.exit_code == 1 and dutch.stderr == "weerbaar: geef --level, --na, --comment of --evidence\n"
    english = _run(db, "assessment", "set", "1", "UWN-A01", "--level", "2", env={"WEERBAAR_LANG": "en"})
    assert english.exit_code == 0 and english.output == "UWN-A01: level 2\n"
    hostile = _run(db, "--lang", "en", "assessment", "set", "1", "UWN-A02", "--na", "reden\x1b[2J\nregel")
    assert hostile.exit_code == 0 and "\x1b" not in hostile.output and hostile.output.count("\n") == 1


def test_success_lines_of_init_and_report_in_english(db: Path, tmp_path: Path) -> None:
    again = _run(db, "--lang", "en", "init")
    assert again.exit_code == 0 and "checklist already present: " in again.output
    assert "geladen" not in again.output and "aanwezig" not in again.output
    to_file = _run(db, "--lang", "en", "report", "org", "1", "--format", "pdf")
    assert to_file.exit_code == 1
    assert to_file.stderr == "weerbaar: PDF goes to a file: give -o FILE, for example -o report.pdf\n"


def test_click_usage_errors_follow_the_language(db: Path) -> None:
    english = _run(db, "--lang", "en", "assessment", "show", "abc")
    assert english.exit_code == 2 and "is not a valid integer" in english.stderr and "Error:" in english.stderr
    dutch = _run(db, "assessment", "show", "abc")
    assert dutch.exit_code == 2 and "is geen geldig geheel getal" in dutch.stderr and "Fout:" in dutch.stderr


def test_an_unknown_language_is_refused_as_usage(db: Path) -> None:
    result = _run(db, "--lang", "fr", "init")
    assert result.exit_code == 2 and "'fr'" in result.stderr


def test_help_follows_the_language_of_each_invocation(db: Path) -> None:
    english = _run(db, "--lang", "en", "assessment", "--help")
    assert english.exit_code == 0 and english.output.startswith("Usage: weerbaar")
    dutch = _run(db, "assessment", "--help")  # the next invocation, without --lang: Dutch again
    assert dutch.exit_code == 0 and dutch.output.startswith("Gebruik: weerbaar") and "Usage:" not in dutch.output
    unknown = _run(db, "--lang=en", "no-such-command")
    assert unknown.exit_code == 2 and "No such command 'no-such-command'." in unknown.stderr
