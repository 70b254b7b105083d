"""``weerbaar assessment actions | action | attach | attachments | document | log`` (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with the mini checklist and Utrecht."""
    from norm.checklist import load_checklist_file  # noqa: PLC0415
    from norm.store import Store  # noqa: PLC0415

    path = tmp_path / "cli.db"
    with Store(path, actor="tester") as store:
        store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
    return path


def run(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args])


def _finalised(db: Path) -> tuple[str, str]:
    assessment_id = run(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm",
                        "--period", "2025").output.strip()
    for code, level in (("MINI-A01", "2"), ("MINI-A02", "1"), ("MINI-B01", "3")):
        assert run(db, "assessment", "set", assessment_id, code, "--level", level).exit_code == 0
    assert run(db, "assessment", "set", assessment_id, "MINI-B02", "--na", "Geen parken").exit_code == 0
    from norm.store import Store  # noqa: PLC0415

    with Store(db) as store:
        action_id = store.add_action(int(assessment_id), "MINI-A02", "Meldpunt inrichten", "OOV", "2026-03-31")
    assert run(db, "assessment", "finalise", assessment_id).exit_code == 0
    return assessment_id, str(action_id)


def test_an_action_of_a_definitive_assessment_is_marked_done_and_logged(db: Path) -> None:
    assessment_id, action_id = _finalised(db)
    result = run(db, "assessment", "actions", "--org", "GM0344", "--json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.output)
    assert (entry["id"], entry["status"], entry["assessment_status"]) == (int(action_id), "open", "definitief")
    done = run(db, "assessment", "action", action_id, "--status", "gereed", "--note", "Draait sinds juni")
    assert done.exit_code == 0, done.output
    assert json.loads(run(db, "assessment", "actions", "--org", "GM0344", "--json").output) == []
    [entry] = json.loads(run(db, "assessment", "actions", "--org", "GM0344", "--all", "--json").output)
    assert (entry["status"], entry["note"]) == ("gereed", "Draait sinds juni")
    log = json.loads(run(db, "assessment", "log", assessment_id, "--json").output)
    assert any(e["entity"] == "action" and e["field"] == "status" and (e["old"], e["new"]) == ("open", "gereed")
               for e in log)
    text = run(db, "assessment", "log", assessment_id)
    assert text.exit_code == 0 and "gereed" in text.output


@pytest.mark.parametrize(("args", "message"), [
    (["--status", "klaar"], None),  # click.Choice: usage error
    (["--deadline", "31-03-2027"], "Ongeldige deadline"),
    ([], None),
])
def test_bad_plan_changes_are_refused(db: Path, args: list[str], message: str | None) -> None:
    _, action_id = _finalised(db)
    result = run(db, "assessment", "action", action_id, *args)
    if message is None:
        assert result.exit_code == 2
    else:
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_unknown_action_and_organisation_are_user_errors(db: Path) -> None:
    assert run(db, "assessment", "action", "999", "--status", "gereed").exit_code == 1
    assert run(db, "assessment", "actions", "--org", "XX9999").exit_code == 1


def test_documents_attach_list_save_and_lock(db: Path, tmp_path: Path) -> None:
    assessment_id = run(db, "assessment", "new", "--org", "GM0344", "--checklist", "mini-norm",
                        "--period", "2026").output.strip()
    source = tmp_path / "besluit.pdf"
    source.write_bytes(b"%PDF-1.4 besluit")
    added = run(db, "assessment", "attach", assessment_id, "MINI-A01", str(source))
    assert added.exit_code == 0, added.output
    [document] = json.loads(run(db, "assessment", "attachments", assessment_id, "--json").output)
    assert (document["name"], document["size"]) == ("besluit.pdf", 16)
    out = tmp_path / "uit"
    out.mkdir()
    saved = run(db, "assessment", "document", str(document["id"]), "-o", str(out))
    assert saved.exit_code == 0 and (out / "besluit.pdf").read_bytes() == b"%PDF-1.4 besluit"
    again = run(db, "assessment", "document", str(document["id"]), "-o", str(out))
    assert again.exit_code == 1 and "bestaat al" in again.output
    big = tmp_path / "groot.pdf"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    refused = run(db, "assessment", "attach", assessment_id, "MINI-A01", str(big))
    assert refused.exit_code == 1 and "te groot" in refused.output and "20,0 MB" in refused.output
    assert len(json.loads(run(db, "assessment", "attachments", assessment_id, "--json").output)) == 1
