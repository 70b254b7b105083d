"""`weerbaar serve`: the TUI in a browser behind a login, on loopback, without outside requests."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from norm.store import Store

ROOT = Path(__file__).parents[2]
PASSWORD = "correct paard batterij"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_refuses_to_start_without_accounts(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--db", str(tmp_path / "s.db"), "--port",
                             str(free_port())], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "weerbaar user add" in result.stderr


def test_serve_behind_a_public_url_uses_it_everywhere(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_account("anna", "Anna", password=PASSWORD)
    port = free_port()
    public = "https://weerbaar.example.nl/uwn"
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--db", str(tmp_path / "s.db"), "--port", str(port),
         "--public-url", public + "/"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}/uwn"
        page = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not page:
            try:
                with opener.open(f"{base}/login", timeout=2) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert 'action="/uwn/login"' in page
        assert not re.findall(r"""(?:href|src)=["'](?:https?:)?//""", page)
        form = urllib.parse.urlencode({"username": "anna", "password": PASSWORD}).encode()
        request = urllib.request.Request(f"{base}/login", data=form,
                                         headers={"Origin": "https://weerbaar.example.nl"})
        # The cookie is Secure (https public URL): urllib will not send it back over http, so read it.
        no_redirect = urllib.request.build_opener(NoRedirect)
        try:
            no_redirect.open(request, timeout=10)
            raise AssertionError("expected a redirect")
        except urllib.error.HTTPError as error:
            assert error.code == 303 and error.headers["Location"] == "/uwn/"
            cookie, location = error.headers["Set-Cookie"], error.headers["Location"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie and "Path=/uwn" in cookie
        token = cookie.split(";", 1)[0]
        assert token.split("=", 1)[1] not in location
        app = urllib.request.Request(f"{base}/", headers={"Cookie": token})
        with urllib.request.urlopen(app, timeout=10) as response:  # noqa: S310
            page = response.read().decode("utf-8")
            assert "max-age" in response.headers["Strict-Transport-Security"]
        assert 'data-session-websocket-url="wss://weerbaar.example.nl/uwn/ws"' in page
        assert re.findall(r"""src=["']([^"']+)""", page) == ["/uwn/static/js/textual.js", "/uwn/assets/weerbaar.js"]
    finally:
        server.terminate()
        server.wait(timeout=15)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


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

    with Store(tmp_path / "p.db") as store:
        install_builtins(store)
        for number in range(400):  # more output than a pipe buffer holds
            store.upsert_organisation(f"X{number}", "Organisatie " + "x" * 100, "gemeente")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "p.db")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "''", result.stdout


def test_bad_serve_options_are_one_line(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_account("anna", "Anna", password=PASSWORD)
    for options in (["--public-url", "ftp://weerbaar.example.nl"], ["--trusted-proxy", "het-kantoor"],
                    ["--public-url", "https://x.nl/?token=geheim"]):
        result = subprocess.run([sys.executable, "-m", "tui", "serve", "--db", str(tmp_path / "s.db"), *options],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, options
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("weerbaar: "), result.stderr
