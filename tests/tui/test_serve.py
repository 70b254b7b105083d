"""`weerbaar serve`: the TUI in a browser, on loopback, without outside requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tui.cli.serve import tui_command_line

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_command_line_is_quoted_for_the_shell() -> None:
    line = tui_command_line(Path("/tmp/met spatie/weerbaar.db"), "en")
    if os.name == "nt":
        assert '"/tmp/met spatie/weerbaar.db"' in line
    else:
        assert "'/tmp/met spatie/weerbaar.db'" in line
    assert line.endswith("--lang en") and " -m tui " in line


def test_serve_answers_on_loopback_with_only_local_resources(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--db", str(tmp_path / "s.db"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:  # noqa: S310
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "textual.js" in page
        urls = set(re.findall(r"""(?:href|src)=["'](https?://[^"']+)""", page))
        assert urls and all(url.startswith(f"http://127.0.0.1:{port}/") for url in urls), urls
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`weerbaar … | head` must not print an error when head stops reading."""
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'tui', '--db', sys.argv[1], 'org', 'list', '--json'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.read(1); p.stdout.close()\n"
        "err = p.stderr.read().decode(); p.wait(); print(repr(err))\n"
    )
    from checklists import install_builtins
    from norm.store import Store

    with Store(tmp_path / "p.db") as store:
        install_builtins(store)
        for number in range(400):  # more output than a pipe buffer holds
            store.upsert_organisation(f"X{number}", "Organisatie " + "x" * 100, "gemeente")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "p.db")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "''", result.stdout
