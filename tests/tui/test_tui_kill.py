"""Nothing is lost: a process killed abruptly right after typing keeps the text in the database."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from tui_helpers import CHECKLIST_ID, make_store

from norm.store import Store

DRIVER = Path(__file__).parent / "kill_driver.py"
TEXT = "Meldpunt is belegd bij de integriteitscoordinator"


def test_text_survives_an_abrupt_kill(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    store = make_store(db)
    assessment_id = store.new_assessment("GM0344", CHECKLIST_ID, "2026")
    store.set_setting("last_organisation", "GM0344")
    store.close()

    process = subprocess.Popen([sys.executable, str(DRIVER), str(db), TEXT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        line = process.stdout.readline()
        assert line.strip() == "TYPED", process.stderr.read() if process.poll() is not None else line
        time.sleep(0.7)  # the issue allows losing at most the last half second
        process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        process.wait(timeout=30)
    finally:
        watchdog.cancel()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode != 0

    store = Store(db)
    try:
        answer = store.answers(assessment_id).get("TN-A01")
        assert answer is not None, "nothing of the typed text reached the database"
        assert answer.comment == TEXT
    finally:
        store.close()
