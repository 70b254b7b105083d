"""Helpers for the TUI tests: a store with the test checklist, an app with a fixed clock, waiting."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from norm.checklist import load_checklist_file
from norm.store import Store
from tui.app import WeerbaarApp

FIXTURES = Path(__file__).parent / "fixtures"
CHECKLIST_ID = "tui-norm"
FIXED_NOW = dt.datetime(2026, 11, 22, 10, 0, 0)
FIXED_ISO = "2026-11-22T10:00:00Z"


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


def make_store(path: Path) -> Store:
    """A store with the test checklist and three organisations."""
    store = Store(path, actor="tester", clock=lambda: FIXED_ISO)
    store.add_checklist(load_checklist_file(FIXTURES / "tui-norm.yaml"))
    store.upsert_organisation("GM0344", "Utrecht", "gemeente")
    store.upsert_organisation("GM0307", "Amersfoort", "gemeente")
    store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
    return store


def make_app(store: Store, lang: str | None = "nl", exchange_folder: Path | None = None) -> WeerbaarApp:
    return WeerbaarApp(store.path, lang, clock=fixed_clock, store=store, cursor_blink=False,
                       exchange_folder=exchange_folder)


async def wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (workers finish, screens switch)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s: {condition}")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot, text: str) -> None:
    keys = ["space" if char == " " else char for char in text]
    await pilot.press(*keys)


def screen_name(app: WeerbaarApp) -> str:
    return type(app.screen).__name__


async def settle(pilot: Pilot) -> None:
    """Wait for pending workers and messages."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)


def plain(renderable: object, width: int = 80) -> str:
    """A Rich renderable as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()
