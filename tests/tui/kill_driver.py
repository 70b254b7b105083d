"""Driver for the abrupt-kill test: open the TUI headless, type into a comment with the keyboard,
say so on stdout, and wait to be killed. Usage: python kill_driver.py DB TEXT"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tui_helpers import type_text, wait_until  # noqa: E402

from tui.app import WeerbaarApp  # noqa: E402
from tui.screens.editor import EditorScreen  # noqa: E402
from tui.screens.start import StartScreen  # noqa: E402


async def main(db: str, text: str) -> None:
    app = WeerbaarApp(Path(db), "nl", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and bool(app.screen.rows))
        await pilot.press("enter", "enter")  # organisation of last time -> its newest assessment
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        await pilot.press("c")
        await type_text(pilot, text)
        print("TYPED", flush=True)
        await asyncio.sleep(300)  # until killed


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
