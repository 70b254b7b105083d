"""``weerbaar checklist`` (list, show, validate) and ``weerbaar org list``: what the database knows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from norm.vocabulary import ORGANISATION_TYPES
from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app

if TYPE_CHECKING:
    from norm.checklist import Checklist


@click.group()
def checklist() -> None:
    """Checklists bekijken en controleren."""


@checklist.command("list")
@db_option
@json_option
@pass_app
def checklist_list(app: CliApp, as_json: bool) -> None:
    """Toon de checklists in de database."""
    store = app.store()
    rows = []
    for snapshot in store.snapshots():
        definition = store.checklist(snapshot.id)
        rows.append({
            "id": snapshot.checklist_id,
            "version": snapshot.version,
            "title": snapshot.title,
            "items": len(definition.items()),
            "themes": len(definition.themes),
            "content_hash": snapshot.content_hash,
            "snapshot_id": snapshot.id,
        })
    if as_json:
        output_json(rows)
        return
    if not rows:
        echo("Geen checklists. Voer eerst 'weerbaar init' uit.")
        return
    for row in rows:
        echo(f"{one_line(row['id']):<30} {one_line(row['version']):<10} {row['items']:>4} maatregelen  "
             f"{one_line(row['title'])}")


def _checklist_json(definition: Checklist) -> dict[str, Any]:
    data: dict[str, Any] = definition.model_dump(mode="json", exclude_none=True)
    data["content_hash"] = definition.content_hash
    data["item_count"] = len(definition.items())
    return data


@checklist.command("show")
@click.argument("checklist_id")
@db_option
@json_option
@pass_app
def checklist_show(app: CliApp, checklist_id: str, as_json: bool) -> None:
    """Toon een checklist: thema's en maatregelen (de nieuwste versie)."""
    store = app.store()
    snapshot = store.require_latest_snapshot(checklist_id)
    definition = store.checklist(snapshot.id)
    if as_json:
        output_json(_checklist_json(definition))
        return
    echo(f"{one_line(definition.title)} — versie {one_line(definition.version)} "
         f"({len(definition.items())} maatregelen)")
    echo("Schaal: " + ", ".join(f"{lvl.value} {one_line(lvl.label)}" for lvl in definition.scale))
    for theme in definition.themes:
        echo(f"\n{one_line(theme.code)}  {one_line(theme.title)}")
        for item in theme.items:
            marks = ("B" if item.basisnorm else " ")
            echo(f"  {one_line(item.code):<12} {marks} doel {item.target}  {one_line(item.title)}")
    echo("\nB = basisnorm")


@checklist.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def checklist_validate(files: tuple[Path, ...]) -> None:
    """Controleer checklistbestanden en meld alle problemen met hun plek."""
    from norm.checklist import ChecklistError, load_checklist_file

    failed = 0
    for path in files:
        try:
            definition = load_checklist_file(path)
        except ChecklistError as error:
            failed += 1
            for problem in error.problems:
                echo(one_line(problem), err=True)
            continue
        echo(f"{one_line(path)}: in orde ({one_line(definition.id)} {one_line(definition.version)}, "
             f"{len(definition.items())} maatregelen)")
    if failed:
        raise click.exceptions.Exit(1)


@click.group()
def org() -> None:
    """Organisaties bekijken."""


@org.command("list")
@db_option
@click.option("--type", "org_type", default=None, help="Alleen dit type (gemeente, provincie, …).")
@json_option
@pass_app
def org_list(app: CliApp, org_type: str | None, as_json: bool) -> None:
    """Toon de organisaties."""
    store = app.store()
    if org_type is not None and org_type not in ORGANISATION_TYPES:
        known = store.organisation_types()
        if org_type not in known:
            raise UserError(f"onbekend type '{one_line(org_type)}'; kies uit: {', '.join(known)}")
    organisations = store.organisations(org_type)
    if as_json:
        output_json([
            {"code": o.code, "name": o.name, "type": o.type, "attributes": o.attributes, "reference": o.reference}
            for o in organisations
        ])
        return
    if not organisations:
        echo("Geen organisaties. Voer eerst 'weerbaar init' uit.")
        return
    for o in organisations:
        extra = one_line(o.attributes.get("size_class") or "")
        district = one_line(o.attributes.get("police_district") or "")
        echo(f"{one_line(o.code):<12} {one_line(o.type):<16} {one_line(o.name):<42} {extra:<12} {district}")
