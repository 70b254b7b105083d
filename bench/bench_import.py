"""Benchmark: import 4,000 submission bundles into one database (target: at least 500 per second).

    .venv/bin/python bench/bench_import.py [--bundles 4000] [--min-rate 500] [--keep DIR]

Bundles are generated as a country-scale collection: 342 municipalities, one assessment per period
for as many periods as needed, every applicable measure answered (about 10% n.v.t. where a measure
allows it), a comment on a third of the answers and two improvement actions each, all against the largest built-in
checklist (or a synthetic one of --items measures when none is installed). Only the import is
timed: reading the files, verifying both hashes, validating, and writing each file in its own
transaction into a fresh database that already knows the checklist (as after ``weerbaar init``).
The median of three such imports counts; a last pass imports the same folder again (every file
``ongewijzigd``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from norm.checklist import Checklist, parse_checklist  # noqa: E402
from norm.exchange.bundle import Bundle, bundle_text, seal, tool_version  # noqa: E402
from norm.exchange.importer import BundleImporter  # noqa: E402
from norm.store import Store  # noqa: E402

MUNICIPALITIES = 342
WORDS = ("beleid", "screening", "integriteit", "Bibob", "meldpunt", "vergunning", "subsidie", "vastgoed",
         "toezicht", "handhaving", "bewustwording", "samenwerking", "RIEC", "informatiepositie", "training")


def benchmark_checklist(items: int) -> Checklist:
    """The largest built-in checklist, or a synthetic one with realistic text lengths."""
    try:
        from checklists import builtin_checklists

        builtin = builtin_checklists()
    except Exception:  # the content may be missing or in the middle of being written
        builtin = []
    if builtin:
        return max(builtin, key=lambda c: len(c.canonical_json()))
    rng = random.Random(1)

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    themes = []
    for t in range(6):
        themes.append({
            "code": f"T{t + 1}", "title": text(3), "description": text(20),
            "items": [{
                "code": f"SYN-T{t + 1}{i + 1:02d}", "title": text(5), "statement": "Wij " + text(25),
                "toelichting": text(60), "evidence": text(20), "levels": {0: text(10), 3: text(12)},
                "kind": "beleid", "applies_to": ["gemeente", "provincie", "waterschap"], "weight": 1,
                "target": 2, "basisnorm": i % 3 == 0, "source": {"document": "bron", "quote": text(15)},
            } for i in range(items // 6)],
        })
    return parse_checklist({
        "id": "synthetische-norm", "version": "1", "title": "Synthetische norm", "sources": [
            {"id": "bron", "title": "Bron"}],
        "scale": [{"value": v, "label": f"Niveau {v}", "description": text(15)} for v in range(4)],
        "themes": themes,
    })


def generate(folder: Path, checklist: Checklist, count: int, seed: int = 7) -> int:
    """Write ``count`` bundles into ``folder``; returns the total number of bytes."""
    rng = random.Random(seed)
    definition = checklist.definition_data()
    items = checklist.applicable_items("gemeente")
    header = {"id": checklist.id, "version": checklist.version, "content_hash": checklist.content_hash,
              "definition": definition}
    total = 0
    for index in range(count):
        municipality, period = index % MUNICIPALITIES, 2026 - index // MUNICIPALITIES
        answers = []
        for item in items:
            na = item.allows_na and rng.random() < 0.1  # never on the floor: an importer refuses that
            answers.append({
                "item_code": item.code, "level": None if na else rng.randint(0, 3), "not_applicable": na,
                "na_reason": "Komt in deze gemeente niet voor." if na else "",
                "comment": " ".join(rng.choice(WORDS) for _ in range(12)) if rng.random() < 0.33 else "",
                "evidence": "", "carried_over": False, "updated_at": "2026-02-01T10:00:00Z", "updated_by": "adviseur",
            })
        data = seal({
            "format": "weerbaar-inzending", "format_version": 1,
            "tool": {"name": "weerbaar", "version": tool_version()},
            "exported_at": f"{period}-03-01T09:00:00Z",
            "sharing": rng.choice(["geaggregeerd", "benoemd"]), "scrubbed": False,
            "organisation": {"code": f"GM{municipality + 1:04d}", "name": f"Gemeente {municipality + 1}",
                             "type": "gemeente", "attributes": {"size_class": rng.choice(["klein", "groot"])}},
            "checklist": header,
            "assessment": {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "period": str(period),
                "kind": "vervolgmeting", "status": "definitief", "created_at": f"{period}-01-10T09:00:00Z",
                "created_by": "adviseur", "finalised_at": f"{period}-02-20T09:00:00Z", "finalised_by": "adviseur",
                "answers": answers,
                "actions": [{"item_code": items[n].code, "description": "Maatregel verder invoeren.", "owner": "OOV",
                             "deadline": f"{period + 1}-06-30", "status": "open"} for n in (0, 1)],
            },
        })
        if index == 0:
            Bundle.model_validate(data)
        payload = bundle_text(data).encode("utf-8")
        (folder / f"inzending-{index:05d}.json").write_bytes(payload)
        total += len(payload)
    return total


def import_once(folder: Path, database: Path, checklist: Checklist, expected: str,
                store: Store | None = None) -> tuple[float, float, Store]:
    """Import the folder; returns (wall seconds, processor seconds, the store)."""
    if store is None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        store = Store(database, actor="bench")
        store.add_checklist(checklist)
    importer = BundleImporter(store)
    start, cpu = time.perf_counter(), time.process_time()
    outcomes = importer.import_paths([folder])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    wrong = [o for o in outcomes if o.outcome != expected]
    if wrong:
        raise SystemExit(f"{len(wrong)} bundels gaven niet '{expected}': {wrong[0]}")
    return elapsed, cpu, store


def run(count: int, items: int, runs: int, keep: Path | None) -> float:
    """Median bundles per second of ``runs`` first imports into a fresh database."""
    checklist = benchmark_checklist(items)
    with tempfile.TemporaryDirectory() as scratch:
        work = keep or Path(scratch)
        folder = work / "inzendingen"
        folder.mkdir(parents=True, exist_ok=True)
        size = generate(folder, checklist, count)
        database = work / "provincie.db"
        print(f"checklist: {checklist.id} {checklist.version}, {len(checklist.items())} maatregelen; "
              f"{count} bundels, {size / count / 1024:.0f} kB per bundel")
        rates = []
        store: Store | None = None
        for run_index in range(runs):
            if store is not None:
                store.close()
            elapsed, cpu, store = import_once(folder, database, checklist, "nieuw")
            rates.append(count / elapsed)
            print(f"import {run_index + 1}: {elapsed:6.2f} s  {count / elapsed:6.0f} bundels/s  "
                  f"(processortijd {cpu:5.2f} s: {count / cpu:4.0f} bundels/s)")
        elapsed, cpu, store = import_once(folder, database, checklist, "ongewijzigd", store)
        print(f"opnieuw, ongewijzigd: {elapsed:5.2f} s  {count / elapsed:6.0f} bundels/s")
        answers = store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        print(f"database: {database.stat().st_size / 1e6:.0f} MB, {answers} antwoorden")
        store.close()
    median = statistics.median(rates)
    print(f"mediaan: {median:.0f} bundels/s")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=4000)
    parser.add_argument("--items", type=int, default=60, help="maatregelen van de synthetische checklist")
    parser.add_argument("--runs", type=int, default=3, help="aantal eerste imports (de mediaan telt)")
    parser.add_argument("--min-rate", type=float, default=500.0, help="faal onder dit aantal bundels/s")
    parser.add_argument("--keep", type=Path, default=None, help="bewaar bundels en database in deze map")
    args = parser.parse_args()
    median = run(args.bundles, args.items, args.runs, args.keep)
    if median < args.min_rate:
        raise SystemExit(f"te langzaam: {median:.0f} bundels/s, doel {args.min_rate:.0f}")


if __name__ == "__main__":
    main()
