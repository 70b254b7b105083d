"""The benchmark file: the province's audited figures sent back to every participant (issue #11).

The province builds it from the newest release of a checklist and period, reading only what the
audited publication plan lets the province report show (``norm.aggregate.SharedData``): per theme and
per measure the number of organisations, the median, the quartiles and how many meet the target,
for the whole province, per organisation type and per (merged) size class of a type. A figure the
audit withholds is left out of the file, and a group whose overall figure is withheld is left out
entirely: the file holds nothing the province report would not publish. No organisation is named.

The payload is signed with the province's key (``norm.signing``). A participant imports it only
when the signature verifies, the key is trusted for the issuing organisation in its own register
(``weerbaar keys trust``), and the checklist version is one its database knows; otherwise nothing is
written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.aggregate import Profile, SharedData, Stat, load_shared, profile_of
from norm.errors import InvalidInputError, NotFoundError, WeerbaarError
from norm.labels import organisation_type_plural
from norm.signing import SignatureError, canonical_bytes, sign_document, verify_document_bytes
from norm.store.keys import TRUSTED

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from norm.store import Store
    from norm.store.benchmarks import StoredBenchmark

KIND = "weerbaar-benchmark"
FORMAT = 1
MAX_FILE_BYTES = 8 * 1024 * 1024
PROVINCE = "all"


class BenchmarkRefused(WeerbaarError):
    """A benchmark file that is not imported (unsigned, forged, unknown signer, wrong checklist)."""


@dataclass(frozen=True)
class Figure:
    """One published figure: n organisations, median and quartiles, how many meet the target."""

    n: int
    median: float
    q1: float
    q3: float
    meeting: int

    @property
    def share(self) -> float:
        return self.meeting / self.n if self.n else 0.0


@dataclass(frozen=True)
class BenchmarkGroup:
    """The province, one organisation type or one merged size class of a type."""

    key: str
    label: str
    type: str | None
    dimension: str | None
    raw_groups: tuple[str, ...]
    n: int
    overall: Figure | None
    themes: dict[str, Figure]
    items: dict[str, Figure]


# -- building (the province) -------------------------------------------------------------------


def _figure(stat: Stat) -> dict[str, Any] | None:
    if not stat.shown or stat.median is None or stat.meeting is None:
        return None
    return {"n": stat.n, "median": round(stat.median, 4), "q1": round(stat.q1 or 0.0, 4),
            "q3": round(stat.q3 or 0.0, 4), "meeting": stat.meeting}


def _group(data: SharedData, period: str, key: str, label: str, org_type: str | None, dimension: str | None,
           raw: list[str]) -> dict[str, Any] | None:
    overall = _figure(data.overall(period))
    if overall is None:
        return None  # the audit withholds this group's figure: leave the whole group out
    themes = {t.code: f for t in data.themes(period) if (f := _figure(t.stat)) is not None}
    items = {i.code: f for i in data.items(period) if (f := _figure(i.stat)) is not None}
    return {"key": key, "label": label, "type": org_type, "dimension": dimension, "raw_groups": sorted(raw),
            "n": overall["n"], "overall": overall, "themes": themes, "items": items}


def build_payload(store: Store, checklist_id: str, period: str, issuer: str) -> dict[str, Any]:
    """The (unsigned) benchmark of a checklist and period from its newest release.

    Raises:
        NotFoundError: an unknown checklist or organisation ``issuer``.
        InvalidInputError: no release of this checklist and period yet.
    """
    if store.organisation(issuer) is None:
        raise NotFoundError(f"Organisatie {issuer} staat niet in deze database.")
    snapshot = store.require_latest_snapshot(checklist_id)
    release = store.latest_releases(checklist_id, [period]).get(period)
    if release is None:
        raise InvalidInputError(f"Er is nog geen release van '{checklist_id}' voor periode '{period}'; sluit eerst "
                                "de inzamelronde met 'weerbaar release new'.")
    shared = load_shared(store, checklist_id, periods=[period])
    with store.aggregate_reading():
        members = store.release_members(release.id)
    groups = [_group(shared, period, PROVINCE, "provincie", None, None, [])]
    raw_by_type: dict[str, set[str]] = {}
    for member in members:
        raw_by_type.setdefault(member.type, set()).add(
            Profile(member.type, None, member.size_class).group("size_class"))
    for org_type in sorted(raw_by_type):
        view = shared.of_type(org_type)
        groups.append(_group(view, period, f"type:{org_type}", organisation_type_plural(org_type), org_type, "type",
                             []))
        merged: dict[str, list[str]] = {}
        for raw in sorted(raw_by_type[org_type]):
            merged.setdefault(shared.peer_label(period, org_type, "size_class", raw), []).append(raw)
        for label_, raws in sorted(merged.items()):
            peers = shared.peers(org_type, "size_class", raws[0], period)
            groups.append(_group(peers, period, f"size_class:{org_type}:{label_}", label_, org_type, "size_class",
                                 raws))
    return {
        "kind": KIND,
        "format": FORMAT,
        "issuer": issuer,
        "checklist": {"id": snapshot.checklist_id, "version": snapshot.version, "content_hash": snapshot.content_hash},
        "period": period,
        "release": {"id": release.id, "created_at": release.created_at, "min_group": shared.min_group,
                    "members": release.members},
        "created_at": store.clock(),
        "groups": [g for g in groups if g is not None],
    }


def export_benchmark(store: Store, checklist_id: str, period: str, issuer: str, key: Ed25519PrivateKey) -> bytes:
    """The signed benchmark file (JSON bytes) of a checklist and period.

    Raises:
        NotFoundError, InvalidInputError: as ``build_payload``.
        SignatureError: the payload cannot be canonicalised.
    """
    envelope = sign_document(build_payload(store, checklist_id, period, issuer), key)
    return (json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# -- reading (the participant) -----------------------------------------------------------------


@dataclass(frozen=True)
class VerifiedBenchmark:
    payload: dict[str, Any]
    fingerprint: str
    payload_hash: str


def _check_figure(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"n", "median", "q1", "q3", "meeting"}:
        raise BenchmarkRefused("het bestand bevat een cijfer in een onbekende vorm")
    for name in ("n", "meeting"):
        if not isinstance(value[name], int) or isinstance(value[name], bool) or value[name] < 0:
            raise BenchmarkRefused("het bestand bevat een cijfer in een onbekende vorm")
    for name in ("median", "q1", "q3"):
        if not isinstance(value[name], int | float) or isinstance(value[name], bool):
            raise BenchmarkRefused("het bestand bevat een cijfer in een onbekende vorm")
    if value["meeting"] > value["n"]:
        raise BenchmarkRefused("het bestand bevat een cijfer in een onbekende vorm")
    return value


def _check_payload(payload: dict[str, Any]) -> None:
    if payload.get("kind") != KIND or payload.get("format") != FORMAT:
        raise BenchmarkRefused("dit is geen benchmarkbestand van weerbaar (of een onbekende versie)")
    checklist = payload.get("checklist")
    if not isinstance(checklist, dict) or not all(isinstance(checklist.get(k), str)
                                                  for k in ("id", "version", "content_hash")):
        raise BenchmarkRefused("het bestand noemt geen checklist")
    if not isinstance(payload.get("issuer"), str) or not isinstance(payload.get("period"), str):
        raise BenchmarkRefused("het bestand noemt geen afzender of periode")
    release = payload.get("release")
    if not isinstance(release, dict) or not isinstance(release.get("created_at"), str):
        raise BenchmarkRefused("het bestand noemt geen release")
    groups = payload.get("groups")
    if not isinstance(groups, list) or not groups:
        raise BenchmarkRefused("het bestand bevat geen cijfers")
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("key"), str) \
                or not isinstance(group.get("label"), str) or not isinstance(group.get("raw_groups"), list):
            raise BenchmarkRefused("het bestand bevat een groep in een onbekende vorm")
        _check_figure(group.get("overall"))
        for part in ("themes", "items"):
            figures = group.get(part)
            if not isinstance(figures, dict):
                raise BenchmarkRefused("het bestand bevat een groep in een onbekende vorm")
            for figure in figures.values():
                _check_figure(figure)


def verify_benchmark(store: Store, data: bytes) -> VerifiedBenchmark:
    """Check a benchmark file against this database: signature, trusted signer, known checklist.

    Raises:
        BenchmarkRefused: too large, not JSON, unsigned, forged or tampered, a signer whose key is not
            trusted for the issuing organisation, an unknown checklist version, or a malformed payload.
    """
    if len(data) > MAX_FILE_BYTES:
        raise BenchmarkRefused("het bestand is te groot voor een benchmark")
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BenchmarkRefused("het bestand is geen leesbare JSON") from exc
    try:
        payload, _public, signed = verify_document_bytes(envelope)
    except SignatureError as exc:
        raise BenchmarkRefused(str(exc).rstrip(".")) from exc
    signer = envelope["signature"]["fingerprint"]
    _check_payload(payload)
    issuer = payload["issuer"]
    entry = store.trusted_key(issuer, signer)
    if entry is None or entry.status != TRUSTED:
        why = "niet vertrouwd" if entry is None else entry.status
        raise BenchmarkRefused(
            f"ondertekend met sleutel {signer}, die voor {issuer[:40]} {why} is; controleer de vingerafdruk en "
            f"vertrouw de sleutel met 'weerbaar keys trust {issuer[:40]} SLEUTELBESTAND --fingerprint {signer}'")
    checklist = payload["checklist"]
    if store.snapshot_by_hash(checklist["content_hash"]) is None:
        raise BenchmarkRefused(f"checklist {checklist['id'][:60]} versie {checklist['version'][:20]} staat niet in "
                               "deze database; laad die versie eerst")
    return VerifiedBenchmark(payload, signer, hashlib.sha256(signed).hexdigest())


def import_benchmark(store: Store, data: bytes) -> tuple[StoredBenchmark, bool]:
    """Verify and store a benchmark file; returns it and whether it is new (False: imported before).

    Raises:
        BenchmarkRefused: as ``verify_benchmark``; nothing is written.
        ForbiddenError: the acting user may not import benchmarks.
    """
    verified = verify_benchmark(store, data)
    return store.add_benchmark(verified.payload, verified.fingerprint, verified.payload_hash)


def canonical_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of the RFC 8785 text of a payload."""
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


# -- using (the participant's screen and report) -------------------------------------------------


def _as_figure(value: dict[str, Any] | None) -> Figure | None:
    if value is None:
        return None
    return Figure(int(value["n"]), float(value["median"]), float(value["q1"]), float(value["q3"]),
                  int(value["meeting"]))


def groups_of(payload: dict[str, Any]) -> list[BenchmarkGroup]:
    """The groups of a stored payload."""
    return [BenchmarkGroup(g["key"], g["label"], g.get("type"), g.get("dimension"), tuple(g["raw_groups"]),
                           int(g["n"]), _as_figure(g["overall"]),
                           {c: f for c, v in g["themes"].items() if (f := _as_figure(v)) is not None},
                           {c: f for c, v in g["items"].items() if (f := _as_figure(v)) is not None})
            for g in payload["groups"]]


@dataclass(frozen=True)
class Comparison:
    """An organisation against the province and its peer group (None: not published)."""

    province: BenchmarkGroup | None
    peers: BenchmarkGroup | None
    release_date: str
    issuer: str


def comparison_for(store: Store, assessment_id: int) -> Comparison | None:
    """The newest imported benchmark for an assessment's checklist and period, with its groups;
    None when there is none. The peer group is the organisation's type and (merged) size class, or
    its type when that size class is not published.

    Raises:
        NotFoundError: an unknown assessment.
    """
    record = store.assessment(assessment_id)
    stored = store.latest_benchmark(record.checklist_id, record.period)
    if stored is None:
        return None
    groups = groups_of(stored.payload)
    organisation = store.organisation(record.organisation_code)
    province = next((g for g in groups if g.key == PROVINCE), None)
    peers = None
    if organisation is not None:
        raw = profile_of(organisation).group("size_class")
        peers = next((g for g in groups if g.dimension == "size_class" and g.type == organisation.type
                      and raw in g.raw_groups), None)
        if peers is None:
            peers = next((g for g in groups if g.dimension == "type" and g.type == organisation.type), None)
    return Comparison(province, peers, stored.release_date, stored.payload["issuer"])
