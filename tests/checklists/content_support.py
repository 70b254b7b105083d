"""Shared helpers for the content tests: the built-in checklists and the seed texts they quote."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from checklists import builtin_checklist_paths
from norm.checklist import Checklist, Item, Theme, load_checklist_file

NORM = "utrechtse-weerbaarheidsnorm"
SCAN = "weerbaarheidsscan"
SEED_NAMES = ("000_582c57b30dd39e8b.txt", "002_9eda021f4779f57b.txt")


def seeds_dir() -> Path:
    """The folder with the seed texts: $WEERBAAR_SEEDS, or the nearest ``shared/seeds`` above this file.

    A worktree lives deeper than the main checkout, so the folder is searched upwards instead of at a
    fixed depth. Not finding it is an error, never a skip: the quotes must be checked.
    """
    configured = os.environ.get("WEERBAAR_SEEDS")
    candidates = [Path(configured)] if configured else [p / "shared" / "seeds" for p in Path(__file__).parents]
    for candidate in candidates:
        if all((candidate / name).is_file() for name in SEED_NAMES):
            return candidate
    raise AssertionError(f"seed texts not found (looked in {[str(c) for c in candidates]}); set WEERBAAR_SEEDS")


def normalise(text: str) -> str:
    """Fold white space and typographic quotes/dashes: line breaks may differ, words may not."""
    text = text.replace("\u00ad", "")
    for fancy, plain in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


@cache
def seed_text(name: str) -> str:
    return normalise((seeds_dir() / name).read_text(encoding="utf-8"))


@cache
def checklists() -> dict[str, Checklist]:
    return {c.id: c for c in (load_checklist_file(path) for path in builtin_checklist_paths())}


def all_items() -> Iterator[tuple[Checklist, Theme, Item]]:
    for checklist in checklists().values():
        for theme in checklist.themes:
            for item in theme.items:
                yield checklist, theme, item


def item(code: str) -> Item:
    """A measure of either built-in checklist, by code."""
    for checklist in checklists().values():
        found = checklist.item(code)
        if found is not None:
            return found
    raise AssertionError(f"{code} is in neither checklist")
