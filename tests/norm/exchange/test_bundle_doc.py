"""The verification recipe in docs/bundle.md runs, as written, against a bundle weerbaar exported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bundle_support import Clock, assessment, key_of, new_store
from cryptography.exceptions import InvalidSignature

from norm import signing
from norm.exchange.bundle import export_bundle

DOC = Path(__file__).parents[3] / "docs" / "bundle.md"


def recipe() -> dict:
    text = DOC.read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert "from norm" not in code and "weerbaar" not in code  # only cryptography and rfc8785
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace


def test_the_documented_recipe_verifies_a_real_bundle_and_catches_tampering(tmp_path: Path) -> None:
    verify_bundle = recipe()["verify_bundle"]
    store = new_store(tmp_path / "g.db", clock=Clock("2026-03-01T09:00:00Z"))
    path = tmp_path / "utrecht.json"
    key = key_of("GM0344")
    export_bundle(store, assessment(store), path, sharing="benoemd", key=key)
    fingerprint = signing.fingerprint(key.public_key())
    payload = verify_bundle(path, fingerprint)
    assert payload["organisation"]["code"] == "GM0344" and payload["format_version"] == 2
    with pytest.raises(ValueError, match="not by the registered key"):
        verify_bundle(path, "AAAA-AAAA-AAAA-AAAA-AAAA")
    envelope = json.loads(path.read_text(encoding="utf-8"))
    envelope["payload"]["sharing"] = "geaggregeerd"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    with pytest.raises(InvalidSignature):
        verify_bundle(path, fingerprint)
    store.close()
