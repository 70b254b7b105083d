"""Benchmark: the gap and peer reports at 1x and 10x history (they show one or two periods).

    .venv/bin/python bench/generate.py --db country1.db
    .venv/bin/python bench/generate.py --db country10.db --history 10
    .venv/bin/python bench/bench_history.py country1.db country10.db

Times each report (HTML, a fresh store each run, median of --runs) per database and prints the ratio
of the last database to the first. Target: 10x within 1.2x of 1x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from norm.store import Store  # noqa: E402
from reports import build_report, render  # noqa: E402

CHECKLIST = "utrechtse-weerbaarheidsnorm"


def timed(db: Path, kind: str, options: dict[str, object]) -> float:
    started = time.perf_counter()
    with Store(db, actor="bench") as store:
        render(build_report(store, kind, **options), "html")  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {"gaps": [], "peers": []}
    for db in args.databases:
        with Store(db, actor="bench") as store:
            latest = max(r.period for r in store.assessments(checklist_id=CHECKLIST))
            own = next(r.id for r in store.assessments(checklist_id=CHECKLIST, period=latest)
                       if r.status == "definitief")
        for kind, options in (("gaps", {"checklist_id": CHECKLIST}), ("peers", {"ids": [own], "peers": True})):
            report = "compare" if kind == "peers" else kind
            seconds = statistics.median(timed(db, report, options) for _ in range(args.runs))
            results[kind].append(seconds)
            print(f"{db.name}: {kind} mediaan {seconds:.2f} s")
    for kind, times in results.items():
        print(f"{kind}: laatste / eerste = {times[-1] / times[0]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
