"""Hosted-mode capacity: memory and time to the first screen per browser session of ``weerbaar serve``.

textual-serve starts one app process per websocket, so a server's capacity is mostly the memory of
those processes. The script:

1. makes a database with the built-in content and ``--sessions`` accounts, and starts
   ``weerbaar serve`` on loopback;
2. in the system Chromium (Playwright), logs in ``--browser-runs`` times one after another and times
   from the click on "Aanmelden" until the terminal shows its first output and until that output
   has settled (the start screen is drawn: no websocket frame for 0.3 s);
3. opens ``--sessions`` sessions at once (each its own account, logged in over HTTP, then the
   websocket, as the page's script does) and times each until its first screen has settled;
4. with those sessions open, reads the resident memory (RSS, and PSS where Linux reports it: the
   share of pages used by several processes counted once) of every app process and of the server,
   and times one more browser login under that load.

Targets (issue #14): at most 120 MB resident per session, first screen within 2 s in the browser.
Exits 1 when one is missed. Linux only (``/proc``). Usage:
``.venv/bin/python bench/bench_serve.py [--sessions 30] [--browser-runs 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench wachtwoord 2026"
SETTLE = 0.3
MAX_RSS_MB = 120
MAX_FIRST_SCREEN = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB (PSS 0 where the kernel does not report it)."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def prepare(folder: Path, sessions: int) -> Path:
    from checklists import install_builtins
    from norm.store import Store

    db = folder / "bench.db"
    with Store(db) as store:
        install_builtins(store)
        for number in range(1, sessions + 2):
            username = f"gebruiker{number:02d}"
            store.add_account(username, f"Gebruiker {number}", password=PASSWORD)
            store.grant_role(username, "invuller", "GM0321")
    return db


def browser_first_screens(url: str, usernames: list[str]) -> list[tuple[float, float]]:
    """(first output, settled) in seconds after the login click, per username."""
    from playwright.sync_api import sync_playwright

    results = []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for username in usernames:
            context = browser.new_context(viewport={"width": 1200, "height": 800})
            page = context.new_page()
            frames: list[float] = []

            def watch(ws: Any, frames: list[float] = frames) -> None:
                ws.on("framereceived", lambda _payload: frames.append(time.perf_counter()))

            page.on("websocket", watch)
            page.goto(url + "/login")
            page.fill("#username", username)
            page.fill("#password", PASSWORD)
            start = time.perf_counter()
            page.click("#login")
            page.wait_for_selector("body.-first-byte", state="attached", timeout=30_000)
            first = time.perf_counter() - start
            while not frames or time.perf_counter() - frames[-1] < SETTLE:
                page.wait_for_timeout(50)
            results.append((first, frames[-1] - start))
            context.close()
        browser.close()
    return results


async def open_sessions(url: str, usernames: list[str]) -> tuple[list[float], list[object]]:
    """Log each username in and open its websocket at once; seconds until each first screen settled."""
    import aiohttp

    origin = url
    sockets: list[object] = []

    async def one(username: str) -> float:
        session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        sockets.append(session)
        start = time.perf_counter()
        async with session.post(url + "/login", data={"username": username, "password": PASSWORD},
                                headers={"Origin": origin}, allow_redirects=False) as response:
            assert response.status == 303, response.status
        socket = await session.ws_connect(url.replace("http", "ws") + "/ws?width=133&height=40",
                                          headers={"Origin": origin})
        sockets.append(socket)
        last: float | None = None
        while True:
            try:
                await asyncio.wait_for(socket.receive(), SETTLE if last is not None else 60)
            except TimeoutError:
                assert last is not None, f"{username}: no first screen within 60 s"
                return last - start
            last = time.perf_counter()

    times = await asyncio.gather(*(one(name) for name in usernames))
    return list(times), sockets


async def close_all(sockets: list[object]) -> None:
    for item in reversed(sockets):
        await item.close()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browser-runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = prepare(Path(folder), arguments.sessions)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--db", str(db), "--port", str(port),
             "--max-sessions", str(arguments.sessions + 5)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(url + "/login", timeout=1).close()  # noqa: S310 (loopback)
                    break
                except OSError:
                    time.sleep(0.2)
            names = [f"gebruiker{n:02d}" for n in range(1, arguments.sessions + 2)]
            alone = browser_first_screens(url, names[-1:] * arguments.browser_runs)
            loop = asyncio.new_event_loop()
            started = time.perf_counter()
            settled, sockets = loop.run_until_complete(open_sessions(url, names[:arguments.sessions]))
            all_open = time.perf_counter() - started
            time.sleep(1.0)
            apps = children(server.pid)
            memory = [memory_kb(pid) for pid in apps]
            server_rss, _ = memory_kb(server.pid)
            loaded = browser_first_screens(url, names[-1:])
            loop.run_until_complete(close_all(sockets))
            loop.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    rss = [m[0] / 1024 for m in memory]
    pss = [m[1] / 1024 for m in memory if m[1]]
    print(f"browser, one session at a time ({len(alone)} runs): first output "  # noqa: T201
          f"{statistics.median(f for f, _ in alone):.2f} s, first screen settled median "
          f"{statistics.median(s for _, s in alone):.2f} s, max {max(s for _, s in alone):.2f} s")
    print(f"{arguments.sessions} sessions opened at once: all settled after {all_open:.1f} s; per session "  # noqa: T201
          f"median {statistics.median(settled):.2f} s, max {max(settled):.2f} s")
    print(f"app processes: {len(rss)}; RSS per process median {statistics.median(rss):.0f} MB, "  # noqa: T201
          f"max {max(rss):.0f} MB" + (f"; PSS median {statistics.median(pss):.0f} MB, total {sum(pss):.0f} MB"
                                      if pss else "") + f"; server process {server_rss / 1024:.0f} MB")
    print(f"browser under load ({arguments.sessions} sessions open): first screen settled "  # noqa: T201
          f"{loaded[0][1]:.2f} s")
    missed = []
    if max(rss) > MAX_RSS_MB:
        missed.append(f"RSS {max(rss):.0f} MB > {MAX_RSS_MB} MB")
    if max(s for _, s in alone) > MAX_FIRST_SCREEN:
        missed.append(f"first screen {max(s for _, s in alone):.2f} s > {MAX_FIRST_SCREEN} s")
    if missed:
        print("target missed: " + "; ".join(missed))  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
