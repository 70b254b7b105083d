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


RAW_SQL = """
    WITH counted AS (
        SELECT a.id, a.organisation_code, a.period, a.sharing,
               ROW_NUMBER() OVER (PARTITION BY a.organisation_code, a.period
                                  ORDER BY a.finalised_at DESC, a.id DESC) AS position
        FROM assessments a JOIN checklist_snapshots c ON c.id = a.snapshot_id
        WHERE a.status = 'definitief' AND c.checklist_id = ?)
    SELECT c.period, o.type, o.attributes, c.sharing, s.overall, s.target_score, s.basisnorm,
           t.theme_code, t.score, i.item_code, i.level, i.meets_target
    FROM counted c
    JOIN organisations o ON o.code = c.organisation_code
    JOIN assessment_scores s ON s.assessment_id = c.id
    LEFT JOIN theme_scores t ON t.assessment_id = c.id
    LEFT JOIN item_scores i ON i.assessment_id = c.id AND i.theme_code = t.theme_code
    WHERE c.position = 1 AND c.sharing IN ('geaggregeerd', 'benoemd')
"""


def raw_sql(db: Path, checklist_id: str) -> float:
    """The anchor: the same figures' inputs in one SQL query, with medians and counts in plain Python."""
    import sqlite3
    from collections import defaultdict

    started = time.perf_counter()
    connection = sqlite3.connect(db)
    themes: dict[tuple[str, str], list[float]] = defaultdict(list)
    items: dict[tuple[str, str], list[int]] = defaultdict(list)
    for period, _type, _attributes, _sharing, _overall, _target, _basis, theme, score, item, level, meets in (
            connection.execute(RAW_SQL, [checklist_id])):
        if score is not None:
            themes[(period, theme)].append(score)
        if level is not None:
            items[(period, item)].append(int(meets or 0))
    figures = {key: statistics.median(values) for key, values in themes.items()}
    figures.update({key: sum(values) / len(values) for key, values in items.items()})
    connection.close()
    return time.perf_counter() - started


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
        anchor = statistics.median(raw_sql(db, checklist_id) for _ in range(args.runs))
        print(f"raw SQL aggregate (anchor) mediaan {anchor:.2f} s")
        results = {}
        for fmt in ("html", "md", "xlsx", "csv"):
            runs = [timed(db, checklist_id, fmt) for _ in range(args.runs)]
            results[fmt] = statistics.median(seconds for seconds, _ in runs)
            print(f"province {fmt:<5} mediaan {results[fmt]:.2f} s over {args.runs} runs ({runs[0][1]:,} bytes)")
    print(f"HTML / raw SQL = {results['html'] / anchor:.1f}x")
    verdict = "binnen" if results["html"] <= args.max_seconds else "BOVEN"
    print(f"HTML: {results['html']:.2f} s, {verdict} de grens van {args.max_seconds:.1f} s")
    return 0 if results["html"] <= args.max_seconds else 1


if __name__ == "__main__":
    raise SystemExit(main())
