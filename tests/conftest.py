"""Shared fixtures: a migrated store in a temporary folder, with or without the built-in content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from norm.checklist import Checklist, load_checklist_file
from norm.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FIXED_TIME = "2026-11-22T10:00:00Z"


def fixed_clock() -> str:
    return FIXED_TIME


@pytest.fixture(autouse=True)
def _own_keys_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reads or writes a signing key in the real per-user data folder."""
    monkeypatch.setenv("WEERBAAR_KEYS", str(tmp_path_factory.mktemp("sleutels")))
    monkeypatch.delenv("WEERBAAR_PASSPHRASE", raising=False)


@pytest.fixture
def mini_checklist() -> Checklist:
    """A small checklist: 4 measures in 2 themes, basisnorm and tiers."""
    return load_checklist_file(FIXTURES / "mini.yaml")


@pytest.fixture
def mini_store(tmp_path: Path, mini_checklist: Checklist) -> Iterator[Store]:
    """A store with the mini checklist and three organisations of different types."""
    store = Store(tmp_path / "mini.db", actor="tester", clock=fixed_clock)
    store.add_checklist(mini_checklist)
    store.upsert_organisation("GM0344", "Utrecht", "gemeente", {"size_class": "zeer groot"})
    store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
    store.upsert_organisation("W0636", "HDSR", "waterschap")
    yield store
    store.close()


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[Store]:
    """A migrated store with the built-in checklists and reference organisations."""
    from checklists import install_builtins

    store = Store(tmp_path / "weerbaar.db", actor="tester", clock=fixed_clock)
    install_builtins(store)
    yield store
    store.close()
