"""Keys, canonical text, signatures and encryption for everything weerbaar sends to another party.

One Ed25519 key per organisation serves two jobs:

- **signing** (``cryptography``): :func:`sign_document` signs the RFC 8785 canonical text of a
  JSON payload (the ``rfc8785`` package), so any JCS implementation can recompute the signed bytes;
- **encryption** (age, via ``pyrage``): the same key, written as an ``ssh-ed25519`` public key line,
  is an age recipient; :func:`encrypt_for` and :func:`decrypt_with` wrap age's standard format.

The fingerprint is what two people compare over the phone: SHA-256 of the 32 raw public-key bytes,
base32, the first 20 characters in groups of four (``ABCD-EFGH-IJKL-MNOP-QRST``, 100 bits).

A signed document (the *envelope*) is plain JSON::

    {"format": "weerbaar-signed/1",
     "payload": {...},
     "signature": {"algorithm": "Ed25519", "public_key": "<base64 of 32 bytes>",
                   "fingerprint": "ABCD-…", "value": "<base64 of 64 bytes>"}}

and the signature is over ``rfc8785.dumps(payload)``. Verification never trusts the key inside the
envelope by itself: the caller compares the returned public key (or its fingerprint) with a register.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pyrage  # type: ignore[import-untyped]
import rfc8785
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from norm.errors import WeerbaarError
from norm.files import write_atomically

ENVELOPE_FORMAT = "weerbaar-signed/1"
ALGORITHM = "Ed25519"
AGE_MAGIC = b"age-encryption.org/v1\n"
#: Largest key file read; a real one is a few hundred bytes.
MAX_KEY_FILE_BYTES = 16 * 1024


class KeyFileError(WeerbaarError):
    """A key file is missing, unreadable, of the wrong kind, or its passphrase does not fit."""


class SignatureError(WeerbaarError):
    """A signed document is not signed, malformed, or its signature does not verify."""


class EncryptionError(WeerbaarError):
    """Encrypting or decrypting failed (not meant for this key, damaged, or not age)."""


# ---------------------------------------------------------------- keys


def generate_key() -> Ed25519PrivateKey:
    """A new Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def save_private_key(key: Ed25519PrivateKey, path: Path, passphrase: str | None = None) -> None:
    """Write the private key as PEM (PKCS#8, encrypted when a passphrase is given), owner-only.

    Never overwrites an existing file: losing a key breaks the trust others placed in it.

    Raises:
        KeyFileError: the file already exists, or the folder cannot be written.
    """
    path = Path(path)
    if path.exists():
        raise KeyFileError(f"Er staat al een sleutel in {path}; die wordt niet overschreven.")
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(path, data)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise KeyFileError(f"De sleutel kan niet worden opgeslagen in {path}: {exc.strerror}.") from exc


def load_private_key(path: Path, passphrase: str | None = None) -> Ed25519PrivateKey:
    """Read a private key written by :func:`save_private_key`.

    Raises:
        KeyFileError: missing or unreadable file, not an Ed25519 private key, a passphrase that is
            missing or wrong, or a key file that others can read (it must be owner-only).
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise KeyFileError(f"{path} is te groot voor een sleutelbestand.")
        if os.name == "posix" and path.stat().st_mode & 0o077:
            raise KeyFileError(
                f"Het sleutelbestand {path} is leesbaar voor anderen; maak het alleen voor uzelf "
                f"leesbaar (chmod 600 {path})."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyFileError(f"Er is geen sleutel in {path}; maak er een met 'weerbaar keys new'.") from exc
    except OSError as exc:
        raise KeyFileError(f"De sleutel in {path} kan niet worden gelezen: {exc.strerror}.") from exc
    password = passphrase.encode("utf-8") if passphrase else None
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except TypeError as exc:
        if password is None:
            raise KeyFileError(f"De sleutel in {path} is beveiligd met een wachtwoordzin; geef die op.") from exc
        raise KeyFileError(f"De sleutel in {path} heeft geen wachtwoordzin; laat die weg.") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        if password is not None and b"ENCRYPTED" in data:
            raise KeyFileError(f"De wachtwoordzin voor de sleutel in {path} klopt niet.") from exc
        raise KeyFileError(f"{path} bevat geen leesbare sleutel.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} bevat geen Ed25519-sleutel.")
    return key


def raw_public_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 raw bytes (the form inside an envelope and the register)."""
    return base64.b64encode(raw_public_bytes(key)).decode("ascii")


def public_key_line(key: Ed25519PublicKey, comment: str = "") -> str:
    """The public key as one ``ssh-ed25519 AAAA… comment`` line: the public key file, and an age recipient."""
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode("ascii")
    return f"{line} {comment}".rstrip()


def fingerprint(key: Ed25519PublicKey) -> str:
    """Twenty base32 characters of SHA-256 over the raw public key, in groups of four."""
    digest = base64.b32encode(hashlib.sha256(raw_public_bytes(key)).digest()).decode("ascii")[:20]
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


def normalise_fingerprint(text: str) -> str:
    """A typed fingerprint in the printed form: upper case, groups of four; spaces and dashes free."""
    plain = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key from an ``ssh-ed25519`` line, base64 of the 32 raw bytes, or a PEM block.

    Raises:
        KeyFileError: the text is none of these, or not an Ed25519 key.
    """
    text = text.strip()
    key: object
    try:
        if text.startswith("ssh-ed25519 "):
            parts = text.split()
            key = serialization.load_ssh_public_key(f"{parts[0]} {parts[1]}".encode("ascii"))
        elif text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            raw = base64.b64decode(text, validate=True)
            if len(raw) != 32:
                raise ValueError("not 32 bytes")
            key = Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, IndexError, UnicodeEncodeError, binascii.Error, UnsupportedAlgorithm) as exc:
        raise KeyFileError("Dit is geen leesbare openbare sleutel (verwacht: een regel 'ssh-ed25519 …').") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("Dit is geen Ed25519-sleutel.")
    return key


def read_public_key_file(path: Path) -> Ed25519PublicKey:
    """Read a public key file (see :func:`parse_public_key`); a private key file yields its public half.

    Raises:
        KeyFileError: missing, unreadable, too large or not an Ed25519 public key.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise KeyFileError(f"{path} is te groot voor een sleutelbestand.")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"Het sleutelbestand {path} kan niet worden gelezen.") from exc
    if "PRIVATE KEY" in text:
        raise KeyFileError(f"{path} is een geheime sleutel; geef het openbare sleutelbestand (.pub).")
    return parse_public_key(text)


# ---------------------------------------------------------------- canonical text and signatures


_MAX_SAFE_INTEGER = 2**53 - 1


def _plain_json(value: Any) -> bool:
    """Whether ``json.dumps`` with sorted keys writes exactly the RFC 8785 text of ``value``.

    True for dicts, lists, strings, booleans, None and integers within +-(2**53 - 1), with keys whose
    characters all lie below U+D800 (there Python's code-point order equals JCS's UTF-16 order). No
    floats: their shortest ECMAScript form differs from Python's (``2.0`` is ``2``). Both write the same
    escapes for strings (quote, backslash, the short forms of BS, FF, LF, CR and TAB, and a lower-case
    six-character u-escape for the other control characters).
    """
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or item is None or kind is bool:
            continue
        if kind is dict:
            try:
                keys = "".join(item)
            except TypeError:  # a key that is not text
                return False
            if not keys.isascii() and keys and max(keys) >= "\ud800":
                return False
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind is int:
            if not -_MAX_SAFE_INTEGER <= item <= _MAX_SAFE_INTEGER:
                return False
        else:
            return False
    return True


def canonical_bytes(payload: Any) -> bytes:
    """The RFC 8785 (JCS) canonical UTF-8 text of a JSON value.

    Plain JSON (no floats; see ``_plain_json``) goes through ``json.dumps``, which writes the same
    bytes for it and is many times faster; anything else through the ``rfc8785`` package.

    Raises:
        SignatureError: the value cannot be canonicalised (an integer beyond 2**53, NaN, a lone
            surrogate, a non-JSON type).
    """
    try:
        if _plain_json(payload):
            text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
            return text.encode("utf-8")
        return rfc8785.dumps(payload)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError, UnicodeEncodeError) as exc:
        raise SignatureError(f"De inhoud kan niet canoniek worden geschreven: {exc}.") from exc


def sign_document(payload: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """Wrap ``payload`` in a signed envelope (see the module docstring).

    Raises:
        SignatureError: the payload cannot be canonicalised.
    """
    public = key.public_key()
    signature = key.sign(canonical_bytes(payload))
    return {
        "format": ENVELOPE_FORMAT,
        "payload": payload,
        "signature": {
            "algorithm": ALGORITHM,
            "public_key": public_key_b64(public),
            "fingerprint": fingerprint(public),
            "value": base64.b64encode(signature).decode("ascii"),
        },
    }


def is_signed_document(data: Any) -> bool:
    """Whether ``data`` has the shape of an envelope (says nothing about its validity)."""
    return isinstance(data, dict) and data.get("format") == ENVELOPE_FORMAT


def verify_document(envelope: Any) -> tuple[dict[str, Any], Ed25519PublicKey]:
    """Check the envelope's signature; return the payload and the key that signed it (see
    ``verify_document_bytes``, which also returns the signed bytes).

    Raises:
        SignatureError: as ``verify_document_bytes``.
    """
    payload, public, _ = verify_document_bytes(envelope)
    return payload, public


def plain_canonical_bytes(payload: Any) -> bytes:
    """The RFC 8785 text of ``payload`` for a caller that knows it is plain JSON (no floats, integers
    within 15 digits, ASCII keys: a JSON parser's hooks can tell); ``canonical_bytes`` otherwise.

    Raises:
        SignatureError: a lone surrogate, or anything ``canonical_bytes`` refuses.
    """
    try:
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError):
        return canonical_bytes(payload)


def verify_document_bytes(
    envelope: Any, plain: bool = False
) -> tuple[dict[str, Any], Ed25519PublicKey, bytes]:
    """Check the envelope's signature; return the payload, the key that signed it and the signed
    (RFC 8785) bytes, from which a content hash can be taken without canonicalising again.
    ``plain``: the caller's parser saw no floats, no integer beyond 15 digits and only ASCII keys
    (``plain_canonical_bytes``).

    The key is only the one the envelope names: whether it belongs to the claimed sender is for the
    caller to decide against its register.

    Raises:
        SignatureError: not an envelope, unknown algorithm, malformed key or signature, a fingerprint
            that does not match the key, or a signature that does not verify.
    """
    if not isinstance(envelope, dict):
        raise SignatureError("Het bestand is niet ondertekend.")
    if envelope.get("format") != ENVELOPE_FORMAT:
        raise SignatureError("Het bestand is niet ondertekend (geen handtekening van weerbaar).")
    payload = envelope.get("payload")
    signature = envelope.get("signature")
    if not isinstance(payload, dict) or not isinstance(signature, dict):
        raise SignatureError("De handtekening of de inhoud ontbreekt.")
    if set(envelope) != {"format", "payload", "signature"}:
        raise SignatureError("Het ondertekende bestand bevat velden buiten de handtekening.")
    if signature.get("algorithm") != ALGORITHM:
        raise SignatureError(f"Onbekend handtekening-algoritme {str(signature.get('algorithm'))[:40]!r}.")
    try:
        raw_key = base64.b64decode(str(signature.get("public_key", "")), validate=True)
        value = base64.b64decode(str(signature.get("value", "")), validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw_key)
    except (ValueError, binascii.Error) as exc:
        raise SignatureError("De handtekening is beschadigd (sleutel of waarde onleesbaar).") from exc
    if signature.get("fingerprint") != fingerprint(public):
        raise SignatureError("De vingerafdruk in de handtekening hoort niet bij de sleutel.")
    signed = plain_canonical_bytes(payload) if plain else canonical_bytes(payload)
    try:
        public.verify(value, signed)
    except InvalidSignature as exc:
        raise SignatureError(
            "De handtekening klopt niet: de inhoud is na het ondertekenen gewijzigd "
            "of met een andere sleutel ondertekend."
        ) from exc
    return payload, public, signed


# ---------------------------------------------------------------- encryption (age)


def is_encrypted(data: bytes) -> bool:
    """Whether ``data`` is an age file (binary format)."""
    return data.startswith(AGE_MAGIC)


def encrypt_for(data: bytes, recipients: list[Ed25519PublicKey]) -> bytes:
    """Encrypt ``data`` with age to each recipient's ``ssh-ed25519`` key.

    Raises:
        EncryptionError: no recipient, or age refused a key.
    """
    if not recipients:
        raise EncryptionError("Er is geen ontvanger om naar te versleutelen.")
    try:
        parsed = [pyrage.ssh.Recipient.from_str(public_key_line(key)) for key in recipients]
        return bytes(pyrage.encrypt(data, parsed))
    except (pyrage.RecipientError, pyrage.EncryptError) as exc:
        raise EncryptionError(f"Versleutelen is mislukt: {exc}.") from exc


def decrypt_with(data: bytes, key: Ed25519PrivateKey) -> bytes:
    """Decrypt an age file meant for ``key``.

    Raises:
        EncryptionError: the file is not for this key, is damaged, or is not age at all.
    """
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    try:
        identity = pyrage.ssh.Identity.from_buffer(pem)
        return bytes(pyrage.decrypt(data, [identity]))
    except (pyrage.IdentityError, pyrage.DecryptError) as exc:
        raise EncryptionError(
            "Het bestand kan niet worden ontsleuteld met uw sleutel: het is voor een andere ontvanger "
            "versleuteld of beschadigd."
        ) from exc
