"""Benchmark: import 4,000 signed submission bundles into one database (target: at least 500 per second).

    .venv/bin/python bench/bench_import.py [--bundles 4000] [--min-rate 500] [--keep DIR] [--no-encrypted]

Bundles are generated as a country-scale collection: 342 municipalities, each with its own Ed25519
key, one assessment per period for as many periods as needed, every applicable measure answered
(about 10% n.v.t. where a measure allows it), a comment on a third of the answers and two
improvement actions each, all against the largest built-in checklist (or a synthetic one of
--items measures when none is installed). Each bundle is signed (format 2); a second folder holds
the same bundles encrypted with age to the province's key.

Only the import is timed: reading each file, (decrypting,) verifying the signature over the RFC
8785 text, checking the key against the register, validating, and writing each file in its own
transaction into a fresh database that already holds the checklist, the organisations and their
keys (as after ``weerbaar init`` and ``keys trust``). The median of three such imports counts; a
last pass imports the same folder again (every file ``ongewijzigd``, recognised by its hash).

The anchor, measured in the same run: the same assessment, answer and action rows written with a
plain ``executemany``, one transaction per bundle, into a fresh database of the same schema (no
reading, no verification).
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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from norm import signing  # noqa: E402
from norm.checklist import Checklist, parse_checklist  # noqa: E402
from norm.exchange.bundle import Bundle, bundle_text, tool_version  # noqa: E402
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


def generate(folder: Path, checklist: Checklist, count: int, keys: list[Ed25519PrivateKey],
             receiver: Ed25519PrivateKey | None = None, seed: int = 7) -> tuple[int, list[list[tuple]]]:
    """Write ``count`` signed bundles into ``folder`` (encrypted to ``receiver`` when given).

    Returns the total number of bytes and, per bundle, the rows an importer writes (for the anchor).
    """
    rng = random.Random(seed)
    items = checklist.applicable_items("gemeente")
    header = {"id": checklist.id, "version": checklist.version, "content_hash": checklist.content_hash}
    total = 0
    rows: list[list[tuple]] = []
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
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        data = {
            "format": "weerbaar-inzending", "format_version": 2,
            "tool": {"name": "weerbaar", "version": tool_version()},
            "exported_at": f"{period}-03-01T09:00:00Z", "sequence": 1,
            "sharing": rng.choice(["geaggregeerd", "benoemd"]), "scrubbed": False,
            "organisation": {"code": f"GM{municipality + 1:04d}", "name": f"Gemeente {municipality + 1}",
                             "type": "gemeente", "attributes": {"size_class": rng.choice(["klein", "groot"])}},
            "checklist": header,
            "assessment": {
                "uid": uid, "period": str(period),
                "kind": "vervolgmeting", "status": "definitief", "created_at": f"{period}-01-10T09:00:00Z",
                "created_by": "adviseur", "finalised_at": f"{period}-02-20T09:00:00Z", "finalised_by": "adviseur",
                "sign_off": {"name": "M. de Boer", "role": "gemeentesecretaris", "decided_on": f"{period}-02-20",
                             "decision": f"B&W {period}/12"},
                "answers": answers,
                "actions": [{"item_code": items[n].code, "description": "Maatregel verder invoeren.", "owner": "OOV",
                             "deadline": f"{period + 1}-06-30", "status": "open"} for n in (0, 1)],
            },
        }
        if index == 0:
            Bundle.model_validate(data)
        payload = bundle_text(signing.sign_document(data, keys[municipality])).encode("utf-8")
        if receiver is not None:
            payload = signing.encrypt_for(payload, [receiver.public_key()])
        suffix = "age" if receiver is not None else "json"
        (folder / f"inzending-{index:05d}.{suffix}").write_bytes(payload)
        total += len(payload)
        rows.append([(uid, data["organisation"]["code"], period),
                     *((a["item_code"], a["level"], a["not_applicable"], a["na_reason"], a["comment"])
                       for a in answers)])
    return total, rows


def fresh_store(database: Path, checklist: Checklist, keys: list[Ed25519PrivateKey]) -> Store:
    """A new database holding the checklist, the municipalities and their trusted keys (not timed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    store = Store(database, actor="bench")
    store.add_checklist(checklist)
    with store.write():
        for index, key in enumerate(keys):
            code = f"GM{index + 1:04d}"
            store.upsert_organisation(code, f"Gemeente {index + 1}", "gemeente", reference=True)
            public = key.public_key()
            store.trust_key(code, signing.public_key_b64(public), signing.fingerprint(public))
    return store


def import_once(folder: Path, store: Store, expected: str,
                receiver: Ed25519PrivateKey | None = None) -> tuple[float, float]:
    """Import the folder; returns (wall seconds, processor seconds)."""
    importer = BundleImporter(store, receiver)
    start, cpu = time.perf_counter(), time.process_time()
    outcomes = importer.import_paths([folder])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    wrong = [o for o in outcomes if o.outcome != expected]
    if wrong:
        raise SystemExit(f"{len(wrong)} bundels gaven niet '{expected}': {wrong[0]}")
    return elapsed, cpu


def anchor(database: Path, checklist: Checklist, rows: list[list[tuple]]) -> float:
    """Seconds to write the same rows with plain executemany, one transaction per bundle."""
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    Store(database, actor="bench").close()  # the same schema
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("INSERT INTO organisations (code, name, type) VALUES ('GM0000', 'x', 'gemeente')")
    connection.execute("INSERT INTO checklist_snapshots (checklist_id, version, content_hash, definition) "
                       "VALUES ('x', '1', 'x', '{}')")
    start = time.perf_counter()
    for bundle in rows:
        (uid, _code, period), answers = bundle[0], bundle[1:]
        connection.execute("BEGIN")
        assessment_id = connection.execute(
            "INSERT INTO assessments (uid, organisation_code, snapshot_id, period, kind, status, sharing, origin) "
            "VALUES (?, 'GM0000', 1, ?, 'vervolgmeting', 'concept', 'geaggregeerd', 'import')", [uid, str(period)]
        ).lastrowid
        connection.executemany(
            "INSERT INTO answers (assessment_id, item_code, level, not_applicable, na_reason, comment) "
            "VALUES (?, ?, ?, ?, ?, ?)", [(assessment_id, *answer) for answer in answers])
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def run(count: int, items: int, runs: int, keep: Path | None, encrypted: bool) -> float:
    """Median bundles per second of ``runs`` first imports into a fresh database."""
    checklist = benchmark_checklist(items)
    keys = [signing.generate_key() for _ in range(MUNICIPALITIES)]
    province = signing.generate_key()
    with tempfile.TemporaryDirectory() as scratch:
        work = keep or Path(scratch)
        folder = work / "inzendingen"
        folder.mkdir(parents=True, exist_ok=True)
        size, rows = generate(folder, checklist, count, keys)
        database = work / "provincie.db"
        print(f"checklist: {checklist.id} {checklist.version}, {len(checklist.items())} maatregelen; "
              f"{count} ondertekende bundels, {size / count / 1024:.0f} kB per bundel")
        raw = anchor(work / "anker.db", checklist, rows)
        print(f"anker (executemany, zelfde rijen): {raw:6.2f} s  {count / raw:6.0f} bundels/s")
        rates = []
        store: Store | None = None
        for run_index in range(runs):
            if store is not None:
                store.close()
            store = fresh_store(database, checklist, keys)
            elapsed, cpu = import_once(folder, store, "nieuw")
            rates.append(count / elapsed)
            print(f"import {run_index + 1}: {elapsed:6.2f} s  {count / elapsed:6.0f} bundels/s  "
                  f"(processortijd {cpu:5.2f} s: {count / cpu:4.0f} bundels/s; {elapsed / raw:.1f}x het anker)")
        assert store is not None
        median = statistics.median(rates)
        again, _ = import_once(folder, store, "ongewijzigd")
        print(f"opnieuw, ongewijzigd: {again:5.2f} s  {count / again:6.0f} bundels/s  "
              f"({again / (count / median):.0%} van een eerste import)")
        answers = store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        print(f"database: {database.stat().st_size / 1e6:.0f} MB, {answers} antwoorden")
        store.close()
        if encrypted:
            sealed = work / "versleuteld"
            sealed.mkdir(exist_ok=True)
            generate(sealed, checklist, count, keys, receiver=province)
            store = fresh_store(database, checklist, keys)
            elapsed, _ = import_once(sealed, store, "nieuw", province)
            print(f"versleuteld (age): {elapsed:6.2f} s  {count / elapsed:6.0f} bundels/s")
            store.close()
    print(f"mediaan: {median:.0f} bundels/s")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=4000)
    parser.add_argument("--items", type=int, default=60, help="maatregelen van de synthetische checklist")
    parser.add_argument("--runs", type=int, default=3, help="aantal eerste imports (de mediaan telt)")
    parser.add_argument("--min-rate", type=float, default=500.0, help="faal onder dit aantal bundels/s")
    parser.add_argument("--keep", type=Path, default=None, help="bewaar bundels en database in deze map")
    parser.add_argument("--no-encrypted", dest="encrypted", action="store_false",
                        help="sla de run met versleutelde bundels over")
    args = parser.parse_args()
    median = run(args.bundles, args.items, args.runs, args.keep, args.encrypted)
    if median < args.min_rate:
        raise SystemExit(f"te langzaam: {median:.0f} bundels/s, doel {args.min_rate:.0f}")


if __name__ == "__main__":
    main()
