"""One format for every benchmark figure: the figure, its anchor measured in the same run, the ratio
and the target ratio. ``make bench`` collects these lines (``BENCH_SUMMARY``, a file each script
appends to) and prints them together at the end."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def line(what: str, figure: float, anchor_name: str, anchor: float, target: float | None, unit: str = "s") -> str:
    """``what: figure vs anchor_name anchor = ratio× (target ≤ target×) ok/MISSED`` — printed and collected."""
    ratio = figure / anchor if anchor else float("inf")
    verdict = "" if target is None else (f" (target ≤ {target:g}×) " + ("ok" if ratio <= target else "MISSED"))
    scale = 1000 if unit == "ms" else 1
    text = (f"{what}: {figure * scale:.3f} {unit} vs {anchor_name} {anchor * scale:.3f} {unit} = {ratio:.2f}×"
            f"{verdict}")
    print(text)
    summary = os.environ.get("BENCH_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as file:
            file.write(text + "\n")
    return text


def met(text: str) -> bool:
    return not text.endswith("MISSED")


def run_times(commands: dict[str, Sequence[str]], runs: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall time of each command over ``runs`` rounds, the commands interleaved within a round
    (so a busy moment on the machine hits all of them alike)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}
