"""Generated malformed bundles never crash the importer and a refused one never writes anything."""

from __future__ import annotations

import contextlib
import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, dump, key_of, new_store, nodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from norm import signing
from norm.exchange.bundle import build_bundle, bundle_text
from norm.exchange.importer import BundleImporter
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
        store = new_store(Path(folder) / "doel.db")
        yield store
        store.close()


@pytest.fixture(scope="module")
def importer(target) -> BundleImporter:
    return BundleImporter(target)


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """One to three structural changes anywhere in the payload; half of the samples signed again with
    the organisation's trusted key (so the validation behind the signature is exercised too)."""
    result = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in nodes(result) if p]
        path = draw(st.sampled_from(paths))
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
    return result


def check(importer: BundleImporter, store: Store, payload: bytes) -> None:
    """Never an unexpected error; a refusal changes nothing; an import stores an import."""
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
    envelope = signing.sign_document(bundle, key_of("W0636"))
    envelope["payload"] = sample
    if data.draw(st.booleans()):
        # Without a canonical form (a lone surrogate) the old signature stays, and fails.
        with contextlib.suppress(signing.SignatureError):
            envelope = signing.sign_document(sample, key_of("W0636"))
    try:
        payload = bundle_text(envelope).encode("utf-8")
    except UnicodeEncodeError:  # generated lone surrogates: write them escaped, as JSON allows
        payload = bundle_text(envelope).encode("utf-8", "surrogatepass")
    check(importer, target, payload)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_arbitrary_bytes(target, importer, raw) -> None:
    check(importer, target, raw)


@FUZZ
@given(data=st.data())
def test_damaged_files(bundle, target, importer, data) -> None:
    text = bundle_text(signing.sign_document(bundle, key_of("W0636"))).encode("utf-8")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    replacement = data.draw(st.binary(max_size=8))
    check(importer, target, text[:start] + replacement + text[end:])
