"""Roles and assignments on the command line: ``weerbaar role grant|revoke|list`` and
``weerbaar assessment assign|assignments`` (``norm.access``, ``norm.store.access``).

Granting roles is the administrator's (the local mode, or ``--beheer``); a user of a hosted
database lists their own roles and assigns themes or measures within their organisation.
"""

from __future__ import annotations

import click

from norm.labels import label
from norm.vocabulary import ROLES
from tui.cli.base import (
    CliApp,
    UserError,
    assessment_id_argument,
    db_option,
    echo,
    json_option,
    one_line,
    output_json,
    pass_app,
)


@click.group()
def role() -> None:
    """Rollen van gebruikers in een gedeelde database (invuller, vaststeller, lezer, provincie, riec)."""


@role.command("grant")
@click.argument("username", metavar="GEBRUIKER")
@click.argument("role_name", metavar="ROL", type=click.Choice(ROLES))
@click.option("--org", "org_code", default=None, metavar="CODE", help="De organisatie (niet bij provincie, riec).")
@click.option("--alleen-toegewezen", "assigned_only", is_flag=True,
              help="Invuller mag alleen toegewezen thema's en maatregelen invullen.")
@db_option
@pass_app
def role_grant(app: CliApp, username: str, role_name: str, org_code: str | None, assigned_only: bool) -> None:
    """Geef een gebruiker een rol (alleen de beheerder van het databasebestand)."""
    changed = app.store().grant_role(username, role_name, org_code, assigned_only=assigned_only)
    where = f" bij {org_code}" if org_code else ""
    echo(f"{one_line(username)} {'is nu' if changed else 'was al'} {label('role', role_name)}{one_line(where)}.")


@role.command("revoke")
@click.argument("username", metavar="GEBRUIKER")
@click.argument("role_name", metavar="ROL", type=click.Choice(ROLES))
@click.option("--org", "org_code", default=None, metavar="CODE", help="De organisatie (niet bij provincie, riec).")
@db_option
@pass_app
def role_revoke(app: CliApp, username: str, role_name: str, org_code: str | None) -> None:
    """Neem een gebruiker een rol af (alleen de beheerder van het databasebestand)."""
    if not app.store().revoke_role(username, role_name, org_code):
        raise UserError(f"{one_line(username)} had de rol {role_name} niet")
    echo(f"Rol {label('role', role_name)} van {one_line(username)} ingetrokken.")


@role.command("list")
@click.argument("username", metavar="GEBRUIKER", required=False)
@db_option
@json_option
@pass_app
def role_list(app: CliApp, username: str | None, as_json: bool) -> None:
    """Toon de rollen (van één gebruiker, of van allen)."""
    store = app.store()
    if username is None and store.principal is not None:
        username = store.principal.username
    grants = store.grants(username)
    if as_json:
        output_json([{"username": g.username, "role": g.role, "organisation": g.organisation_code,
                      "assigned_only": g.assigned_only, "granted_at": g.granted_at, "granted_by": g.granted_by}
                     for g in grants])
        return
    if not grants:
        echo("Geen rollen.")
    for g in grants:
        extra = " (alleen toegewezen)" if g.assigned_only else ""
        echo(f"{one_line(g.username):20} {label('role', g.role):24} {one_line(g.organisation_code or '-')}{extra}")


@click.command("assign")
@assessment_id_argument
@click.option("--user", "username", required=True, metavar="GEBRUIKER", help="De collega.")
@click.option("--theme", "theme_code", default=None, metavar="THEMA", help="Een thema (alle maatregelen erin).")
@click.option("--item", "item_code", default=None, metavar="ITEM", help="Eén maatregel.")
@click.option("--remove", is_flag=True, help="Neem de toewijzing terug.")
@db_option
@pass_app
def assessment_assign(app: CliApp, assessment_id: int, username: str, theme_code: str | None,
                      item_code: str | None, remove: bool) -> None:
    """Wijs een thema of maatregel toe aan een collega ("mijn maatregelen" staan bij hen bovenaan)."""
    store = app.store()
    what = one_line(theme_code or item_code or "")
    if remove:
        if not store.unassign(assessment_id, username, theme_code=theme_code, item_code=item_code):
            raise UserError(f"{what} was niet toegewezen aan {one_line(username)}")
        echo(f"{what} is niet langer toegewezen aan {one_line(username)}.")
        return
    changed = store.assign(assessment_id, username, theme_code=theme_code, item_code=item_code)
    echo(f"{what} {'is nu' if changed else 'was al'} toegewezen aan {one_line(username)}.")


@click.command("assignments")
@assessment_id_argument
@db_option
@json_option
@pass_app
def assessment_assignments(app: CliApp, assessment_id: int, as_json: bool) -> None:
    """Toon wie welke thema's en maatregelen van een beoordeling heeft."""
    found = app.store().assignments(assessment_id)
    if as_json:
        output_json([{"username": a.username, "theme": a.theme_code, "item": a.item_code,
                      "assigned_at": a.assigned_at, "assigned_by": a.assigned_by} for a in found])
        return
    if not found:
        echo("Nog niets toegewezen.")
    for a in found:
        target = f"thema {a.theme_code}" if a.theme_code else f"maatregel {a.item_code}"
        echo(f"{one_line(a.username):20} {one_line(target)}")
