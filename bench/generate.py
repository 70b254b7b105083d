"""Synthetic province- and country-scale data for benchmarks (reusable by every benchmark).

    .venv/bin/python bench/generate.py --db country.db [--organisations 400] [--periods 5] [--seed 1]
    .venv/bin/python bench/generate.py --db country10.db --history 10     # 10x the history: 50 periods

Organisations follow the Dutch mix (about 86% municipalities, 12 provinces, water boards, ten RIECs,
environmental services), with a population, a size class and one of 40 police districts. Every
checklist in the database (the built-in ones, or two synthetic checklists when the content is not
there) gets an assessment per organisation per period from the demo model in ``norm.demo``: most
are definitive and shared (``geaggregeerd`` or ``benoemd``), as in a province database filled by
imports; some are ``intern`` or concept, so the sharing filter does real work. They are written with
origin ``import`` in one transaction.

``history`` multiplies the number of periods (``--history 10``: 50 yearly periods, 1977–2026, about
38,000 assessments): the data set for reports that show one or two periods of a long history.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from norm.aggregate import size_class_of  # noqa: E402
from norm.checklist import Checklist, parse_checklist  # noqa: E402
from norm.demo import plan_assessments, write_assessments  # noqa: E402
from norm.store import Organisation, Store  # noqa: E402
from norm.vocabulary import ITEM_KINDS  # noqa: E402

# Shares of the Dutch public bodies that take part: 342 municipalities, 12 provinces, 21 water boards,
# 10 RIECs and the rest environmental services — 400 in all.
MIX = (("gemeente", 342), ("provincie", 12), ("waterschap", 21), ("riec", 10), ("omgevingsdienst", 15))
DISTRICTS = 40
KINDS = ITEM_KINDS
TYPES = ["gemeente", "provincie", "waterschap", "riec", "omgevingsdienst"]


@dataclass(frozen=True)
class Generated:
    organisations: int
    checklists: list[str]
    periods: list[str]
    assessments: int
    seconds: float


def synthetic_organisations(count: int, seed: int = 1) -> list[Organisation]:
    """``count`` organisations in the Dutch mix, with population, size class and police district."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    total = sum(n for _, n in MIX)
    result: list[Organisation] = []
    for org_type, share in MIX:
        wanted = max(1, round(count * share / total)) if org_type != "gemeente" else 0
        if org_type == "gemeente":
            wanted = count - sum(max(1, round(count * n / total)) for t, n in MIX if t != "gemeente")
        for index in range(wanted):
            attributes: dict = {}
            if org_type == "gemeente":
                population = int(min(900_000, max(1_000, rng.lognormvariate(10.4, 0.8))))
                attributes = {"population_2019": population, "size_class": size_class_of(population),
                              "police_district": f"District {rng.randrange(DISTRICTS) + 1:02d}"}
            prefix = {"gemeente": "GM", "provincie": "PV", "waterschap": "WS", "riec": "RIEC",
                      "omgevingsdienst": "OD"}[org_type]
            result.append(Organisation(f"{prefix}{index + 1:04d}", f"Synthetisch {org_type} {index + 1}", org_type,
                                       attributes, True))
    return result


def synthetic_checklist(checklist_id: str, items: int, seed: int) -> Checklist:
    """A valid checklist of ``items`` measures in six themes, scale 0-3 with tiers."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    themes = []
    for t in range(6):
        theme_items = []
        for i in range(items // 6 + (1 if t < items % 6 else 0)):
            theme_items.append({
                "code": f"SYN-{chr(65 + t)}{i + 1:02d}", "title": f"Maatregel {chr(65 + t)}{i + 1}",
                "statement": "Wij hebben dit geregeld.", "toelichting": "Leg het vast en evalueer het jaarlijks.",
                "evidence": "Vastgesteld document.", "kind": rng.choice(KINDS),
                "applies_to": TYPES if rng.random() < 0.7 else ["gemeente", "provincie", "waterschap"],
                "weight": rng.choice((1, 1, 2)), "target": rng.choice((2, 2, 3)), "basisnorm": rng.random() < 0.25,
                "source": {"document": "bench"},
            })
        themes.append({"code": chr(65 + t), "title": f"Thema {chr(65 + t)}", "items": theme_items})
    return parse_checklist({
        "id": checklist_id, "version": "1", "title": f"Synthetische checklist {checklist_id}",
        "sources": [{"id": "bench", "title": "Benchmark"}],
        "scale": [{"value": v, "label": f"Niveau {v}", "description": f"Niveau {v}."} for v in range(4)],
        "tiers": [{"id": "start", "name": "Start", "description": "Start.", "rule": []},
                  {"id": "basis", "name": "Basis op orde", "description": "Basisnorm.",
                   "rule": [{"scope": "basisnorm", "min_level": 2, "min_share": 1.0}]}],
        "themes": themes,
    }, f"{checklist_id}.yaml")


def install_checklists(store: Store) -> list[str]:
    """The built-in checklists when they load, else two synthetic ones."""
    try:
        from checklists import builtin_checklists

        checklists = builtin_checklists()
    except Exception:  # the content may be missing or being edited
        checklists = []
    if not checklists:
        checklists = [synthetic_checklist("synthetische-norm", 60, 1), synthetic_checklist("synthetische-scan", 42, 2)]
    for checklist in checklists:
        store.add_checklist(checklist)
    return sorted(c.id for c in checklists)


def generate(store: Store, *, organisations: int = 400, periods: int = 5, seed: int = 1,
             history: int = 1) -> Generated:
    """Fill a store with a country-scale, imported-looking set of assessments.

    ``history`` multiplies ``periods`` (a longer history of the same organisations and checklists).

    Raises:
        ValueError: ``organisations``, ``periods`` or ``history`` below 1.
    """
    if min(organisations, periods, history) < 1:
        raise ValueError("organisations, periods and history must be at least 1")
    periods *= history
    started = time.perf_counter()
    checklist_ids = install_checklists(store)
    orgs = synthetic_organisations(organisations, seed)
    with store.write():
        for org in orgs:
            store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
    labels = [str(2027 - periods + i) for i in range(periods)]
    snapshots = [(store.latest_snapshot(c).id, store.checklist(store.latest_snapshot(c).id)) for c in checklist_ids]
    plans = plan_assessments(snapshots, orgs, labels, seed, participation=[0.85 + 0.15 * i / max(periods - 1, 1)
                                                                          for i in range(periods)],
                             concept_share=0.03)
    count = write_assessments(store, plans, origin="import", actor="bench")
    return Generated(len(orgs), checklist_ids, labels, count, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="database to create (must not exist)")
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history", type=int, default=1, help="multiply the periods (10: ten times the history)")
    args = parser.parse_args()
    if args.db.exists():
        parser.error(f"{args.db} bestaat al")
    with Store(args.db, actor="bench") as store:
        result = generate(store, organisations=args.organisations, periods=args.periods, seed=args.seed,
                          history=args.history)
    print(f"{result.assessments} beoordelingen voor {result.organisations} organisaties, checklists "
          f"{', '.join(result.checklists)}, perioden {', '.join(result.periods)} in {result.seconds:.1f} s")


if __name__ == "__main__":
    main()
