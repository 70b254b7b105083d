"""Benchmark: the province report over country-scale data (target: HTML within 2 s).

    .venv/bin/python bench/bench_province_report.py [--organisations 400] [--periods 5] [--runs 3]
                                                    [--max-seconds 2] [--keep DB]

Generates 400 organisations x 2 checklists x 5 periods with bench/generate.py (not timed), then times
the whole path a user waits for: open the database, select and score the shared assessments, build
the report and render it, in a fresh store each run. Prints the median per format; exits 1 when the
HTML median is above --max-seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from norm.store import Store  # noqa: E402
from reports import build_report, render  # noqa: E402


def timed(db: Path, checklist_id: str, fmt: str) -> tuple[float, int]:
    started = time.perf_counter()
    with Store(db, actor="bench") as store:
        document = build_report(store, "province", checklist_id=checklist_id)
        size = len(render(document, fmt))
    return time.perf_counter() - started, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=2.0)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.keep or Path(folder) / "country.db"
        if db.exists():
            parser.error(f"{db} bestaat al")
        with Store(db, actor="bench") as store:
            generated = generate(store, organisations=args.organisations, periods=args.periods)
        checklist_id = generated.checklists[0]
        print(f"data: {generated.assessments} beoordelingen, {generated.organisations} organisaties, "
              f"{len(generated.checklists)} checklists, {len(generated.periods)} perioden "
              f"(gemaakt in {generated.seconds:.1f} s); rapport over {checklist_id}")
        results = {}
        for fmt in ("html", "md", "xlsx", "csv"):
            runs = [timed(db, checklist_id, fmt) for _ in range(args.runs)]
            results[fmt] = statistics.median(seconds for seconds, _ in runs)
            print(f"province {fmt:<5} mediaan {results[fmt]:.2f} s over {args.runs} runs ({runs[0][1]:,} bytes)")
    verdict = "binnen" if results["html"] <= args.max_seconds else "BOVEN"
    print(f"HTML: {results['html']:.2f} s, {verdict} de grens van {args.max_seconds:.1f} s")
    return 0 if results["html"] <= args.max_seconds else 1


if __name__ == "__main__":
    raise SystemExit(main())
