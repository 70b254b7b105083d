"""Where the database lives: the per-user data folder by default, and clear refusals for a --db (or
WEERBAAR_DB) that cannot be a weerbaar database — without creating folders or touching the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment whose per-user folders are inside tmp_path (POSIX: XDG; Windows: LOCALAPPDATA)."""
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "LOCALAPPDATA": str(tmp_path / "home" / "AppData" / "Local"),
        "WEERBAAR_DB": "",
    }


def run(env: dict[str, str], *args: str):
    return CliRunner(env=env).invoke(main, list(args))


def one_line_error(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert result.output.startswith("weerbaar: ") and result.output.count("\n") == 1, result.output
    return result.output


def test_the_default_database_is_in_the_user_data_folder(home: dict[str, str]) -> None:
    import platformdirs

    result = run(home, "init")
    assert result.exit_code == 0, result.output
    with pytest.MonkeyPatch.context() as patch:
        for name, value in home.items():
            patch.setenv(name, value)
        folder = Path(platformdirs.user_data_dir("weerbaar", appauthor=False))
    assert folder.is_relative_to(Path(home["HOME"])), folder
    assert (folder / "weerbaar.db").is_file()
    assert f"Database: {folder / 'weerbaar.db'}" in result.output
    assert not (Path(home["XDG_CONFIG_HOME"]) / "weerbaar").exists(), "not click's config folder"
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, "the folder is the owner's only"


def test_a_database_in_the_old_location_is_not_silently_left_behind(home: dict[str, str]) -> None:
    """Earlier versions kept the database in click's config folder. Where that differs from the data
    folder (Linux), a database left there is named instead of starting an empty one beside it; where
    the two are the same folder (macOS, Windows), the database is simply used."""
    from tui.cli.base import default_db_path, legacy_db_path

    with pytest.MonkeyPatch.context() as patch:
        for name, value in home.items():
            patch.setenv(name, value)
        old, new = legacy_db_path(), default_db_path()
    assert old.is_relative_to(Path(home["HOME"])) or old.is_relative_to(Path(home["LOCALAPPDATA"])), old
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"")  # an empty file is a database SQLite can open
    result = run(home, "org", "list")
    if old != new:
        message = one_line_error(result)
        assert str(old) in message and "oude plek" in message
        assert not new.parent.exists()
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path, home: dict[str, str], how: str) -> None:
    target = tmp_path / "bestaat-niet" / "sub" / "w.db"
    if how == "option":
        result = run(home, "--db", str(target), "init")
    else:
        result = run({**home, "WEERBAAR_DB": str(target)}, "init")
    message = one_line_error(result)
    assert f"de map {target.parent} bestaat niet" in message
    assert not (tmp_path / "bestaat-niet").exists(), "no folder is created"


def test_the_terminal_interface_does_not_start_on_a_missing_folder(tmp_path: Path, home: dict[str, str]) -> None:
    result = run(home, "--db", str(tmp_path / "nergens" / "w.db"))
    one_line_error(result)
    assert not (tmp_path / "nergens").exists()


def test_a_folder_is_not_a_database(tmp_path: Path, home: dict[str, str]) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    for args in (["--db", str(folder), "org", "list"], ["org", "list", "--db", str(folder)]):
        message = one_line_error(run(home, *args))
        assert "is een map, geen databasebestand" in message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("content", [b"Dit is mijn boodschappenlijst.\nmelk\n", b"\x89PNG\r\n\x1a\n" + bytes(40)])
def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(tmp_path: Path, home: dict[str, str],
                                                                  content: bytes) -> None:
    notes = tmp_path / "notities.txt"
    notes.write_bytes(content)
    before = notes.stat()
    for args in (["--db", str(notes), "init"], ["--db", str(notes), "assessment", "list"]):
        message = one_line_error(run(home, *args))
        assert "geen weerbaar-database" in message and "niet gewijzigd" in message
    assert notes.read_bytes() == content
    assert notes.stat().st_mtime_ns == before.st_mtime_ns
    assert not Path(f"{notes}-wal").exists() and not Path(f"{notes}-shm").exists()


def test_an_empty_file_becomes_a_database(tmp_path: Path, home: dict[str, str]) -> None:
    empty = tmp_path / "leeg.db"
    empty.touch()
    assert run(home, "--db", str(empty), "org", "list").exit_code == 0
    assert empty.read_bytes().startswith(b"SQLite format 3\x00")
