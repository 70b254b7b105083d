"""``weerbaar user``: the accounts of hosted mode (``weerbaar serve``) and the login audit log;
``weerbaar backup``. Roles are given with ``user add --role`` or ``weerbaar role grant``.

Accounts are the administrator's: in a database whose users have roles, ``weerbaar --beheer user …``
(as ``role grant``). ``backup`` copies the file and needs no identity.

A password is never an argument (it would show in the process list and the shell history): it is
asked twice without echo, or read as one line from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from norm.vocabulary import REGIONAL_ROLES, ROLES
from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app

if TYPE_CHECKING:
    from norm.store import Store


def _role_text(role: str, organisation: str | None) -> str:
    return f"{role} van {one_line(organisation)}" if organisation else role


def _check_role(store: Store, role: str, organisation: str | None) -> None:
    """Refuse a role that cannot be given, before the account is made."""
    if role in REGIONAL_ROLES:
        if organisation:
            raise UserError(f"de rol {role} is regionaal; laat --org weg")
        return
    if not organisation:
        raise UserError(f"de rol {role} hoort bij een organisatie; geef --org CODE")
    if store.organisation(organisation) is None:
        raise UserError(f"onbekende organisatie {organisation}; zie weerbaar org list")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UserError("geen wachtwoord op standaardinvoer")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("geef het wachtwoord met --password-stdin, of start de opdracht in een terminal")
    password: str = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nogmaals")
    return password


def _show_totp(secret: str, username: str) -> None:
    from norm.accounts import totp_uri

    echo("Tweede factor: voeg deze sleutel toe aan een authenticator-app (wordt maar één keer getoond):")
    echo(f"  sleutel: {secret}")
    echo(f"  adres:   {totp_uri(secret, username)}")


@click.group()
def user() -> None:
    """Accounts voor de browserversie (weerbaar serve) en het aanmeldlogboek."""


@user.command("add")
@db_option
@click.argument("username", metavar="NAAM")
@click.option("--name", "display_name", required=True, help="Volledige naam, zoals in het wijzigingslogboek.")
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord als één regel van standaardinvoer.")
@click.option("--no-password", is_flag=True,
              help="Geen wachtwoord: alleen aanmelden via een vertrouwde proxy (--trusted-proxy).")
@click.option("--totp", is_flag=True, help="Met een tweede factor (TOTP-code uit een authenticator-app).")
@click.option("--role", type=click.Choice(ROLES), default=None, help="Rol: per organisatie (met --org) of regionaal.")
@click.option("--org", "organisation", default=None, metavar="CODE", help="De organisatie van de rol.")
@pass_app
def add(app: CliApp, username: str, display_name: str, password_stdin: bool, no_password: bool, totp: bool,
        role: str | None, organisation: str | None) -> None:
    """Maak een account aan (met --role en --org meteen een rol)."""
    if no_password and password_stdin:
        raise click.UsageError("--no-password en --password-stdin gaan niet samen")
    from norm.accounts import check_display_name, check_username

    check_username(username)
    check_display_name(display_name)
    if organisation and not role:
        raise click.UsageError("--org hoort bij --role")
    store = app.store()
    if role:
        _check_role(store, role, organisation)
    password = None if no_password else _read_password(password_stdin)
    secret = store.add_account(username, display_name, password=password, totp=totp)
    echo(f"Account {one_line(username)} aangemaakt ({one_line(display_name)}).")
    if role:
        store.grant_role(username, role, organisation)
        echo(f"Rol {_role_text(role, organisation)} gegeven.")
    if secret:
        _show_totp(secret, username)


@user.command("list")
@db_option
@json_option
@pass_app
def list_command(app: CliApp, as_json: bool) -> None:
    """Toon de accounts."""
    store = app.store()
    accounts = store.accounts()
    roles: dict[str, list[tuple[str, str | None]]] = {}
    for grant in store.grants():
        roles.setdefault(grant.username, []).append((grant.role, grant.organisation_code))
    if as_json:
        output_json([
            {"username": a.username, "name": a.display_name, "password": a.has_password, "totp": a.has_totp,
             "disabled": a.disabled, "failed_logins": a.failed_logins, "locked_until": a.locked_until,
             "created_at": a.created_at, "changed_at": a.changed_at,
             "roles": [{"role": role, "org": org} for role, org in roles.get(a.username, [])]}
            for a in accounts
        ])
        return
    if not accounts:
        echo("Nog geen accounts; maak er een met: weerbaar user add NAAM --name 'Volledige naam'")
        return
    for account in accounts:
        state = []
        if account.disabled:
            state.append("uitgeschakeld")
        if account.locked_until:
            state.append(f"geblokkeerd tot {account.locked_until}")
        login = "wachtwoord" + (" + code" if account.has_totp else "") if account.has_password else "alleen proxy"
        shown = ", ".join(_role_text(role, org) for role, org in roles.get(account.username, [])) or "geen rol"
        echo(f"{one_line(account.username):<24} {one_line(account.display_name):<30} {login:<20} {shown}"
             f"{'  ' + ', '.join(state) if state else ''}")


@user.command("disable")
@db_option
@click.argument("username", metavar="NAAM")
@click.option("--enable", is_flag=True, help="Schakel het account weer in.")
@pass_app
def disable(app: CliApp, username: str, enable: bool) -> None:
    """Schakel een account uit (of met --enable weer in); open sessies eindigen bij hun volgende stap."""
    app.store().set_account_disabled(username, not enable)
    echo(f"Account {one_line(username)} {'ingeschakeld' if enable else 'uitgeschakeld'}.")


@user.command("reset")
@db_option
@click.argument("username", metavar="NAAM")
@click.option("--password-stdin", is_flag=True, help="Lees het nieuwe wachtwoord van standaardinvoer.")
@click.option("--no-password", is_flag=True, help="Verwijder het wachtwoord: alleen aanmelden via een proxy.")
@click.option("--totp", is_flag=True, help="Maak een nieuwe tweede factor aan (anders vervalt de oude).")
@pass_app
def reset(app: CliApp, username: str, password_stdin: bool, no_password: bool, totp: bool) -> None:
    """Geef een nieuw wachtwoord, wis de tweede factor en hef een blokkade op."""
    if no_password and password_stdin:
        raise click.UsageError("--no-password en --password-stdin gaan niet samen")
    store = app.store()
    store.account(username)
    password = None if no_password else _read_password(password_stdin)
    secret = store.reset_account(username, password=password, totp=totp)
    echo(f"Account {one_line(username)} opnieuw ingesteld; blokkade opgeheven"
         f"{', nieuwe tweede factor' if secret else ', tweede factor gewist'}.")
    if secret:
        _show_totp(secret, username)


@user.command("log")
@db_option
@click.option("--user", "username", default=None, metavar="NAAM", help="Alleen dit account.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Aantal regels.")
@json_option
@pass_app
def log(app: CliApp, username: str | None, limit: int, as_json: bool) -> None:
    """Toon het aanmeldlogboek (nieuwste eerst)."""
    from norm.labels import label

    entries = app.store().login_log(username, limit)
    if as_json:
        output_json([{"id": e.id, "at": e.at, "username": e.username, "event": e.event, "remote": e.remote,
                      "detail": e.detail} for e in entries])
        return
    for entry in entries:
        echo(f"{entry.at}  {one_line(entry.username):<24} {label('login_event', entry.event, 'nl'):<12} "
             f"{one_line(entry.remote):<16} {one_line(entry.detail)}")


@click.command()
@db_option
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=str),
              metavar="BESTAND", help="Het nieuwe reservekopiebestand (mag nog niet bestaan).")
@pass_app
def backup(app: CliApp, output: str) -> None:
    """Maak een reservekopie van de database, ook terwijl weerbaar serve draait."""
    import os
    from pathlib import Path

    target = Path(output)
    if target.exists():
        raise UserError(f"{target} bestaat al; kies een nieuwe bestandsnaam")
    if not target.parent.is_dir():
        raise UserError(f"de map {target.parent} bestaat niet")
    partial = target.with_name(f".{target.name}.deel")
    partial.unlink(missing_ok=True)
    from norm.store import Store

    try:
        with Store(app.database(), migrate=False) as store:  # copying the file is its owner's work
            store.backup_to(str(partial))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    echo(f"Reservekopie geschreven: {one_line(target)}")
