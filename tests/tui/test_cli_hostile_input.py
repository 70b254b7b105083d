"""The real console script given hostile files: exit status 1, the reason, no traceback, no hang.

The reading itself is tested in tests/norm (checklist, bundle, answer sheet); this proves what a user
sees at the command line (docs/hostile-input.md). Each run has a deadline, so a regression that
blocks on a FIFO fails instead of hanging CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_support import billion_laughs, deep_sequence, make_fifo

from norm.store import Store

SCRIPT = shutil.which("weerbaar", path=str(Path(sys.executable).parent)) or "weerbaar"


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"WEERBAAR_DB": str(db)} if db else {})}
    try:
        return subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"weerbaar {' '.join(args)} hangs")


@pytest.mark.parametrize(("content", "reason"), [
    (deep_sequence(), "de YAML is te diep genest (meer dan 64 niveaus)"),
    (billion_laughs(), "de YAML is te groot: meer dan 200000 elementen"),
], ids=["deep", "billion laughs"])  # short ids: pytest puts the id in the environment of the child
def test_checklist_validate_refuses_bombs(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bom.yaml"
    path.write_text(content, encoding="utf-8")
    result = run("checklist", "validate", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}: regel ") and len(result.stderr.splitlines()) == 1
    assert reason in result.stderr


def test_checklist_validate_refuses_a_device_and_a_fifo(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "pijp.yaml")
    result = run("checklist", "validate", "/dev/zero", str(fifo))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "/dev/zero: dit is geen gewoon bestand maar een apparaat (zoals /dev/zero); dat wordt niet gelezen",
        f"{fifo}: dit is geen gewoon bestand maar een named pipe (FIFO); dat wordt niet gelezen",
    ]


def test_import_refuses_a_fifo_a_device_and_deep_json_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "provincie.db"
    Store(db, actor="tester").close()
    before = db.read_bytes()
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    make_fifo(folder / "pijp.json")
    (folder / "nul.json").symlink_to("/dev/zero")
    (folder / "diep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = run("import", str(folder), db=db)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "named pipe (FIFO)" in output and "apparaat (zoals /dev/zero)" in output
    assert "de JSON is te diep genest" in output
    assert "3 van 3 bestanden geweigerd" in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_answer_sheet_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "gemeente.db"
    assert run("init", "--db", str(db)).returncode == 0
    created = run("assessment", "new", "--org", "GM0344", "--checklist", "utrechtse-weerbaarheidsnorm",
                  "--period", "2026", db=db)
    assert created.returncode == 0, created.stderr
    sheet = make_fifo(tmp_path / "blad.xlsx") if kind == "fifo" else tmp_path / "blad.xlsx"
    if kind == "device":
        sheet.symlink_to("/dev/zero")
    before = run("assessment", "show", created.stdout.strip(), "--json", db=db).stdout
    result = run("import", str(sheet), "--assessment", created.stdout.strip(), db=db)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert ("named pipe (FIFO)" if kind == "fifo" else "apparaat (zoals /dev/zero)") in output
    assert run("assessment", "show", created.stdout.strip(), "--json", db=db).stdout == before
