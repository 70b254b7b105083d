"""CLI commands for keys and the register: ``weerbaar keys new|show|trust|list|revoke|rotate|export-register|
import-register`` (docs/bundle.md, "Keys and the register").

The organisation's own key lives in the per-user data folder (``sleutels/weerbaar.key``, owner-only,
optionally protected by a passphrase), or in the folder ``WEERBAAR_KEYS`` names (tests use that);
the register of other organisations' keys lives in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from norm.errors import WeerbaarError
from norm.labels import counted
from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app
from tui.own_key import KEY_NAME, NEXT_NAME, PASSPHRASE_ENV, PUBLIC_NAME, key_folder, own_key_path

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

REGISTER_FORMAT = "weerbaar-register"


def _passphrase(path: Path) -> str | None:
    """The passphrase of an encrypted key file: WEERBAAR_PASSPHRASE, else asked (hidden)."""
    try:
        encrypted = b"ENCRYPTED" in path.read_bytes()[:64]
    except OSError:
        return None
    if not encrypted:
        return None
    env = os.environ.get(PASSPHRASE_ENV)
    if env is not None:
        return env
    return str(click.prompt(f"Wachtwoordzin voor {path}", hide_input=True, err=True))


def load_key(path: Path) -> Ed25519PrivateKey:
    """A private key from ``path`` (asking the passphrase when it has one); raises KeyFileError."""
    from norm.signing import load_private_key

    return load_private_key(path, _passphrase(path))


def load_own_key(*, required: bool = True) -> Ed25519PrivateKey | None:
    """The organisation's own key; None when there is none and it is not ``required``.

    Raises:
        UserError: there is no key and one is required.
    """
    path = own_key_path()
    if not path.exists():
        if required:
            raise UserError("er is nog geen eigen sleutel om mee te ondertekenen; maak er een met 'weerbaar keys new'")
        return None
    return load_key(path)


def next_key() -> Ed25519PrivateKey | None:
    """The successor key of a rotation under way, if any."""
    path = key_folder() / NEXT_NAME
    return load_key(path) if path.exists() else None


def _new_passphrase(asked: bool) -> str | None:
    if not asked:
        return None
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    value = str(click.prompt("Wachtwoordzin (leeg: geen)", hide_input=True, confirmation_prompt=True,
                             default="", show_default=False, err=True))
    return value or None


@click.group("keys")
def keys() -> None:
    """Sleutels: de eigen ondertekeningssleutel en het register van vertrouwde sleutels."""


@keys.command("new")
@click.option("--org", "org", default=None, metavar="CODE", help="De code van de eigen organisatie (in de .pub).")
@click.option("--passphrase", "with_passphrase", is_flag=True,
              help=f"Beveilig de sleutel met een wachtwoordzin (gevraagd, of uit {PASSPHRASE_ENV}).")
def keys_new(org: str | None, with_passphrase: bool) -> None:
    """Maak de eigen ondertekeningssleutel (een keer per organisatie)."""
    from norm.signing import fingerprint, generate_key, public_key_line, save_private_key

    path = own_key_path()
    if path.exists():
        raise UserError(f"er is al een eigen sleutel in {path}; 'weerbaar keys show' toont hem")
    key = generate_key()
    save_private_key(key, path, _new_passphrase(with_passphrase))
    comment = f"weerbaar {org}" if org else "weerbaar"
    (path.parent / PUBLIC_NAME).write_text(public_key_line(key.public_key(), comment) + "\n", encoding="utf-8")
    echo(f"Sleutel gemaakt: {one_line(path)} (alleen voor u leesbaar).")
    echo(f"Openbare sleutel: {one_line(path.parent / PUBLIC_NAME)} — stuur dit bestand naar de ontvanger.")
    echo(f"Vingerafdruk: {fingerprint(key.public_key())} — lees die aan de telefoon voor ter controle.")


@keys.command("show")
@json_option
def keys_show(as_json: bool) -> None:
    """Toon de eigen openbare sleutel en de vingerafdruk."""
    from norm.signing import fingerprint, public_key_line

    key = load_own_key()
    assert key is not None
    public = key.public_key()
    data = {"public_key": public_key_line(public), "fingerprint": fingerprint(public),
            "key_file": str(own_key_path()), "public_key_file": str(key_folder() / PUBLIC_NAME)}
    if as_json:
        output_json(data)
        return
    echo(f"Openbare sleutel: {data['public_key']}")
    echo(f"Vingerafdruk:     {data['fingerprint']}")
    echo(f"Bestand:          {one_line(data['public_key_file'])}")


@keys.command("trust")
@click.argument("org", metavar="ORG")
@click.argument("keyfile", type=click.Path(dir_okay=False, path_type=Path), metavar="SLEUTELBESTAND")
@click.option("--fingerprint", "stated", required=True,
              help="De vingerafdruk die de organisatie u (bijvoorbeeld telefonisch) heeft gegeven.")
@click.option("--receiver", is_flag=True, help="Deze organisatie ontvangt onze inzendingen: versleutel voor haar.")
@db_option
@pass_app
def keys_trust(app: CliApp, org: str, keyfile: Path, stated: str, receiver: bool) -> None:
    """Vertrouw de openbare sleutel van een organisatie, na controle van de vingerafdruk."""
    from norm.signing import fingerprint, normalise_fingerprint, public_key_b64, read_public_key_file

    public = read_public_key_file(keyfile)
    actual = fingerprint(public)
    if normalise_fingerprint(stated) != actual:
        raise UserError(f"de vingerafdruk klopt niet: het bestand heeft {actual}, u gaf "
                        f"{one_line(normalise_fingerprint(stated))[:40]}; vertrouw de sleutel niet en vraag "
                        f"{one_line(org)} om het juiste bestand")
    entry, new = app.store().trust_key(org, public_key_b64(public), actual, receiver=receiver)
    what = "vastgelegd" if new else "was al vertrouwd"
    echo(f"Sleutel {actual} van {one_line(entry.organisation_code)} {what}"
         + ("; inzendingen worden voor deze ontvanger versleuteld." if entry.receiver else "."))


@keys.command("list")
@db_option
@json_option
@pass_app
def keys_list(app: CliApp, as_json: bool) -> None:
    """Het register: welke sleutel bij welke organisatie hoort."""
    entries = app.store().register_keys()
    if as_json:
        output_json({"keys": [entry.as_dict() for entry in entries]})
        return
    if not entries:
        echo("Het register is leeg; 'weerbaar keys trust ORG SLEUTELBESTAND --fingerprint …' vult het.")
        return
    echo(f"{'Code':<9} {'Vingerafdruk':<25} {'Status':<12} {'Sinds':<11} Bron")
    for entry in entries:
        mark = " (ontvanger)" if entry.receiver else ""
        echo(f"{one_line(entry.organisation_code):<9} {entry.fingerprint:<25} {entry.status:<12} "
             f"{one_line(entry.added_at)[:10]:<11} {one_line(entry.source)}{mark}")


@keys.command("revoke")
@click.argument("org", metavar="ORG")
@click.option("--fingerprint", "stated", default=None, help="Alleen deze sleutel (standaard: alle van ORG).")
@db_option
@pass_app
def keys_revoke(app: CliApp, org: str, stated: str | None) -> None:
    """Trek een sleutel (of alle sleutels) van een organisatie in: haar inzendingen worden dan geweigerd."""
    from norm.signing import normalise_fingerprint

    revoked = app.store().revoke_key(org, normalise_fingerprint(stated) if stated else None)
    for entry in revoked:
        echo(f"Sleutel {entry.fingerprint} van {one_line(entry.organisation_code)} ingetrokken.")


@keys.command("rotate")
@click.option("--voltooi", "finish", is_flag=True,
              help="Rond de vervanging af: de nieuwe sleutel wordt de eigen sleutel.")
@click.option("--passphrase", "with_passphrase", is_flag=True, help="Beveilig de nieuwe sleutel met een wachtwoordzin.")
def keys_rotate(finish: bool, with_passphrase: bool) -> None:
    """Vervang de eigen sleutel: exports kondigen de nieuwe aan, ondertekend met de oude."""
    from norm.signing import fingerprint, generate_key, public_key_line, save_private_key

    folder = key_folder()
    current, upcoming = folder / KEY_NAME, folder / NEXT_NAME
    if not current.exists():
        raise UserError("er is nog geen eigen sleutel; maak er een met 'weerbaar keys new'")
    if finish:
        if not upcoming.exists():
            raise UserError("er is geen vervanging bezig; begin er een met 'weerbaar keys rotate'")
        key = load_key(upcoming)
        old = load_key(current)
        current.replace(folder / f"vorige-{fingerprint(old.public_key())}.key")
        upcoming.replace(current)
        (folder / PUBLIC_NAME).write_text(public_key_line(key.public_key(), "weerbaar") + "\n", encoding="utf-8")
        echo(f"De eigen sleutel is nu {fingerprint(key.public_key())}; de vorige is bewaard in {one_line(folder)}.")
        return
    if upcoming.exists():
        raise UserError(f"er is al een vervanging bezig ({upcoming}); rond die af met --voltooi")
    key = generate_key()
    save_private_key(key, upcoming, _new_passphrase(with_passphrase))
    echo(f"Nieuwe sleutel {fingerprint(key.public_key())} gemaakt. Exporteer nu naar elke ontvanger: de inzending "
         "kondigt hem aan, ondertekend met de huidige sleutel. Daarna: 'weerbaar keys rotate --voltooi'.")


@keys.command("export-register")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Het bestand dat wordt geschreven.")
@db_option
@pass_app
def keys_export_register(app: CliApp, output: Path) -> None:
    """Schrijf het register, ondertekend met de eigen sleutel (bijvoorbeeld voor het RIEC)."""
    from norm.files import write_atomically
    from norm.signing import fingerprint, sign_document

    key = load_own_key()
    assert key is not None
    entries = app.store().register_keys()
    payload: dict[str, Any] = {
        "format": REGISTER_FORMAT, "format_version": 1,
        "exported_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keys": [{"organisation": e.organisation_code, "public_key": e.public_key, "fingerprint": e.fingerprint,
                  "status": e.status} for e in entries],
    }
    if not output.parent.is_dir():
        raise UserError(f"de map '{output.parent}' bestaat niet")
    write_atomically(output, (json.dumps(sign_document(payload, key), indent=2, sort_keys=True) + "\n").encode())
    echo(f"Register met {counted(len(entries), 'key')} geschreven naar {one_line(output)}, ondertekend met "
         f"{fingerprint(key.public_key())}.")


@keys.command("import-register")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND")
@click.option("--fingerprint", "stated", required=True, help="De vingerafdruk van de sleutel van de afzender.")
@db_option
@pass_app
def keys_import_register(app: CliApp, path: Path, stated: str) -> None:
    """Neem het ondertekende register van een andere ontvanger over (organisaties moeten hier al bestaan)."""
    from norm.signing import SignatureError, fingerprint, normalise_fingerprint, parse_public_key, verify_document
    from norm.untrusted import UnreadableFile, read_regular_file

    try:
        raw = json.loads(read_regular_file(path, 10 * 1024 * 1024))
    except (UnreadableFile, ValueError) as error:
        raise UserError(f"het register {one_line(path)} kan niet worden gelezen: {one_line(error)[:120]}") from None
    try:
        payload, signer = verify_document(raw)
    except SignatureError as error:
        raise UserError(f"het register is geweigerd: {one_line(error)}") from None
    if fingerprint(signer) != normalise_fingerprint(stated):
        raise UserError(f"het register is ondertekend met {fingerprint(signer)}, niet met de opgegeven "
                        f"{one_line(normalise_fingerprint(stated))[:40]}; niets overgenomen")
    keys_in = payload.get("keys")
    if payload.get("format") != REGISTER_FORMAT or not isinstance(keys_in, list):
        raise UserError("dit is geen weerbaar-register; niets overgenomen")
    store = app.store()
    entries: list[tuple[str, str, str, str]] = []
    for entry in keys_in:
        try:
            public = parse_public_key(str(entry["public_key"]))
            org, status = str(entry["organisation"]), str(entry["status"])
        except (KeyError, TypeError, WeerbaarError) as error:
            raise UserError(f"het register bevat een onleesbare regel ({one_line(error)[:80]}); niets overgenomen"
                            ) from None
        entries.append((org, status, fingerprint(public), str(entry["public_key"])))
    added, revoked, skipped = 0, 0, []
    with store.write():
        for org, status, print_, public_b64 in entries:
            if store.organisation(org) is None:
                skipped.append(org)
                continue
            known = store.trusted_key(org, print_)
            if status == "vertrouwd":
                if known is None:
                    store.trust_key(org, public_b64, print_, source=f"register van {fingerprint(signer)}")
                    added += 1
            elif status == "ingetrokken" and (known is None or known.status == "vertrouwd"):
                if known is None:
                    store.trust_key(org, public_b64, print_, source=f"register van {fingerprint(signer)}")
                store.revoke_key(org, print_)
                revoked += 1
    echo(f"Register overgenomen: {counted(added, 'key')} nieuw vertrouwd, {revoked} ingetrokken.")
    if skipped:
        echo(f"Overgeslagen (organisatie staat niet in deze database): {', '.join(sorted(set(skipped)))}")
