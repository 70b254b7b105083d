"""`weerbaar serve` in a real browser: the system Chromium, driven by Playwright, against a server on
loopback. Log in, fill in a measure, see it saved (in the database, with the account in the change
log), log out; a wrong password; a forbidden organisation; two browsers on one assessment.

The terminal is drawn on a canvas, so what the screen shows is checked through the database the
app process wrote; screenshots of each step are written to the test's temporary folder."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from checklists import install_builtins
from norm.store import Store

ROOT = Path(__file__).parents[2]
PASSWORD = "correct paard batterij"
HOUTEN = "GM0321"
UTRECHT = "GM0344"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "hosted.db"
    with Store(db) as store:
        install_builtins(store)
        for username, name in [("anna", "Anna de Vries"), ("carla", "Carla Jansen")]:
            store.add_account(username, name, password=PASSWORD)
            store.grant_role(username, "invuller", HOUTEN)
        store.add_account("bert", "Bert Bos", password=PASSWORD)
        store.grant_role("bert", "invuller", UTRECHT)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=2):  # noqa: S310 (loopback)
                return True
        except OSError:
            return False

    try:
        wait_for(up, 30)
        yield url, db
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


FRAMES: dict[int, list[float]] = {}


def settle(page: Page, at_least: float = 0.3, timeout: float = 20.0) -> None:
    """Wait until the app has drawn what the last key asked for: at least ``at_least`` s, then until no
    websocket frame came for 0.4 s (a blinking cursor draws every 0.5 s), at most ``timeout`` s."""
    frames = FRAMES[id(page)]
    page.wait_for_timeout(int(at_least * 1000))
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if frames and time.monotonic() - frames[-1] >= 0.4:
            return
        page.wait_for_timeout(50)


def press(page: Page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)
        settle(page)


def log_in(browser: Browser, url: str, username: str, password: str = PASSWORD) -> Page:
    page = browser.new_context(viewport={"width": 1200, "height": 800}).new_page()
    frames: list[float] = []
    FRAMES[id(page)] = frames

    def watch(ws: Any) -> None:
        ws.on("framereceived", lambda _payload: frames.append(time.monotonic()))

    page.on("websocket", watch)
    page.goto(url + "/")
    assert page.url == url + "/login"
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login")
    return page


def first_screen(page: Page) -> None:
    page.wait_for_selector("body.-first-byte", state="attached", timeout=30_000)
    settle(page, at_least=1.5)  # the start screen, with its lists loaded
    page.click("#terminal")


def open_houten(page: Page) -> None:
    """Filter the organisations to Houten; Enter, Enter opens (or starts) its assessment."""
    page.keyboard.type("houten")
    settle(page, at_least=1.0)
    press(page, "Enter")
    settle(page, at_least=1.0)
    press(page, "Enter")
    settle(page, at_least=2.0)


def answers(db: Path) -> dict[str, int | None]:
    with Store(db) as store:
        records = store.assessments(organisation_code=HOUTEN)
        return {code: answer.level for code, answer in store.answers(records[0].id).items()} if records else {}


def actors(db: Path) -> dict[str | None, set[str]]:
    with Store(db) as store:
        found: dict[str | None, set[str]] = {}
        for entry in store.changelog():
            if entry.organisation_code == HOUTEN or entry.entity == "answer":
                found.setdefault(entry.item_code, set()).add(entry.actor)
        return found


def test_1_log_in_fill_in_a_measure_see_it_saved_and_log_out(server: tuple[str, Path], browser: Browser,
                                                             tmp_path: Path) -> None:
    url, db = server
    page = log_in(browser, url, "anna")
    first_screen(page)
    assert page.inner_text("#who") == "Anna de Vries"
    open_houten(page)  # no assessment yet: Enter opens the dialog, Enter starts it
    press(page, "2")
    saved = wait_for(lambda: answers(db).get("UWN-A01") == 2)
    assert saved
    page.screenshot(path=str(tmp_path / "saved.png"))
    assert actors(db)["UWN-A01"] == {"anna"}
    page.click("#logout")
    page.wait_for_url(url + "/login")
    page.goto(url + "/")
    assert page.url == url + "/login"
    page.context.close()


def test_2_a_wrong_password_keeps_the_login_page(server: tuple[str, Path], browser: Browser) -> None:
    url, db = server
    page = log_in(browser, url, "anna", "geraden wachtwoord")
    assert page.url == url + "/login"
    assert "Aanmelden mislukt" in page.inner_text("#message")
    assert not [c for c in page.context.cookies() if c["name"] == "weerbaar_sessie"]
    page.goto(url + "/")
    assert page.url == url + "/login"
    with Store(db) as store:
        assert store.login_log("anna")[0].event == "mislukt"
    page.context.close()


def test_3_a_forbidden_organisation_stays_untouched(server: tuple[str, Path], browser: Browser,
                                                     tmp_path: Path) -> None:
    url, db = server
    before = answers(db)
    with Store(db) as store:
        log_before = len(store.changelog())
        houten = len(store.assessments(organisation_code=HOUTEN))
    bert = log_in(browser, url, "bert")  # an invuller of Utrecht
    first_screen(bert)
    open_houten(bert)  # Enter, Enter: open Houten's assessment, or start one
    press(bert, "0", "ArrowDown", "0")
    bert.screenshot(path=str(tmp_path / "bert-houten.png"))
    bert.context.close()
    assert answers(db) == before
    with Store(db) as store:
        assert len(store.changelog()) == log_before
        assert len(store.assessments(organisation_code=HOUTEN)) == houten
        assert all(entry.actor != "bert" for entry in store.changelog())


def test_4_two_browsers_on_one_assessment_both_keep_their_saves(server: tuple[str, Path], browser: Browser,
                                                                tmp_path: Path) -> None:
    url, db = server
    before = answers(db)
    anna = log_in(browser, url, "anna")
    carla = log_in(browser, url, "carla")
    first_screen(anna)
    first_screen(carla)
    open_houten(anna)
    open_houten(carla)
    # Both editors open at the remembered cursor (an earlier test may have moved it): Anna two measures
    # further, Carla three, so they save two different measures of the same assessment.
    press(anna, "ArrowDown", "ArrowDown", "3")
    press(carla, "ArrowDown", "ArrowDown", "ArrowDown", "1")

    def saved() -> dict[int, str] | None:
        changed = {level: code for code, level in answers(db).items() if before.get(code) != level}
        return changed if set(changed) == {3, 1} else None

    changed = wait_for(saved)
    anna.screenshot(path=str(tmp_path / "anna.png"))
    carla.screenshot(path=str(tmp_path / "carla.png"))
    who = actors(db)
    assert changed[3] != changed[1]
    assert who[changed[3]] >= {"anna"} and "carla" not in who[changed[3]]
    assert who[changed[1]] >= {"carla"} and "anna" not in who[changed[1]]
    anna.context.close()
    carla.context.close()
