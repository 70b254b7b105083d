"""The command line and mapping files: validate, add, init, and the origin in ``assessment show``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklists import builtin_checklist_paths, builtin_mapping_paths
from tui.cli import main

MAPPING = builtin_mapping_paths()[0]


def cli(*args: str, db: Path | None = None):
    prefix = ["--db", str(db)] if db is not None else []
    return CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    assert cli("init", db=path).exit_code == 0
    return path


def test_init_loads_the_built_in_mapping_once(tmp_path: Path) -> None:
    path = tmp_path / "init.db"
    assert "koppeling geladen: uwn-wbs 2026.2" in cli("init", db=path).output
    assert "koppeling al aanwezig: uwn-wbs 2026.2" in cli("init", db=path).output


def test_validate_recognises_a_mapping_file_and_checks_its_codes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEERBAAR_DB", str(tmp_path / "bestaat-niet.db"))
    result = cli("checklist", "validate", str(MAPPING))
    assert result.exit_code == 0
    assert "in orde (koppeling uwn-wbs 2026.2, 40 paren tussen utrechtse-weerbaarheidsnorm 2026.2 en " \
           "weerbaarheidsscan 2026.2)" in result.output
    assert not (tmp_path / "bestaat-niet.db").exists()  # validating creates no database
    bad = tmp_path / "fout.mapping.yaml"
    bad.write_text(MAPPING.read_text(encoding="utf-8").replace("UWN-B04", "UWN-Z99")
                   .replace("relation: partial}", "relation: gelijk}", 1), encoding="utf-8")
    result = cli("checklist", "validate", str(bad))
    assert result.exit_code == 1
    assert "pairs[0].relation: onbekende waarde 'gelijk'" in result.output
    # Checked against the checklists once the format is right: every unknown code, located.
    bad.write_text(MAPPING.read_text(encoding="utf-8").replace("UWN-B04", "UWN-Z99"), encoding="utf-8")
    result = cli("checklist", "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: pairs[7].source: maatregel UWN-Z99 bestaat niet in utrechtse-weerbaarheidsnorm 2026.2" \
        in result.output
    # Checklists given in the same command count; an unknown version is said, not guessed.
    other = tmp_path / "ander.mapping.yaml"
    other.write_text(MAPPING.read_text(encoding="utf-8").replace('version: "2026.2"}', 'version: "2030.1"}'),
                     encoding="utf-8")
    result = cli("checklist", "validate", str(other), *map(str, builtin_checklist_paths()))
    assert result.exit_code == 0
    assert "codes niet gecontroleerd: checklist utrechtse-weerbaarheidsnorm 2030.1 is onbekend" in result.output


def test_add_is_idempotent_and_refuses_another_definition(db: Path, tmp_path: Path) -> None:
    result = cli("checklist", "add", str(MAPPING), db=db)
    assert result.exit_code == 0
    assert result.output.strip() == "koppeling uwn-wbs 2026.2 (40 paren) stond er al; niets gewijzigd."
    changed = tmp_path / "gewijzigd.mapping.yaml"
    changed.write_text(MAPPING.read_text(encoding="utf-8").replace("relation: equal}", "relation: partial}", 1),
                       encoding="utf-8")
    result = cli("checklist", "add", str(changed), db=db)
    assert result.exit_code == 1
    assert "staat al in de database met een andere inhoud; verhoog het versienummer" in result.output
    # A user's own checklist is added deliberately, once.
    own = tmp_path / "eigen.yaml"
    own.write_text(builtin_checklist_paths()[0].read_text(encoding="utf-8")
                   .replace("id: utrechtse-weerbaarheidsnorm", "id: eigen-norm"), encoding="utf-8")
    assert cli("checklist", "add", str(own), db=db).output.strip() == "checklist eigen-norm 2026.2 geladen."
    assert "stond er al" in cli("checklist", "add", str(own), db=db).output
    assert "eigen-norm" in cli("checklist", "list", db=db).output


def test_assessment_show_names_where_an_answer_was_taken_from(db: Path) -> None:
    """The UWN-B04 -> WBS-HRM01 journey at the command line."""
    norm = cli("assessment", "new", "--org", "GM0344", "--checklist", "utrechtse-weerbaarheidsnorm",
               "--period", "2026", db=db).output.strip()
    scan = cli("assessment", "new", "--org", "GM0344", "--checklist", "weerbaarheidsscan", "--period", "2026",
               db=db).output.strip()
    assert cli("assessment", "set", norm, "UWN-B04", "--level", "2", db=db).exit_code == 0
    assert cli("assessment", "set", norm, "UWN-B05", "--level", "1", db=db).exit_code == 0
    text = cli("assessment", "show", scan, db=db).output
    assert "WBS-HRM01    2 Uitgevoerd  [overgenomen uit UWN-B04 (Utrechtse Weerbaarheidsnorm), gelijk]" \
        in text
    assert "[overgenomen uit UWN-B05 (Utrechtse Weerbaarheidsnorm), deels (controleren) — te bevestigen]" \
        in text
    data = json.loads(cli("assessment", "show", scan, "--json", db=db).output)
    answers = {a["item"]: a for a in data["answers"]}
    assert answers["WBS-HRM01"]["taken_over_from"] == {
        "assessment_id": int(norm), "checklist": "utrechtse-weerbaarheidsnorm",
        "checklist_title": "Utrechtse Weerbaarheidsnorm", "item": "UWN-B04", "relation": "equal",
        "confirmed": False, "needs_review": False,
        "text": "overgenomen uit UWN-B04 (Utrechtse Weerbaarheidsnorm)"}
    assert answers["WBS-HRM02"]["taken_over_from"]["needs_review"] is True
    assert answers["WBS-HRM02"]["carried_over"] is True
    assert answers["WBS-BES01"]["taken_over_from"] is None
    log = cli("assessment", "log", scan, db=db).output
    assert "WBS-HRM01    overgenomen uit: UWN-B04 (Utrechtse Weerbaarheidsnorm), gelijk: niveau 2" in log
