"""TUI benchmark: time to the first screen, and keypress-to-repaint latency in the editor.

Runs the real ``weerbaar`` command in a pseudo-terminal of 80x24 (POSIX only) and reads what it
writes to the terminal:

- first screen: from starting the process until the start screen shows the organisations and the
  assessments of the organisation of last time (median of ``--starts`` runs), interleaved with the
  same for a bare Textual app with the widgets of the start screen (``BARE_APP``), the anchor;
- key latency: in the editor of an assessment of a synthetic checklist with ``--measures`` measures
  (500), press the down arrow ``--keys`` times (100; 0 = through all); per key, the time from
  writing the key until the terminal shows the next measure (its code and title at the top of the
  detail pane, drawn in the same frame as the tree cursor), and, reported beside it, until the
  output has settled (no more output for ``QUIET`` seconds: Textual repaints a scrollbar or
  re-lays out the pane a frame or two later).

Targets (#15): first screen ≤ 1.5× the bare app, p95 key latency ≤ 50 ms with 500 measures. Exits 1
when a target is missed. Usage: ``.venv/bin/python bench/bench_tui.py [--starts 5] [--measures 500]``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import line, met  # noqa: E402

QUIET = 0.05
"""Seconds without output that end a repaint."""
SETTLE = 0.45
"""Pause between keys, so that a deferred write of the cursor position falls outside a measurement."""
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
MEASURES = 500
THEMES = 5
KEYS = 100

TARGET_FIRST_SCREEN_RATIO = 1.5
TARGET_P95_KEY = 0.050
MARKER = "Beoordelingen van Utrecht"

BARE_APP = """
import sys
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static


class Bare(App):
    TITLE = "weerbaar"

    def compose(self):
        yield Header()
        yield Static("Kies een organisatie en open een beoordeling, of begin een nieuwe.")
        with Horizontal():
            with Vertical():
                yield Input(placeholder="Zoek een organisatie")
                yield OptionList(*[f"Organisatie {n}" for n in range(40)])
            with Vertical():
                yield Static("Beoordelingen van Utrecht")
                table = DataTable(cursor_type="row", zebra_stripes=True)
                table.add_columns("Periode", "Checklist", "Status", "Score", "Basisnorm")
                for n in range(6):
                    table.add_row(str(2020 + n), "Utrechtse Weerbaarheidsnorm", "concept", "62%", "voldoet niet")
                yield table
                yield Static("")
                yield Static("")
        yield Footer(compact=True, show_command_palette=False)


Bare().run()
"""
"""A bare Textual app with the widgets of the start screen (the anchor of the first screen)."""


def synthetic_checklist(measures: int = MEASURES) -> dict:
    """A checklist with ``measures`` measures in 5 themes and realistic text lengths."""
    sentence = ("Wij hebben een vastgesteld en actueel beleid voor de aanpak van ondermijning, met heldere "
                "afspraken over rollen, signalen, opvolging en evaluatie in de hele organisatie")
    words = sentence.split(" ")
    themes = []
    for theme_index in range(THEMES):
        items = []
        for item_index in range(measures // THEMES):
            number = theme_index * (measures // THEMES) + item_index + 1
            items.append({
                "code": f"BEN-{chr(65 + theme_index)}{item_index + 1:03d}",
                "title": " ".join(words[(number % 7):(number % 7) + 5]).capitalize(),
                "statement": " ".join(words[(number % 5):]) + ".",
                "toelichting": " ".join(words * 3) + ".",
                "evidence": "Vastgesteld beleid, jaarverslag en verslagen van het casusoverleg.",
                "levels": {0: "Er is niets geregeld.", 3: "Het is geborgd en wordt jaarlijks geëvalueerd."},
                "kind": "beleid",
                "applies_to": ["gemeente"],
                "weight": 1 + number % 3,
                "target": 2,
                "basisnorm": number % 4 == 0,
                "source": {"document": "bench"},
            })
        themes.append({"code": chr(65 + theme_index), "title": f"Thema {theme_index + 1} weerbaarheid",
                       "items": items})
    return {
        "id": "bench-norm", "version": "1", "title": "Benchmarknorm",
        "sources": [{"id": "bench", "title": "Benchmark"}],
        "scale": [
            {"value": 0, "label": "Ontbreekt", "description": "De maatregel ontbreekt."},
            {"value": 1, "label": "In ontwikkeling", "description": "De maatregel is in ontwikkeling."},
            {"value": 2, "label": "Uitgevoerd", "description": "De maatregel is uitgevoerd."},
            {"value": 3, "label": "Geborgd", "description": "De maatregel is geborgd."},
        ],
        "themes": themes,
    }


def prepare(db: Path, measures: int = MEASURES) -> None:
    """A database with the built-in content and an assessment of the synthetic checklist."""
    from checklists import install_builtins
    from norm.checklist import parse_checklist
    from norm.store import Store

    store = Store(db)
    try:
        install_builtins(store)
        store.add_checklist(parse_checklist(synthetic_checklist(measures), "bench"))
        store.new_assessment("GM0344", "bench-norm", "2026")
        store.set_setting("last_organisation", "GM0344")
    finally:
        store.close()


class Terminal:
    """The app in a pseudo-terminal of a fixed size."""

    def __init__(self, db: Path, columns: int = 80, lines: int = 24, argv: list[str] | None = None) -> None:
        import fcntl
        import pty
        import struct
        import termios

        command = Path(sys.executable).parent / "weerbaar"
        argv = argv or [str(command), "--db", str(db)]
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.environ.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)})
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.text = b""

    def read(self, timeout: float) -> bytes:
        """Everything the app writes within ``timeout`` seconds (at least one read attempt)."""
        import select

        chunks = []
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            ready, _, _ = select.select([self.fd], [], [], max(remaining, 0))
            if not ready:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        data = b"".join(chunks)
        self.text += ANSI.sub(b"", data)
        return data

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Seconds since start until ``marker`` appears on the terminal."""
        import select

        wanted = marker.encode()
        deadline = time.perf_counter() + timeout
        while wanted not in self.text:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"'{marker}' did not appear within {timeout} s")
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                self.text += ANSI.sub(b"", os.read(self.fd, 65536))
        return time.perf_counter() - self.started

    def key_latency(self, key: bytes, marker: str) -> tuple[float, float]:
        """Write a key; seconds until ``marker`` is on the terminal, and until the output settled."""
        import select

        self.read(0)  # drain
        wanted = marker.encode()
        raw = b""
        sent = time.perf_counter()
        os.write(self.fd, key)
        shown = last = None
        deadline = sent + 2.0
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], QUIET)
            if not ready:
                if shown is not None:
                    break
                continue
            data = os.read(self.fd, 65536)
            if not data:
                break
            last = time.perf_counter()
            raw += data
            if shown is None and wanted in ANSI.sub(b"", raw):
                shown = last
        self.text += ANSI.sub(b"", raw)
        if shown is None or last is None:
            raise TimeoutError(f"'{marker}' did not appear within 2 s")
        return shown - sent, last - sent

    def close(self) -> None:
        import signal

        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    break
                self.read(0.1)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def first_screen(db: Path, argv: list[str] | None = None) -> float:
    terminal = Terminal(db, argv=argv)
    try:
        return terminal.wait_for(MARKER)
    finally:
        terminal.close()


def expected_markers(measures: int = MEASURES) -> list[str]:
    """What the detail pane shows after each down arrow, starting from the first measure."""
    markers = []
    for theme in synthetic_checklist(measures)["themes"]:
        markers.append(f"{theme['code']}  {theme['title']}")
        markers.extend(f"{item['code']}  " for item in theme["items"])
    return markers[2:]  # the editor opens on the first measure (after the heading of theme A)


def key_latencies(db: Path, measures: int = MEASURES, keys: int | None = None) -> list[tuple[float, float]]:
    terminal = Terminal(db)
    try:
        terminal.wait_for("Beoordelingen van Utrecht")
        time.sleep(0.3)
        terminal.read(0.1)
        os.write(terminal.fd, b"\r")  # to the assessments of the organisation
        time.sleep(0.3)
        terminal.text = b""
        os.write(terminal.fd, b"\r")  # open the newest: the benchmark assessment
        terminal.wait_for(f"0/{measures} ingevuld")  # the status line of the editor
        time.sleep(0.5)
        terminal.read(0.2)
        latencies = []
        # From the first measure down to the last: every measure and the headings of themes 2 to 5.
        for index, marker in enumerate(expected_markers(measures)[:keys]):
            try:
                latencies.append(terminal.key_latency(b"\x1b[B", marker))
            except TimeoutError as error:
                raise TimeoutError(f"key {index}: {error}") from None
            time.sleep(SETTLE)
        return latencies
    finally:
        terminal.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="how often to time the first screen (0: skip)")
    parser.add_argument("--measures", type=int, default=MEASURES, help="measures of the synthetic checklist")
    parser.add_argument("--keys", type=int, default=KEYS, help="down-arrow presses (0: through all)")
    args = parser.parse_args(argv)
    if os.name != "posix":
        print("bench_tui needs a POSIX pseudo-terminal (Linux or macOS).")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        prepare(db, args.measures)
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        bare_argv = [sys.executable, str(bare)]
        first_screen(db)  # warm the file cache and the compiled bytecode once
        first_screen(db, bare_argv)
        starts, bare_starts = [], []
        for _ in range(max(args.starts, 1)):  # interleaved: a busy moment hits both alike
            starts.append(first_screen(db))
            bare_starts.append(first_screen(db, bare_argv))
        latencies = key_latencies(db, args.measures, args.keys or None)
    shown = [pair[0] for pair in latencies]
    settled = [pair[1] for pair in latencies]
    p50, p95, worst = (percentile(shown, 0.5), percentile(shown, 0.95), max(shown))
    print(f"first screen: median of {len(starts)} interleaved starts (max weerbaar {max(starts):.3f} s, "
          f"bare {max(bare_starts):.3f} s)")
    first = line("TUI first screen", statistics.median(starts), "bare Textual app", statistics.median(bare_starts),
                 TARGET_FIRST_SCREEN_RATIO)
    print(f"key to repaint over {len(shown)} down-arrow presses in {args.measures} measures: "
          f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {worst * 1000:.1f} ms "
          f"(target p95 {TARGET_P95_KEY * 1000:.0f} ms)")
    key = line(f"key to repaint p95 ({args.measures} measures)", p95, "target", TARGET_P95_KEY, 1.0, unit="ms")
    print(f"key to settled output: p50 {percentile(settled, 0.5) * 1000:.1f} ms, "
          f"p95 {percentile(settled, 0.95) * 1000:.1f} ms, max {max(settled) * 1000:.1f} ms")
    return 0 if met(first) and met(key) else 1


if __name__ == "__main__":
    sys.exit(main())
