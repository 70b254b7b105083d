"""Consent stays the sender's, in the TUI and on the command line: a received assessment's sharing
level can be lowered, never raised."""

from __future__ import annotations

from pathlib import Path

from bundle_support import bundle_bytes, trust
from click.testing import CliRunner
from textual.widgets import RadioButton
from tui_helpers import CHECKLIST_ID, make_app, make_store, wait_until

from norm.exchange.importer import BundleImporter
from norm.store import Store
from tui.cli import main
from tui.screens.sharing import SharingDialog
from tui.screens.start import StartScreen

CODES = ("TN-A01", "TN-A02", "TN-A03", "TN-B01", "TN-B02", "TN-C01")


def received(tmp_path: Path) -> tuple[Store, int]:
    sender = make_store(tmp_path / "gemeente.db")
    assessment_id = sender.new_assessment("GM0344", CHECKLIST_ID, "2026")
    for code in CODES:
        sender.set_answer(assessment_id, code, level=3)
    sender.finalise(assessment_id, acknowledge_shortfalls=True)
    data = bundle_bytes(sender, assessment_id, "geaggregeerd", sequence=1)
    sender.close()
    province = make_store(tmp_path / "provincie.db")
    trust(province, "GM0344")
    outcome = BundleImporter(province).import_bytes(data)
    assert outcome.outcome == "nieuw", outcome.reason
    province.set_setting("last_organisation", "GM0344")
    return province, outcome.assessment_id


async def _choose(pilot, app, level: str) -> None:
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(app.screen, SharingDialog))
    app.screen.query_one(f"#share-{level}", RadioButton).value = True
    await pilot.pause()
    app.screen.query_one("#ok").press()
    await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
    await pilot.pause(0.3)


async def test_the_tui_lowers_but_never_raises_a_received_level(tmp_path: Path) -> None:
    province, assessment_id = received(tmp_path)
    try:
        app = make_app(province)
        notices: list[str] = []
        app.notify = lambda message, **kwargs: notices.append(str(message))  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
            await pilot.press("enter")
            await pilot.pause()
            await _choose(pilot, app, "benoemd")
            await wait_until(pilot, lambda: any("alleen verlagen" in n for n in notices))
            assert province.assessment(assessment_id).sharing == "geaggregeerd"
            await _choose(pilot, app, "intern")
            await wait_until(pilot, lambda: province.assessment(assessment_id).sharing == "intern")
    finally:
        province.close()


def test_the_command_line_lowers_but_never_raises_a_received_level(tmp_path: Path) -> None:
    province, assessment_id = received(tmp_path)
    province.close()
    db = tmp_path / "provincie.db"
    raised = CliRunner().invoke(main, ["--db", str(db), "assessment", "share", str(assessment_id), "benoemd"])
    assert raised.exit_code == 1 and "alleen verlagen" in raised.stderr and raised.stderr.count("\n") == 1
    lowered = CliRunner().invoke(main, ["--db", str(db), "assessment", "share", str(assessment_id), "intern"])
    assert lowered.exit_code == 0, lowered.output
    back = CliRunner().invoke(main, ["--db", str(db), "assessment", "share", str(assessment_id), "geaggregeerd"])
    assert back.exit_code == 1
