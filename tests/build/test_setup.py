"""The README's two commands set up a fresh machine: the lock pins everything, and the test path
installs what pip cannot (Chromium, poppler) or says in one line why it cannot."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "tools" / "ensure-test-tools.sh"


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement = line.split(";")[0].strip()
        name, _, version = requirement.partition("==")
        assert version, f"not pinned to one version: {line}"
        pins[name.lower().replace("_", "-")] = version
    return pins


def test_the_lock_pins_every_dependency_the_project_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    pins = _lock()
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert missing == [], f"run 'make lock': {missing} are not in requirements.lock"
    assert pins["textual"] == "8.2.8" and "rich" in pins  # the snapshot tests depend on both


def test_make_installs_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--requirement $(LOCK)" in makefile and "--no-deps --editable ." in makefile
    assert "test-tools" in makefile.split("\ntest:")[1].split("\n")[0]
    assert "tools/ensure-test-tools.sh chromium poppler-utils" in makefile.split("\ntest-tools:")[1]


def _fake_bin(tmp_path: Path, *, uid: int, tools: dict[str, str]) -> dict[str, str]:
    """A PATH with only the commands given (plus a fake ``id``): a machine as bare as we like."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in {"id": f"echo {uid}", **tools}.items():
        path = folder / name
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return {"PATH": str(folder), "HOME": str(tmp_path)}


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = ["/bin/sh", str(SCRIPT), "chromium", "poppler-utils"]  # as `make test-tools` calls it
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize(("uid", "tools", "expected"), [
    (0, {}, "no apt-get here"),
    (1000, {"apt-get": "exit 0"}, "not root here"),
    (0, {"apt-get": "exit 100"}, "apt-get could not install"),
])
def test_a_machine_that_cannot_install_gets_one_line(tmp_path: Path, uid: int, tools: dict[str, str],
                                                     expected: str) -> None:
    result = _run(_fake_bin(tmp_path, uid=uid, tools=tools))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "chromium" in lines[0] and "poppler-utils" in lines[0]


def test_root_with_apt_installs_what_is_missing(tmp_path: Path) -> None:
    log = tmp_path / "apt.log"
    env = _fake_bin(tmp_path, uid=0, tools={"apt-get": f'echo "$@" >> {log}', "chromium": "exit 0"})
    result = _run(env)
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("update")
    assert "install" in calls[1] and "poppler-utils" in calls[1] and "chromium" not in calls[1]


def test_nothing_happens_when_everything_is_there(tmp_path: Path) -> None:
    log = tmp_path / "apt.log"
    env = _fake_bin(tmp_path, uid=1000, tools={"chromium": "exit 0", "pdftoppm": "exit 0",
                                               "apt-get": f"echo called >> {log}"})
    result = _run(env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not log.exists()


def test_ci_runs_lint_and_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith("#")]
    assert "make lint" in commands and "make test" in commands
    assert os.access(SCRIPT, os.X_OK)
