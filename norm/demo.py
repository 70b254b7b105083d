"""Synthetic, clearly labelled demo data: every report has something to show on a fresh install.

The model is simple and reproducible from a seed. Each organisation has a capacity (larger
municipalities somewhat higher) and a pace of improvement; each measure a difficulty (enforcement
harder than policy; basisnorm measures easier, because they get priority). A level is the target
plus a persistent organisation-measure offset, the capacity and the improvement so far, plus noise
per period — so most organisations improve, some slip back on a measure, and a few on the whole;
two measures per checklist get harder in the last period.

Demo assessments have origin ``demo`` and are created by ``demo``; the setting ``demo`` records the
seed. The same generator writes the synthetic country-scale data of the benchmarks.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from norm.answers import Action, Answer
from norm.checklist import Checklist, Item
from norm.labels import counted
from norm.store import AssessmentContent, InvalidInputError, Organisation, Store
from norm.vocabulary import DEFINITIVE, DEMO, ActionStatus

DEMO_ORIGIN = DEMO
DEMO_ACTOR = "demo"
DEMO_SETTING = "demo"
DEMO_PERIODS: tuple[str, ...] = ("2024", "2025", "2026")
DEFAULT_SEED = 2026
_UID_NAMESPACE = uuid.UUID("5d0f6b7e-8f3c-4a51-9a55-0f3e2a4c9b17")

_NA_REASONS = (
    "Demo: deze taak is belegd bij de omgevingsdienst.",
    "Demo: er zijn geen vakantieparken binnen onze grenzen.",
    "Demo: wij verstrekken geen subsidies van deze soort.",
    "Demo: geen eigen vastgoedtransacties in deze periode.",
    "Demo: de taak ligt bij een gemeenschappelijke regeling.",
)
_COMMENTS = (
    "Demo: opgenomen in het jaarplan veiligheid.",
    "Demo: besproken in het directieoverleg; uitvoering loopt.",
    "Demo: afhankelijk van capaciteit bij de afdeling VTH.",
    "Demo: samen met het RIEC opgepakt.",
    "Demo: evaluatie gepland na de zomer.",
    "Demo: geldt voor nieuwe medewerkers, nog niet voor inhuur.",
)
_EVIDENCE = (
    "Demo: vastgesteld beleidsdocument (fictief).",
    "Demo: verslag van de stuurgroep (fictief).",
    "Demo: jaarverslag integriteit (fictief).",
    "Demo: procesbeschrijving in het kwaliteitssysteem (fictief).",
)
_ACTION_VERBS = (
    "Plan van aanpak opstellen",
    "Werkwijze vastleggen en laten vaststellen",
    "Training organiseren",
    "Samenwerkingsafspraken maken",
    "Uitvoering borgen in de planning-en-controlcyclus",
)
_OWNERS = (
    "Adviseur OOV",
    "Integriteitscoördinator",
    "Bibob-coördinator",
    "Teamleider VTH",
    "Concerncontroller",
    "Strategisch adviseur veiligheid",
)
# The level model, in levels relative to the target (see the module docstring).
BASE = -0.85
PACE = 0.27
BASIS_FOCUS = 0.45
_KIND_DIFFICULTY = {"beleid": -0.25, "uitvoering": 0.1, "handhaving": 0.35, "samenwerking": -0.1}
_TYPE_CAPACITY = {"gemeente": 0.0, "provincie": 0.35, "waterschap": -0.15, "riec": 0.5, "omgevingsdienst": 0.05}


@dataclass(frozen=True)
class PlannedAnswer:
    item_code: str
    level: int | None
    na_reason: str = ""
    comment: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class PlannedAction:
    item_code: str
    description: str
    owner: str
    deadline: str | None
    status: ActionStatus


@dataclass(frozen=True)
class PlannedAssessment:
    uid: str
    organisation_code: str
    snapshot_id: int
    period: str
    kind: str
    status: str
    sharing: str
    created_at: str
    finalised_at: str | None
    answers: list[PlannedAnswer] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)


@dataclass(frozen=True)
class DemoResult:
    created: bool
    seed: int
    organisations: int
    checklists: list[str]
    periods: list[str]
    assessments: int
    definitive: int
    answers: int
    replaced: int = 0


# -- planning (pure) --------------------------------------------------------------------------


def _stamp(period: str, month: int, day: int, hour: int) -> str:
    year = period[:4] if period[:4].isdigit() else "2026"
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:00:00Z"


def _capacity(organisation: Organisation, rng: random.Random) -> float:
    attributes = organisation.attributes or {}
    population: Any = attributes.get("population") or attributes.get("population_2019")
    try:
        size_effect = max(-0.35, min(0.45, 0.35 * math.log10(int(population) / 30_000)))
    except (TypeError, ValueError, ZeroDivisionError):
        size_effect = 0.0
    return _TYPE_CAPACITY.get(organisation.type, 0.0) + size_effect + rng.gauss(0.0, 0.4)


def _sharing_preference(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.34:
        return "benoemd"
    if draw < 0.88:
        return "geaggregeerd"
    return "intern"


def _level(item: Item, offset: float, low: int, high: int) -> int:
    return max(low, min(high, round(item.target + offset)))


def plan_assessments(
    checklists: Sequence[tuple[int, Checklist]],
    organisations: Sequence[Organisation],
    periods: Sequence[str],
    seed: int,
    *,
    participation: Sequence[float] | None = None,
    concept_share: float = 0.1,
    texts: bool = True,
) -> list[PlannedAssessment]:
    """Plan plausible assessments for every organisation, checklist and period (deterministic)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    periods = list(periods)
    participation = list(participation or [0.78 + 0.2 * i / max(len(periods) - 1, 1) for i in range(len(periods))])
    plans: list[PlannedAssessment] = []
    org_traits = {}
    for organisation in sorted(organisations, key=lambda o: o.code):
        org_traits[organisation.code] = (
            _capacity(organisation, rng),
            rng.gauss(PACE, 0.18),  # improvement per period, in levels
            rng.gauss(BASIS_FOCUS, 0.3),  # extra attention for the basisnorm
            _sharing_preference(rng),
        )
    for snapshot_id, checklist in checklists:
        low, high = min(checklist.scale_values), max(checklist.scale_values)
        difficulty = {
            item.code: rng.gauss(0.0, 0.35) + _KIND_DIFFICULTY.get(item.kind, 0.0) for item in checklist.items()
        }
        # Two measures that get harder in the last period (say, stricter rules): a visible regression.
        codes = sorted(difficulty)
        declining = set(rng.sample(codes, min(2, len(codes))))
        for organisation in sorted(organisations, key=lambda o: o.code):
            items = checklist.applicable_items(organisation.type)
            if not items:
                continue
            capacity, pace, focus, preference = org_traits[organisation.code]
            persistent = {item.code: rng.gauss(0.0, 0.3 if item.basisnorm else 0.45) for item in items}
            not_applicable = {item.code: rng.choice(_NA_REASONS) for item in items
                              if rng.random() < 0.04 and item.allows_na}
            sharing = preference
            joined = False
            for index, period in enumerate(periods):
                if rng.random() > participation[min(index, len(participation) - 1)] and not joined:
                    continue
                if rng.random() < 0.08:
                    sharing = rng.choice(("benoemd", "geaggregeerd", "geaggregeerd", "intern"))
                last = index == len(periods) - 1
                concept = last and rng.random() < concept_share
                setback = rng.random() < 0.12  # a year in which the organisation slips back overall
                answers = []
                actions = []
                for item in items:
                    if concept and rng.random() < 0.35:
                        continue
                    if item.code in not_applicable:
                        answers.append(PlannedAnswer(item.code, None, not_applicable[item.code]))
                        continue
                    offset = (
                        BASE + capacity - difficulty[item.code] + persistent[item.code] + pace * index
                        + (focus * (1 + index) / 2 if item.basisnorm else 0.0)
                        - (0.5 if setback else 0.0) + rng.gauss(0.0, 0.25)
                        - (0.9 if last and item.code in declining else 0.0)
                    )
                    if rng.random() < 0.04:
                        offset -= 1.0  # a measure that lapsed, e.g. when its owner left
                    level = _level(item, offset, low, high)
                    comment = rng.choice(_COMMENTS) if texts and rng.random() < 0.22 else ""
                    evidence = rng.choice(_EVIDENCE) if texts and level >= item.target and rng.random() < 0.3 else ""
                    answers.append(PlannedAnswer(item.code, level, "", comment, evidence))
                    if texts and level < item.target and rng.random() < 0.7:
                        year = int(period[:4]) if period[:4].isdigit() else 2026
                        actions.append(PlannedAction(
                            item.code,
                            f"Demo: {rng.choice(_ACTION_VERBS).lower()} voor '{item.title}'.",
                            rng.choice(_OWNERS),
                            f"{year + 1}-{rng.choice((3, 6, 9, 12)):02d}-{rng.choice((1, 15)):02d}",
                            rng.choice(("open", "open", "lopend")),
                        ))
                day = 1 + (sum(map(ord, organisation.code)) % 27)
                plans.append(PlannedAssessment(
                    uid=str(uuid.uuid5(_UID_NAMESPACE, f"{seed}:{organisation.code}:{checklist.id}:{period}")),
                    organisation_code=organisation.code,
                    snapshot_id=snapshot_id,
                    period=period,
                    kind="vervolgmeting" if joined else "nulmeting",
                    status="concept" if concept else "definitief",
                    sharing=sharing if not concept else "intern",
                    created_at=_stamp(period, 3, day, 9),
                    finalised_at=None if concept else _stamp(period, 10, day, 16),
                    answers=answers,
                    actions=actions,
                ))
                joined = True
    return plans


# -- writing ----------------------------------------------------------------------------------


def write_assessments(store: Store, plans: Iterable[PlannedAssessment], *, origin: str, actor: str) -> int:
    """Write planned assessments in one transaction (bulk; one change-log entry per assessment).

    Each follows the previous one of the same organisation and checklist version.

    Raises:
        StoreError: the database refused the data (for instance a uid that already exists).
    """
    ordered = sorted(plans, key=lambda p: (p.organisation_code, p.snapshot_id, p.period))
    previous: dict[tuple[str, int], str] = {}
    contents = []
    for plan in ordered:
        key = (plan.organisation_code, plan.snapshot_id)
        contents.append(AssessmentContent(
            uid=plan.uid,
            organisation_code=plan.organisation_code,
            snapshot_id=plan.snapshot_id,
            period=plan.period,
            kind=plan.kind,
            status=plan.status,
            sharing=plan.sharing,
            created_at=plan.created_at,
            created_by=actor,
            updated_at=plan.finalised_at or plan.created_at,
            written_at=plan.created_at,
            finalised_at=plan.finalised_at,
            finalised_by=actor if plan.status == DEFINITIVE else None,
            previous_uid=previous.get(key),
            answers=[Answer(a.item_code, a.level, a.level is None, a.na_reason, a.comment, a.evidence, False,
                            plan.created_at, actor) for a in plan.answers],
            actions=[Action(a.item_code, a.description, a.owner, a.deadline, a.status) for a in plan.actions],
        ))
        previous[key] = plan.uid
    with store.write():
        ids = store.add_assessments(contents, origin=origin)
        for plan, assessment_id in zip(ordered, ids, strict=True):
            store.log_change("assessment", "aangemaakt", None, f"{origin} {plan.period}", assessment_id=assessment_id,
                             organisation_code=plan.organisation_code, at=plan.created_at, actor=actor)
    return len(ordered)


# -- the demo command ---------------------------------------------------------------------------


def demo_info(store: Store) -> dict[str, Any] | None:
    """What the demo setting records (seed, periods), or None when there is no demo data."""
    raw = store.setting(DEMO_SETTING)
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return info if isinstance(info, dict) else None


def _demo_ids(store: Store) -> list[int]:
    return [r.id for r in store.assessments() if r.origin == DEMO_ORIGIN]


def install_demo(store: Store, seed: int = DEFAULT_SEED, *, replace: bool = False) -> DemoResult:
    """Create demo assessments for the reference organisations and every checklist.

    Refuses when the database holds real assessments (demo data would mix with them) and when
    demo data of another seed exists (unless ``replace``). The same seed twice changes nothing.

    Raises:
        InvalidInputError: no checklists or reference organisations yet, real assessments in the
            database, or demo data of another seed without ``replace``.
        StoreError: the database refused the data.
    """
    snapshots = {}
    for snapshot in store.snapshots():
        snapshots[snapshot.checklist_id] = snapshot  # ordered by id: the last is the latest
    if not snapshots:
        raise InvalidInputError("Er zijn nog geen checklists; voer eerst 'weerbaar init' uit.")
    organisations = [o for o in store.organisations() if o.reference]
    if not organisations:
        raise InvalidInputError("Er zijn geen referentieorganisaties; voer eerst 'weerbaar init' uit.")
    real = [r for r in store.assessments() if r.origin != DEMO_ORIGIN]
    if real:
        raise InvalidInputError(
            f"De database bevat al {counted(len(real), 'real_assessment')}; demogegevens zouden zich daarmee "
            "vermengen. Gebruik een aparte database met --db."
        )
    existing = _demo_ids(store)
    info = demo_info(store)
    checklists = [(s.id, store.checklist(s.id)) for s in sorted(snapshots.values(), key=lambda s: s.checklist_id)]
    if existing and info and info.get("seed") == seed and not replace:
        return _summary(store, False, seed, organisations, checklists)
    if existing and not replace:
        old = info.get("seed") if info else "onbekend"
        raise InvalidInputError(
            f"Er staan al demogegevens in de database (seed {old}); gebruik --replace om ze te vervangen."
        )
    plans = plan_assessments(checklists, organisations, DEMO_PERIODS, seed)
    with store.write():
        store.delete_assessments(existing, origin=DEMO_ORIGIN)
        write_assessments(store, plans, origin=DEMO_ORIGIN, actor=DEMO_ACTOR)
        store.set_setting(DEMO_SETTING, json.dumps({"seed": seed, "periods": list(DEMO_PERIODS)}))
    return _summary(store, True, seed, organisations, checklists, replaced=len(existing))


def _summary(store: Store, created: bool, seed: int, organisations: Sequence[Organisation],
             checklists: Sequence[tuple[int, Checklist]], replaced: int = 0) -> DemoResult:
    records = [r for r in store.assessments() if r.origin == DEMO_ORIGIN]
    answers = store.db.execute(
        "SELECT COUNT(*) FROM answers WHERE assessment_id IN (SELECT id FROM assessments WHERE origin = ?)",
        [DEMO_ORIGIN],
    ).fetchone()[0]
    return DemoResult(
        created=created,
        seed=seed,
        organisations=len({r.organisation_code for r in records}) or len(organisations),
        checklists=[c.id for _, c in checklists],
        periods=sorted({r.period for r in records}),
        assessments=len(records),
        definitive=sum(1 for r in records if r.is_definitive),
        answers=answers,
        replaced=replaced,
    )
