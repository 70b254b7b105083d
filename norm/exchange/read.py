"""Reading a bundle file: decrypt, decode, parse, verify the signature and validate, without a database.

Which key may sign for which organisation is the importer's question (the register); this module
only proves that the file is intact and names the key that signed it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from norm.errors import WeerbaarError
from norm.exchange.bundle import FORMAT, FORMAT_VERSION, Bundle
from norm.signing import (
    EncryptionError,
    SignatureError,
    decrypt_with,
    fingerprint,
    is_encrypted,
    is_signed_document,
    verify_document_bytes,
)
from norm.untrusted import UnreadableFile, read_regular_file, shown

MAX_BUNDLE_BYTES = 64 * 1024 * 1024
"""The largest bundle file read, in bytes (a bundle of the largest built-in checklist is about 0.1 MB;
the rest is room for the documents one may carry, ``bundle.MAX_BUNDLE_ATTACHMENT_BYTES`` as base64)."""
MAX_PROBLEMS_SHOWN = 5


class BundleRefused(WeerbaarError):
    """A bundle is refused; the message says why, in Dutch."""


_REASONS = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "bool_type": "moet waar of onwaar (true/false) zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een verzameling velden zijn",
    "model_type": "moet een verzameling velden zijn",
    "string_too_short": "mag niet leeg zijn",
    "finite_number": "moet een eindig getal zijn",
    "too_short": "mag niet leeg zijn",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "string_pattern_mismatch": "heeft een ongeldige vorm of bevat een ongeldig teken",
}


def _location(parts: tuple[Any, ...]) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not (isinstance(part, str) and (part.startswith("function-") or "[" in part)):
            path += f".{shown(part)}" if path else shown(part)  # keys come from the file
    return path or "bundel"


_UNION_BRANCHES = {"str", "constrained-str", "int", "constrained-int", "float", "constrained-float", "bool", "none"}
# For a value that fits no branch of a union, the error of the branch whose type it had.
_UNION_REASONS = {
    "string_too_long": None,  # said with its maximum, as for a plain text field
    "string_pattern_mismatch": None,
    "less_than_equal": "getal ligt buiten het toegestane bereik",
    "greater_than_equal": "getal ligt buiten het toegestane bereik",
    "finite_number": "moet een eindig getal zijn",
}


def _reason(detail: Any) -> str:
    kind = detail["type"]
    context = detail.get("ctx", {})
    if kind == "literal_error":
        return f"onbekende waarde {shown(repr(detail.get('input')))}; toegestaan: {context['expected']}"
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    if kind == "string_too_long":
        return f"tekst is te lang (maximaal {context.get('max_length')} tekens)"
    if kind == "too_long":
        return f"bevat te veel elementen (maximaal {context.get('max_length')})"
    return _REASONS.get(kind, str(detail["msg"]))


def _validation_message(error: ValidationError) -> str:
    problems = []
    unions: dict[tuple[Any, ...], list[Any]] = {}
    for detail in error.errors():
        location = detail["loc"]
        if location and location[-1] in _UNION_BRANCHES:  # one error per branch of a union: say it once
            unions.setdefault(tuple(location[:-1]), []).append(detail)
            continue
        problems.append(f"{_location(location)}: {_reason(detail)}")
    for location, details in unions.items():
        specific = next((d for d in details if d["type"] in _UNION_REASONS), None)
        if specific is None:
            reason = "moet tekst, een getal of waar/onwaar zijn"
        else:
            reason = _UNION_REASONS[specific["type"]] or _reason(specific)
        problems.append(f"{_location(location)}: {reason}")
    return summarise(list(dict.fromkeys(problems)))


def summarise(problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    rest = len(problems) - MAX_PROBLEMS_SHOWN
    return shown + (f" (en nog {rest} andere)" if rest > 0 else "")


_JSON_REASONS = (
    ("Expecting value", "hier ontbreekt een waarde"),
    ("Expecting ',' delimiter", "hier ontbreekt een komma of sluithaakje"),
    ("Expecting ':' delimiter", "hier ontbreekt een dubbele punt"),
    ("Expecting property name", "hier hoort een veldnaam tussen dubbele aanhalingstekens"),
    ("Unterminated string", "een tekst is niet afgesloten"),
    ("Invalid control character", "ongeldig stuurteken in een tekst"),
    ("Extra data", "na het einde staat nog meer tekst"),
    ("Invalid \\escape", "ongeldige escape in een tekst"),
    ("Invalid \\u", "ongeldige \\u-escape in een tekst"),
)


def _json_reason(message: str) -> str:
    return next((dutch for english, dutch in _JSON_REASONS if message.startswith(english)), "ongeldige opbouw")


class _NotIJson(ValueError):
    """Valid JSON that a bundle must not hold (I-JSON, RFC 7493): a duplicate name, NaN or Infinity,
    a number beyond the range of a float. The message is Dutch."""


def _no_constant(name: str) -> Any:
    raise _NotIJson(f"{name} is geen getal")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotIJson(f"een getal dat te groot is ({text[:40]})")
    return value


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _NotIJson(f"de naam '{shown(name)}' komt meer dan eens voor in hetzelfde object")
            seen.add(name)
    return result


def _loads(text: str, notes: list[str] | None = None) -> Any:
    """``json.loads`` refusing what I-JSON forbids (_NotIJson); also raises JSONDecodeError,
    RecursionError and ValueError (an integer with more than 4 300 digits).

    With ``notes``, records what keeps ``json.dumps`` from writing the RFC 8785 text: a float, an
    integer of more than 15 digits, a key that is not ASCII.
    """
    if notes is None:
        return json.loads(text, object_pairs_hook=_unique_names, parse_constant=_no_constant, parse_float=_finite)

    def parse_float(number: str) -> float:
        notes.append("float")
        return _finite(number)

    def parse_int(number: str) -> int:
        if len(number) > 15:
            notes.append("int")
        return int(number)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = _unique_names(items)
        if not "".join(result).isascii():
            notes.append("key")
        return result

    return json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constant, parse_float=parse_float,
                      parse_int=parse_int)


def _parse_json(data: bytes, notes: list[str] | None = None) -> Any:
    """Parse a bundle's bytes (UTF-8, BOM removed) as I-JSON; raises BundleRefused saying what is wrong.

    Refused besides broken JSON: invalid UTF-8 (with a hint for UTF-16), a name twice in one object
    (readers disagree on which one counts), NaN and Infinity, numbers beyond a float (``1e400``),
    integers of more than 4 300 digits, and nesting deeper than the parser's recursion limit.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = "; het is UTF-16: sla het op als UTF-8" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ""
        raise BundleRefused(f"het bestand is geen geldige UTF-8-tekst (byte {error.start}){hint}") from None
    try:
        return _loads(text, notes)
    except _NotIJson as error:
        raise BundleRefused(f"ongeldige JSON: {error}") from None
    except RecursionError:
        raise BundleRefused("de JSON is te diep genest") from None
    except json.JSONDecodeError as error:
        raise BundleRefused(
            f"geen geldige JSON (regel {error.lineno}, kolom {error.colno}: {_json_reason(error.msg)})"
        ) from None
    except ValueError:  # an integer with thousands of digits
        raise BundleRefused("geen geldige JSON (een getal is onredelijk lang)") from None


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose signature holds: the payload, the key that signed it and the submission's hash."""

    bundle: Bundle
    public_key: Ed25519PublicKey
    fingerprint: str
    content_hash: str
    encrypted: bool


UNSIGNED_HINT = "vraag de afzender de beoordeling opnieuw te exporteren met weerbaar (ondertekend)"


def read_bundle(data: bytes, key: Ed25519PrivateKey | None = None) -> VerifiedBundle:
    """Decrypt (with ``key``, when the file is age-encrypted), parse, verify and validate one bundle.

    Raises:
        BundleRefused: too large, encrypted without a (fitting) key, not JSON, unsigned, a signature
            that does not verify, an unknown format version, or content that does not validate.
    """
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefused(f"bestand is te groot ({len(data)} bytes; maximaal {MAX_BUNDLE_BYTES})")
    encrypted = is_encrypted(data)
    if encrypted:
        if key is None:
            raise BundleRefused("het bestand is versleuteld; maak of laad eerst uw eigen sleutel ('weerbaar keys new')")
        try:
            data = decrypt_with(data, key)
        except EncryptionError as error:
            raise BundleRefused(str(error).rstrip(".")) from None
        if len(data) > MAX_BUNDLE_BYTES:
            raise BundleRefused(f"de ontsleutelde inhoud is te groot (maximaal {MAX_BUNDLE_BYTES} bytes)")
    notes: list[str] = []
    raw = _parse_json(data.removeprefix(b"\xef\xbb\xbf"), notes)
    if isinstance(raw, dict) and raw.get("format") == FORMAT:
        raise BundleRefused(f"de inzending is niet ondertekend; {UNSIGNED_HINT}")
    if not is_signed_document(raw):
        raise BundleRefused("dit is geen ondertekende weerbaar-inzending")
    try:
        payload, public_key, signed = verify_document_bytes(raw, plain=not notes)
    except SignatureError as error:
        raise BundleRefused(str(error).rstrip(".")) from None
    if payload.get("format") != FORMAT:
        raise BundleRefused(f"dit is geen weerbaar-inzending (het veld 'format' is niet '{FORMAT}')")
    version = payload.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise BundleRefused(
            f"formaatversie {version} is te nieuw voor deze versie van weerbaar (die kent tot en met "
            f"{FORMAT_VERSION}); werk weerbaar bij"
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BundleRefused(f"onbekende formaatversie {shown(repr(version))}")
    try:
        bundle = Bundle.model_validate(payload)
    except ValidationError as error:
        raise BundleRefused(f"ongeldige inhoud: {_validation_message(error)}") from None
    return VerifiedBundle(bundle, public_key, fingerprint(public_key), hashlib.sha256(signed).hexdigest(), encrypted)


def read_file(path: Path) -> bytes:
    """The bytes of a bundle file.

    Only a regular file of at most MAX_BUNDLE_BYTES is read: a FIFO, a device (``/dev/zero``, also
    through a symbolic link), a socket or a folder is refused before it is opened for reading.

    Raises BundleRefused saying why (also for a missing or unreadable file).
    """
    try:
        return read_regular_file(path, MAX_BUNDLE_BYTES)
    except UnreadableFile as error:
        raise BundleRefused(str(error)) from None
