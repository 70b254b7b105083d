"""The built-in checklist definitions and reference organisations, shipped as package data."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from norm.checklist import Checklist, load_checklist_file
from norm.store import Store

ORGANISATIONS_FILE = "organisations.yaml"


@dataclass(frozen=True)
class ReferenceOrganisation:
    code: str
    name: str
    type: str
    attributes: dict[str, Any]


def _package_dir() -> Path:
    return Path(str(resources.files(__name__)))


def builtin_checklist_paths() -> list[Path]:
    """The YAML files of the built-in checklists, sorted by name."""
    return sorted(p for p in _package_dir().glob("*.yaml") if p.name != ORGANISATIONS_FILE)


def builtin_checklists() -> list[Checklist]:
    return [load_checklist_file(path) for path in builtin_checklist_paths()]


def load_reference_organisations() -> list[ReferenceOrganisation]:
    """The reference organisations of the province of Utrecht."""
    path = _package_dir() / ORGANISATIONS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        ReferenceOrganisation(
            code=str(entry["code"]),
            name=str(entry["name"]),
            type=str(entry["type"]),
            attributes=dict(entry.get("attributes") or {}),
        )
        for entry in data.get("organisations", [])
    ]


@dataclass(frozen=True)
class InstallReport:
    checklists_added: list[str]
    checklists_known: list[str]
    organisations_changed: int
    organisations_total: int


def install_builtins(store: Store) -> InstallReport:
    """Load the built-in checklists and reference organisations into a store (idempotent)."""
    added: list[str] = []
    known: list[str] = []
    for checklist in builtin_checklists():
        _, is_new = store.add_checklist(checklist)
        (added if is_new else known).append(f"{checklist.id} {checklist.version}")
    organisations = load_reference_organisations()
    changed = sum(
        store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
        for org in organisations
    )
    return InstallReport(added, known, changed, len(organisations))
