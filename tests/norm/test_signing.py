"""The signing primitives: keys on disk, fingerprints, RFC 8785 signatures, age encryption."""

from __future__ import annotations

import base64
import copy
import os
import stat

import pytest
import rfc8785

from norm import signing
from norm.errors import WeerbaarError


def test_a_signed_document_verifies_and_names_its_key() -> None:
    key = signing.generate_key()
    envelope = signing.sign_document({"b": 2.0, "a": [1, "é"]}, key)
    payload, public = signing.verify_document(envelope)
    assert payload == {"b": 2.0, "a": [1, "é"]}
    assert signing.fingerprint(public) == signing.fingerprint(key.public_key())
    assert envelope["signature"]["fingerprint"] == signing.fingerprint(key.public_key())


def test_the_signature_is_over_the_rfc8785_text() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = signing.generate_key()
    envelope = signing.sign_document({"b": 2.0, "a": 1}, key)
    assert signing.canonical_bytes(envelope["payload"]) == b'{"a":1,"b":2}'
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(envelope["signature"]["public_key"]))
    public.verify(base64.b64decode(envelope["signature"]["value"]), rfc8785.dumps(envelope["payload"]))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: e["payload"].__setitem__("a", 2),
        lambda e: e["payload"].__setitem__("extra", True),
        lambda e: e["signature"].__setitem__("value", base64.b64encode(b"\0" * 64).decode()),
        lambda e: e["signature"].__setitem__("value", "not base64!"),
        lambda e: e["signature"].__setitem__("algorithm", "RSA"),
        lambda e: e["signature"].__setitem__("fingerprint", "AAAA-AAAA-AAAA-AAAA-AAAA"),
        lambda e: e["signature"].__setitem__("public_key", base64.b64encode(b"short").decode()),
        lambda e: e.__setitem__("format", "other"),
        lambda e: e.__setitem__("extra", 1),
        lambda e: e.pop("signature"),
    ],
)
def test_any_change_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    key = signing.generate_key()
    envelope = signing.sign_document({"a": 1}, key)
    bad = copy.deepcopy(envelope)
    tamper(bad)
    with pytest.raises(signing.SignatureError):
        signing.verify_document(bad)


def test_a_resigned_document_verifies_but_under_the_attackers_key() -> None:
    genuine, attacker = signing.generate_key(), signing.generate_key()
    forged = signing.sign_document({"org": "GM0001"}, attacker)
    _payload, public = signing.verify_document(forged)
    assert signing.fingerprint(public) != signing.fingerprint(genuine.public_key())


@pytest.mark.parametrize("value", [None, [], "text", {"format": "weerbaar-signed/1"}])
def test_non_envelopes_are_refused(value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(signing.SignatureError):
        signing.verify_document(value)


def test_values_without_a_canonical_form_are_refused() -> None:
    key = signing.generate_key()
    for payload in ({"n": 2**60}, {"x": float("nan")}, {"s": {1, 2}}):
        with pytest.raises(signing.SignatureError):
            signing.sign_document(payload, key)


def test_key_file_owner_only_and_passphrase(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = signing.generate_key()
    path = tmp_path / "keys" / "own.key"
    signing.save_private_key(key, path, passphrase="geheim")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ENCRYPTED" in path.read_bytes()
    loaded = signing.load_private_key(path, passphrase="geheim")
    assert signing.fingerprint(loaded.public_key()) == signing.fingerprint(key.public_key())
    with pytest.raises(signing.KeyFileError, match="klopt niet"):
        signing.load_private_key(path, passphrase="fout")
    with pytest.raises(signing.KeyFileError, match="wachtwoordzin"):
        signing.load_private_key(path)
    with pytest.raises(signing.KeyFileError, match="niet overschreven"):
        signing.save_private_key(signing.generate_key(), path)


def test_key_file_without_passphrase_and_bad_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = signing.generate_key()
    path = tmp_path / "own.key"
    signing.save_private_key(key, path)
    assert signing.load_private_key(path).public_key() is not None
    with pytest.raises(signing.KeyFileError, match="geen wachtwoordzin"):
        signing.load_private_key(path, passphrase="x")
    os.chmod(path, 0o644)
    with pytest.raises(signing.KeyFileError, match="leesbaar voor anderen"):
        signing.load_private_key(path)
    with pytest.raises(signing.KeyFileError, match="keys new"):
        signing.load_private_key(tmp_path / "missing.key")
    junk = tmp_path / "junk.key"
    junk.write_text("nonsense")
    os.chmod(junk, 0o600)
    with pytest.raises(signing.KeyFileError):
        signing.load_private_key(junk)
    assert issubclass(signing.KeyFileError, WeerbaarError)


def test_public_key_forms_and_fingerprint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = signing.generate_key().public_key()
    line = signing.public_key_line(key, "weerbaar GM0001")
    assert line.startswith("ssh-ed25519 ") and line.endswith("GM0001")
    for text in (line, signing.public_key_b64(key)):
        assert signing.fingerprint(signing.parse_public_key(text)) == signing.fingerprint(key)
    fp = signing.fingerprint(key)
    assert len(fp) == 24 and fp.count("-") == 4
    assert signing.normalise_fingerprint(fp.lower().replace("-", " ")) == fp
    for bad in ("", "ssh-rsa AAAA", "AAAA", "ssh-ed25519 !!!"):
        with pytest.raises(signing.KeyFileError):
            signing.parse_public_key(bad)
    pub = tmp_path / "own.pub"
    pub.write_text(line + "\n")
    assert signing.fingerprint(signing.read_public_key_file(pub)) == fp
    private = tmp_path / "own.key"
    signing.save_private_key(signing.generate_key(), private)
    with pytest.raises(signing.KeyFileError, match="geheime sleutel"):
        signing.read_public_key_file(private)


def test_age_encryption_to_the_receivers_key() -> None:
    receiver, other = signing.generate_key(), signing.generate_key()
    secret = b'{"weak": "spots"}' * 50
    sealed = signing.encrypt_for(secret, [receiver.public_key()])
    assert signing.is_encrypted(sealed) and b"weak" not in sealed
    assert signing.decrypt_with(sealed, receiver) == secret
    with pytest.raises(signing.EncryptionError):
        signing.decrypt_with(sealed, other)
    with pytest.raises(signing.EncryptionError):
        signing.decrypt_with(b"age-encryption.org/v1\ngarbage", receiver)
    with pytest.raises(signing.EncryptionError):
        signing.encrypt_for(secret, [])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=_json)
def test_the_fast_canonical_text_is_the_rfc8785_text(value) -> None:  # type: ignore[no-untyped-def]
    """The json.dumps fast path must give exactly rfc8785's bytes, or refuse exactly when it refuses."""
    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, ValueError, TypeError, UnicodeEncodeError):
        with pytest.raises(signing.SignatureError):
            signing.canonical_bytes(value)
        return
    assert signing.canonical_bytes(value) == expected


def test_keys_outside_the_basic_plane_sort_as_utf16() -> None:
    value = {"\U0001f600": 1, "\uffff": 2, "a": 3}
    assert signing.canonical_bytes(value) == rfc8785.dumps(value)
