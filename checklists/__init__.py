"""The built-in checklist definitions and reference organisations, shipped as package data.

Both are read with the same guarded YAML loader as a user's checklist file (size, depth and alias
limits, libyaml's safe loader; docs/hostile-input.md): package data can be damaged or replaced too.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from norm.checklist import Checklist, ChecklistError, Problem, load_checklist_file
from norm.checklist.loading import load_yaml_file
from norm.checklist.mapping import Mapping, load_mapping_file
from norm.store import Store

ORGANISATIONS_FILE = "organisations.yaml"
MAPPING_SUFFIX = ".mapping.yaml"


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
    return sorted(p for p in _package_dir().glob("*.yaml")
                  if p.name != ORGANISATIONS_FILE and not p.name.endswith(MAPPING_SUFFIX))


def builtin_mapping_paths() -> list[Path]:
    """The built-in mapping files (``*.mapping.yaml``), sorted by name."""
    return sorted(_package_dir().glob("*" + MAPPING_SUFFIX))


def builtin_mappings() -> list[Mapping]:
    """The built-in mapping files; raises ChecklistError (naming the file) when one is damaged."""
    return [load_mapping_file(path) for path in builtin_mapping_paths()]


def builtin_checklists() -> list[Checklist]:
    """The built-in checklists; raises ChecklistError (naming the file) when one is damaged."""
    return [load_checklist_file(path) for path in builtin_checklist_paths()]


def load_reference_organisations(path: Path | None = None) -> list[ReferenceOrganisation]:
    """The reference organisations of the province of Utrecht (or those of the file at ``path``).

    Raises ChecklistError naming the file and the entry when the file is damaged.
    """
    path = path or _package_dir() / ORGANISATIONS_FILE
    data = load_yaml_file(path) or {}
    entries = data.get("organisations", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ChecklistError([Problem(str(path), "organisations", "moet een lijst van organisaties zijn")])
    organisations: list[ReferenceOrganisation] = []
    for index, entry in enumerate(entries):
        attributes = entry.get("attributes") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or any(not isinstance(entry.get(key), str | int) for key in
                                              ("code", "name", "type")) or not isinstance(attributes, dict | None):
            raise ChecklistError([Problem(str(path), f"organisations[{index}]",
                                          "een organisatie heeft een code, name en type (tekst) en attributes")])
        organisations.append(ReferenceOrganisation(
            code=str(entry["code"]), name=str(entry["name"]), type=str(entry["type"]),
            attributes=dict(attributes or {}),
        ))
    return organisations


@dataclass(frozen=True)
class InstallReport:
    checklists_added: list[str]
    checklists_known: list[str]
    organisations_changed: int
    organisations_total: int
    mappings_added: tuple[str, ...] = ()
    mappings_known: tuple[str, ...] = ()


def install_builtins(store: Store) -> InstallReport:
    """Load the built-in checklists, mapping files and reference organisations into a store (idempotent).

    Mapping files are stored after the checklists, which the store checks them against.
    """
    added: list[str] = []
    known: list[str] = []
    for checklist in builtin_checklists():
        _, is_new = store.add_checklist(checklist)
        (added if is_new else known).append(f"{checklist.id} {checklist.version}")
    mappings_added: list[str] = []
    mappings_known: list[str] = []
    for mapping in builtin_mappings():
        _, is_new = store.add_mapping(mapping)
        (mappings_added if is_new else mappings_known).append(f"{mapping.id} {mapping.version}")
    organisations = load_reference_organisations()
    changed = sum(
        store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
        for org in organisations
    )
    return InstallReport(added, known, changed, len(organisations), tuple(mappings_added), tuple(mappings_known))
