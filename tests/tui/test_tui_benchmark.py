"""The benchmark panel on the result screen: shown after an import, hidden without one."""

from __future__ import annotations

from pathlib import Path

from reports_support import ORGANISATIONS, make_store, submit
from textual.widgets import Static
from tui_helpers import make_app, wait_until

from norm.benchmark import export_benchmark, import_benchmark
from norm.disclosure.release import new_release
from norm.signing import fingerprint, generate_key, public_key_line
from tui.screens.result import ResultScreen
from tui.widgets.benchmark import BenchmarkPanel

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]


def _benchmark(tmp_path: Path) -> tuple[bytes, object]:
    with make_store(tmp_path / "provincie.db") as province:
        for index, code in enumerate(GEMEENTEN):
            submit(province, code, "2026", "geaggregeerd", default=index % 4)
        new_release(province, "testnorm", "2026")
        key = generate_key()
        return export_benchmark(province, "testnorm", "2026", "PV99", key), key


async def _panel(store, assessment_id: int) -> tuple[BenchmarkPanel, str]:
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ResultScreen(store, assessment_id))
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        panel = app.screen.query_one(BenchmarkPanel)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        return panel, panel.query_one("#benchmark-body", Static).render().plain


async def test_the_result_screen_shows_the_province_and_the_peer_group(tmp_path: Path) -> None:
    data, key = _benchmark(tmp_path)
    store = make_store(tmp_path / "gemeente.db")
    own = submit(store, "GM0001", "2026", "intern", default=3)
    panel, shown = await _panel(store, own)
    assert not panel.has_class("-shown") and not panel.display  # nothing imported: no panel
    store.trust_key("PV99", public_key_line(key.public_key()), fingerprint(key.public_key()))
    import_benchmark(store, data)
    panel, shown = await _panel(store, own)
    assert panel.has_class("-shown")
    assert "Benchmark van PV99" in shown and "2026-11-22" in shown
    assert "provincie 33% (n=13)" in shown and "groep 33% (n=13)" in shown
    assert "u 100%" in shown and "Totaal" in shown
    for _, name, *_ in ORGANISATIONS:
        if name != "Aadorp":
            assert name not in shown
    store.close()
