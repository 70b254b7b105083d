"""Stored scores (#15 item 1) at country scale: every stored score equals a fresh computation, and
reading them costs a fraction of scoring.

Generates the country-scale data of ``bench/generate.py`` (400 organisations × 2 checklists × 5
periods; ``--history 10`` for ten times the periods), then, in the same run:

- checks that ``Store.stored_scores`` of every definitive assessment equals ``score_assessment`` of
  its answers (exit 1 otherwise): the full-size check the unit test does at a reduced size;
- times reading all definitive scores with ``Store.stored_scores`` (as ``AssessmentScore`` objects)
  and the overall figures with one SQL query over the view ``definitive_scores``, beside the anchor:
  scoring every definitive assessment in Python as the reports did (answers read per assessment).

Usage: ``.venv/bin/python bench/bench_scores.py [--organisations 400] [--periods 5] [--history 1]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from ratios import line  # noqa: E402

from norm.scoring import score_assessment  # noqa: E402
from norm.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--history", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "country.db"
        with Store(path, actor="bench") as store:
            made = generate(store, organisations=args.organisations, periods=args.periods, history=args.history)
        print(f"generated {made.assessments} assessments in {made.seconds:.1f} s (scores stored while writing)")
        with Store(path, actor="bench") as store:
            records = [r for r in store.assessments() if r.is_definitive]
            ids = [r.id for r in records]
            started = time.perf_counter()
            computed = {r.id: score_assessment(store.checklist(r.snapshot_id), r.organisation_type,
                                               store.answers(r.id)) for r in records}
            compute_seconds = time.perf_counter() - started
        with Store(path, actor="bench") as store:
            for snapshot in store.snapshots():
                store.checklist(snapshot.id)  # both sides with parsed checklists
            started = time.perf_counter()
            stored = store.stored_scores(ids)
            read_seconds = time.perf_counter() - started
            started = time.perf_counter()
            with store.write() as db:
                rows = db.execute("SELECT checklist_id, period, count(*), avg(overall), "
                                  "sum(basisnorm = 'voldoet') FROM definitive_scores "
                                  "GROUP BY checklist_id, period").fetchall()
            sql_seconds = time.perf_counter() - started
        different = [i for i in ids if stored.get(i) != computed[i]]
    print(f"{len(ids)} definitive assessments: stored == computed for {len(ids) - len(different)}, "
          f"different for {len(different)}; {len(rows)} checklist × period groups in SQL")
    line("read stored scores (AssessmentScore)", read_seconds, "score every assessment in Python",
         compute_seconds, None)
    line("overall figures in SQL (definitive_scores)", sql_seconds, "score every assessment in Python",
         compute_seconds, None)
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
