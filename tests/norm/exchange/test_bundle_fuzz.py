"""Generated malformed bundles never crash the importer and a refused one never writes anything."""

from __future__ import annotations

import contextlib
import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, dump, new_store, nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from norm.exchange.bundle import build_bundle, bundle_text, definition_hash, seal
from norm.exchange.importer import BundleImporter
from norm.exchange.read import BundleRefused, read_bundle
from norm.store import Store

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def bundle() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(Path(folder) / "bron.db", clock=Clock("2026-03-01T09:00:00Z"))
        assessment_id = assessment(store, "W0636", levels={"MINI-A01": 3}, na={"MINI-A02": "Geen meldpunt nodig"})
        yield build_bundle(store, assessment_id, "benoemd")
        store.close()


@pytest.fixture(scope="module")
def target() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(Path(folder) / "doel.db", checklist=False, organisations=False)
        yield store
        store.close()


@pytest.fixture(scope="module")
def importer(bundle, target) -> BundleImporter:
    """One importer for all examples, its cache warmed with the intact bundle, so generated files
    that keep the checklist text intact take the fast path and the others the full one."""
    importer = BundleImporter(target)
    read_bundle(bundle_text(bundle).encode("utf-8"), importer._definitions)
    return importer


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """One to three structural changes anywhere in the bundle, often sealed again afterwards.

    Half of the sealed samples are consistent forgeries (the checklist hash recomputed as well),
    so the validation of the checklist definition itself is exercised, not only the hash check.
    """
    result = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in nodes(result) if p]
        in_definition = [p for p in paths if p[:2] == ("checklist", "definition")]
        elsewhere = [p for p in paths if p[:2] != ("checklist", "definition")]
        pool = in_definition if in_definition and draw(st.integers(0, 2)) == 0 else elsewhere
        path = draw(st.sampled_from(pool or paths))
        parent = result
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
        else:
            parent.insert(path[-1], draw(json_values))
    if not draw(st.booleans()):
        return result
    checklist = result.get("checklist")
    if draw(st.booleans()) and isinstance(checklist, dict) and "definition" in checklist:
        with contextlib.suppress(UnicodeEncodeError):
            checklist["content_hash"] = definition_hash(checklist["definition"])
    return seal(result)


def _read(payload: bytes, cache) -> Any:
    try:
        return read_bundle(payload, cache)
    except BundleRefused:
        return "geweigerd"


def check(importer: BundleImporter, store: Store, payload: bytes) -> None:
    """Never an unexpected error; a refusal changes nothing; an import stores an import."""
    cached, plain = _read(payload, importer._definitions), _read(payload, None)
    assert cached == plain, "the definition cache must not change what is accepted"
    before = dump(store)
    outcome = importer.import_bytes(payload, "gegenereerd.json")
    assert not outcome.unexpected, outcome.reason
    if outcome.refused:
        assert outcome.reason
        assert dump(store) == before
    elif outcome.outcome in ("nieuw", "bijgewerkt"):
        body = importer.store.assessment(outcome.assessment_id)
        assert body.origin == "import" and body.organisation_code


@FUZZ
@given(data=st.data())
def test_structurally_malformed_bundles(bundle, target, importer, data) -> None:
    sample = data.draw(mutated(bundle))
    try:
        payload = bundle_text(sample).encode("utf-8")
    except UnicodeEncodeError:  # generated lone surrogates: write them escaped, as JSON allows
        payload = bundle_text(sample).encode("utf-8", "surrogatepass")
    check(importer, target, payload)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_arbitrary_bytes(target, importer, raw) -> None:
    check(importer, target, raw)


@FUZZ
@given(data=st.data())
def test_damaged_files(bundle, target, importer, data) -> None:
    text = bundle_text(bundle).encode("utf-8")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    replacement = data.draw(st.binary(max_size=8))
    check(importer, target, text[:start] + replacement + text[end:])
