"""The command line: the journey of issue 2 and bad input that must change nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database initialised with the mini checklist and an organisation."""
    from norm.checklist import load_checklist_file
    from norm.store import Store

    path = tmp_path / "cli.db"
    with Store(path, actor="tester") as store:
        store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
    return path


def cli(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def snapshot(db: Path) -> tuple:
    """Everything a command could change, to prove a refused command changed nothing."""
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        return tuple(
            tuple(connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())  # noqa: S608
            for table in ("organisations", "checklist_snapshots", "assessments", "answers", "actions", "changelog")
        )
    finally:
        connection.close()


def test_journey(db: Path) -> None:
    created = cli(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm", "--period", "2026")
    assert created.exit_code == 0
    assessment_id = created.output.strip()
    assert assessment_id.isdigit()
    result = cli(db, "assessment", "set", assessment_id, "MINI-A01", "--level", "2", "--comment", "Programma loopt")
    assert result.exit_code == 0 and result.output.strip() == "MINI-A01: niveau 2"
    shown = json.loads(cli(db, "assessment", "show", assessment_id, "--json").output)
    answer = next(a for a in shown["answers"] if a["item"] == "MINI-A01")
    assert (answer["level"], answer["comment"], answer["state"]) == (2, "Programma loopt", "niveau")
    assert shown["status"] == "concept" and shown["sharing"] == "intern"
    assert shown["completeness"] == 0.25 and shown["open_items"] == ["MINI-A02", "MINI-B01", "MINI-B02"]

    before = snapshot(db)
    refused = CliRunner().invoke(main, ["--db", str(db), "assessment", "finalise", assessment_id])
    assert refused.exit_code == 1
    assert "nog niet compleet" in refused.output and "MINI-A02" in refused.output
    assert snapshot(db) == before

    cli(db, "assessment", "set", assessment_id, "MINI-A02", "--level", "3")
    cli(db, "assessment", "set", assessment_id, "MINI-B01", "--level", "1", "--evidence", "Beleid 2024")
    cli(db, "assessment", "set", assessment_id, "MINI-B02", "--na", "Geen vakantieparken")
    assert cli(db, "assessment", "share", assessment_id, "geaggregeerd").exit_code == 0
    before = snapshot(db)
    warned = CliRunner().invoke(main, ["--db", str(db), "assessment", "finalise", assessment_id])
    assert warned.exit_code == 1 and "geen verbeteractie: MINI-B01" in warned.output
    assert "--ondanks-tekorten" in warned.output and snapshot(db) == before
    half = CliRunner().invoke(main, ["--db", str(db), "assessment", "finalise", assessment_id, "--rol", "MT"])
    assert half.exit_code == 1 and "zowel --vastgesteld-door als --rol" in half.output
    finalised = cli(db, "assessment", "finalise", assessment_id, "--ondanks-tekorten", "--vastgesteld-door",
                    "M. de Boer", "--rol", "gemeentesecretaris", "--datum", "2026-03-01", "--besluit", "B&W 2026/12")
    assert finalised.exit_code == 0 and "definitief" in finalised.output
    assert "Vastgesteld door M. de Boer (gemeentesecretaris) op 2026-03-01, besluit B&W 2026/12." in finalised.output
    listed = json.loads(cli(db, "assessment", "list", "--org", "gm0344", "--json").output)
    assert [(a["id"], a["status"], a["sharing"], a["basisnorm"]) for a in listed] == [
        (int(assessment_id), "definitief", "geaggregeerd", "voldoet niet")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assessment", "new", "--org", "GM9999", "--checklist", "mini-norm", "--period", "2026"],
         "Onbekende organisatie"),
        (["assessment", "new", "--org", "GM0344", "--checklist", "nope", "--period", "2026"], "Onbekende checklist"),
        (["assessment", "new", "--org", "GM0344", "--checklist", "mini-norm", "--period", "   "], "Ongeldige periode"),
        (["assessment", "set", "{id}", "MINI-Z01", "--level", "1"], "Onbekende maatregel"),
        (["assessment", "set", "{id}", "MINI-A01", "--level", "9"], "ligt niet op de schaal"),
        (["assessment", "set", "{id}", "MINI-A01", "--na", "  "], "vraagt om een reden"),
        (["assessment", "set", "{id}", "MINI-A01", "--na", "x", "--level", "1"], "niet allebei"),
        (["assessment", "set", "{id}", "MINI-A01", "--na", "Geen vakantieparken"],
         "N.v.t. is niet toegestaan bij MINI-A01: deze maatregel hoort bij de basisnorm"),
        (["assessment", "set", "{id}", "MINI-A01"], "geef --level"),
        (["assessment", "set", "999", "MINI-A01", "--level", "1"], "Onbekende beoordeling"),
        (["assessment", "show", "999"], "Onbekende beoordeling"),
        (["assessment", "share", "999", "benoemd"], "Onbekende beoordeling"),
        (["assessment", "finalise", "{id}"], "nog niet compleet"),
        (["checklist", "show", "nope"], "Onbekende checklist"),
        (["org", "list", "--type", "politie"], "onbekend type"),
        (["assessment", "list", "--org", "GM9999"], "Onbekende organisatie"),
    ],
)
def test_bad_input_gets_one_line_exit_1_and_changes_nothing(db: Path, args: list[str], message: str) -> None:
    existing = cli(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm", "--period", "2025")
    args = [a.replace("{id}", existing.output.strip()) for a in args]
    before = snapshot(db)
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert result.output.startswith("weerbaar: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert snapshot(db) == before


def test_changing_a_definitive_assessment_is_refused(db: Path) -> None:
    assessment_id = cli(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm",
                        "--period", "2026").output.strip()
    for code, level in (("MINI-A01", "2"), ("MINI-A02", "2"), ("MINI-B01", "2"), ("MINI-B02", "2")):
        cli(db, "assessment", "set", assessment_id, code, "--level", level)
    assert cli(db, "assessment", "finalise", assessment_id).exit_code == 0
    before = snapshot(db)
    result = CliRunner().invoke(main, ["--db", str(db), "assessment", "set", assessment_id, "MINI-A01",
                                       "--level", "3"])
    assert result.exit_code == 1 and "definitief" in result.output
    again = CliRunner().invoke(main, ["--db", str(db), "assessment", "finalise", assessment_id])
    assert again.exit_code == 1 and "definitief" in again.output
    assert snapshot(db) == before


def test_wrong_usage_exits_2(db: Path) -> None:
    assert CliRunner().invoke(main, ["--db", str(db), "assessment", "set", "abc", "X", "--level", "1"]).exit_code == 2
    assert CliRunner().invoke(main, ["--db", str(db), "assessment", "share", "1", "openbaar"]).exit_code == 2
    assert CliRunner().invoke(main, ["--db", str(db), "bestaat-niet"]).exit_code == 2


def test_validate_reports_every_problem_with_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("code: MINI-A02", "code: MINI-A01").replace("target: 3", "target: 5")
    text = text.replace("weight: 2", "weight: 0")
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["checklist", "validate", str(broken), str(FIXTURES / "mini.yaml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{broken}: themes[0].items[1].code: maatregelcode 'MINI-A01' komt al voor op themes[0].items[0]" in lines
    assert any(line.startswith(f"{broken}: themes[0].items[1].target: streefniveau 5") for line in lines)
    assert any(line.startswith(f"{broken}: themes[0].items[0].weight:") for line in lines)
    assert any("mini.yaml: in orde (mini-norm 1.0, 4 maatregelen)" in line for line in lines)


def test_validate_refuses_python_tags_without_running_them(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["checklist", "validate", str(hostile)])
    assert result.exit_code == 1
    assert "niet-toegestane YAML-tag" in result.output
    assert not marker.exists()


def test_db_from_environment_and_option_after_subcommand(db: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"WEERBAAR_DB": str(db)})
    assert "mini-norm" in runner.invoke(main, ["checklist", "list"]).output
    assert "mini-norm" in CliRunner().invoke(main, ["checklist", "list", "--db", str(db)]).output
    listed = json.loads(CliRunner().invoke(main, ["org", "list", "--db", str(db), "--json"]).output)
    assert listed == [{"attributes": {}, "code": "GM0344", "name": "Utrecht", "reference": False,
                       "type": "gemeente"}]


def test_installed_script_exit_codes(db: Path) -> None:
    """The real console script: no traceback, exit 1 with one line on stderr."""
    script = shutil.which("weerbaar", path=str(Path(sys.executable).parent)) or "weerbaar"
    env = {**os.environ, "WEERBAAR_DB": str(db)}
    result = subprocess.run([script, "assessment", "show", "42"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "weerbaar: Onbekende beoordeling 42.\n"


# -- click's own messages in Dutch ----------------------------------------------------------------

ENGLISH = ("Error:", "Usage:", "Try '", "No such", "Missing", "Invalid value", "is not", "Got unexpected",
           "requires an argument", "for help")


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["--foo"], "Fout: Onbekende optie '--foo'."),
        (["assessment", "list", "--foo"], "Fout: Onbekende optie '--foo'."),
        (["bestaat-niet"], "Fout: Onbekende opdracht 'bestaat-niet'."),
        (["assessment", "taart"], "Fout: Onbekende opdracht 'taart'."),
        (["assessment", "show"], "Fout: Ontbrekend argument 'ID'."),
        (["checklist", "validate"], "Fout: Ontbrekend argument 'FILES...'."),
        (["assessment", "share", "1", "openbaar"],
         "Fout: Ongeldige waarde voor '{intern|geaggregeerd|benoemd}': 'openbaar' is niet toegestaan; kies uit "
         "'intern', 'geaggregeerd', 'benoemd'."),
        (["report", "org", "1", "--format", "odt"], "Fout: Ongeldige waarde voor '--format': 'odt' is niet"),
        (["assessment", "set", "abc", "X", "--level", "1"],
         "Fout: Ongeldige waarde voor 'ID': 'abc' is geen geldig geheel getal."),
        (["assessment", "set", "1", "X", "--level", "twee"],
         "Fout: Ongeldige waarde voor '--level': 'twee' is geen geldig geheel getal."),
        (["assessment", "show", "0"], "Fout: Ongeldige waarde voor 'ID': 0 ligt niet in het bereik x>=1."),
        (["assessment", "show", "1", "extra"], "Fout: Onverwacht extra argument (extra)"),
        (["org", "list", "--type"], "Fout: Optie '--type' vraagt om een waarde."),
        (["assessment", "new", "--org", "GM0344"], "Fout: Ontbrekende optie '--checklist'."),
        (["serve", "--port", "70000"], "Fout: Ongeldige waarde voor '--port': 70000 ligt niet in het bereik"),
        (["report", "compare", "1"], "Fout: geef twee beoordelingsnummers, of één met --peers"),
    ],
)
def test_usage_errors_are_dutch_with_exit_2(db: Path, args: list[str], dutch: str) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 2, result.output
    assert dutch in result.output
    for english in ENGLISH:
        assert english not in result.output, (english, result.output)
    if "Gebruik:" in result.output:  # the usage line and the hint, when click knows the command
        assert result.output.startswith("Gebruik: weerbaar")
        assert "voor hulp." in result.output and "[OPTIES]" in result.output


def test_help_says_gebruik(db: Path) -> None:
    for args in ([], ["assessment"], ["assessment", "set"], ["report", "org"]):
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0
        assert result.output.startswith("Gebruik: weerbaar")
        assert "Usage:" not in result.output and "Show this message" not in result.output
    assert "Opdrachten:" in CliRunner().invoke(main, ["--help"]).output


def test_every_click_message_has_a_dutch_form_or_is_for_developers_only() -> None:
    """When click gains or changes a message, this test names it, instead of the user meeting English."""
    import ast

    import click

    from tui.cli.dutch import CLICK_MODULES, MESSAGES, PLURALS, UNTRANSLATED

    missing = []
    for name in CLICK_MODULES:
        tree = ast.parse((Path(click.__file__).parent / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id == "_" and texts and texts[0] not in MESSAGES and texts[0] not in UNTRANSLATED:
                missing.append(texts[0])
            if node.func.id == "ngettext" and len(texts) == 2 and tuple(texts) not in PLURALS:
                missing.append(texts[0])
    assert missing == []


def test_the_installed_script_speaks_dutch_too(db: Path) -> None:
    script = shutil.which("weerbaar", path=str(Path(sys.executable).parent)) or "weerbaar"
    result = subprocess.run([script, "--db", str(db), "assessment", "show", "abc"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("Gebruik: weerbaar assessment show [OPTIES] ID\n")
    assert result.stderr.endswith("Fout: Ongeldige waarde voor 'ID': 'abc' is geen geldig geheel getal.\n")


def test_assessment_log_lists_every_change(db: Path) -> None:
    assessment_id = cli(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm",
                        "--period", "2026").output.strip()
    cli(db, "assessment", "set", assessment_id, "MINI-A01", "--level", "2", "--comment", "Loopt")
    cli(db, "assessment", "set", assessment_id, "MINI-A01", "--level", "3")
    entries = json.loads(cli(db, "assessment", "log", assessment_id, "--json").output)
    changes = [(e["entity"], e["item"], e["field"], e["old"], e["new"]) for e in entries]
    assert changes[0][:3] == ("assessment", None, "aangemaakt")
    assert ("answer", "MINI-A01", "comment", "", "Loopt") in changes
    assert [c[3:] for c in changes if c[2] == "level"] == [(None, "2"), ("2", "3")]
    assert all(e["actor"] == entries[0]["actor"] and e["assessment_id"] == int(assessment_id) for e in entries)
    lines = cli(db, "assessment", "log", assessment_id).output.splitlines()
    assert len(lines) == len(entries) and "MINI-A01" in lines[-1] and lines[-1].endswith("level: 2 → 3")
    unknown = CliRunner().invoke(main, ["--db", str(db), "assessment", "log", "999"])
    assert unknown.exit_code == 1 and unknown.output == "weerbaar: Onbekende beoordeling 999.\n"
