"""Fixtures for the TUI tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tui_helpers import make_store  # noqa: E402

from norm.store import Store  # noqa: E402


@pytest.fixture
def tui_store(tmp_path: Path) -> Iterator[Store]:
    store = make_store(tmp_path / "tui.db")
    yield store
    store.close()
