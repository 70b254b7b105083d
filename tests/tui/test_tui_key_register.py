"""The receiver's register in the TUI: opened with k from the collection round, showing who is trusted."""

from __future__ import annotations

from pathlib import Path

from bundle_support import install_key, key_of, trust
from textual.widgets import DataTable, Static
from tui_helpers import CHECKLIST_ID, make_app, make_store, wait_until

from norm import signing
from tui.screens.collection import CollectionScreen
from tui.screens.key_register import KeyRegisterScreen
from tui.screens.start import StartScreen


async def test_the_register_opens_from_the_collection_round(tmp_path: Path) -> None:
    province = make_store(tmp_path / "provincie.db")
    try:
        for code, name in (("GM0344", "Utrecht"), ("GM0307", "Amersfoort")):
            province.upsert_organisation(code, name, "gemeente", reference=True)
        trust(province, "GM0344", "GM0307")
        province.revoke_key("GM0307")
        install_key("PV26")
        app = make_app(province)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for)
            app.push_screen(CollectionScreen(app.store, "2026", CHECKLIST_ID))
            await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen) and app.screen.round)
            await pilot.press("k")
            await wait_until(pilot, lambda: isinstance(app.screen, KeyRegisterScreen) and app.screen.loaded)
            screen = app.screen
            table = screen.query_one(DataTable)
            rows = {str(table.get_row_at(i)[0]): [str(cell) for cell in table.get_row_at(i)]
                    for i in range(table.row_count)}
            assert rows["GM0344"][1] == "Utrecht" and rows["GM0344"][3] == "vertrouwd"
            assert rows["GM0344"][2] == signing.fingerprint(key_of("GM0344").public_key())
            assert rows["GM0307"][3] == "ingetrokken"
            own = screen.query_one("#register-own", Static).render().plain
            assert signing.fingerprint(key_of("PV26").public_key()) in own
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, CollectionScreen))
    finally:
        province.close()
