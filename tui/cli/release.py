"""``weerbaar release``: close a collection round (freeze what counts) and list the releases."""

from __future__ import annotations

import click

from norm.aggregate import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR
from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app


@click.group()
def release() -> None:
    """Releases: sluit een inzamelronde en leg vast welke beoordelingen meetellen."""


@release.command("new")
@click.option("--checklist", "checklist_id", required=True, help="Checklist-id.")
@click.option("--period", required=True, help="Periode, bijvoorbeeld 2026.")
@click.option("--min-group", "min_group", type=int, default=DEFAULT_MIN_GROUP, show_default=True,
              help=f"Kleinste groep waarover een cijfer wordt getoond (minstens {MIN_GROUP_FLOOR}).")
@db_option
@pass_app
def release_new(app: CliApp, checklist_id: str, period: str, min_group: int) -> None:
    """Sluit de inzamelronde: leg vast welke beoordelingen meetellen (nieuwe release)."""
    from norm.disclosure.release import new_release

    if min_group < MIN_GROUP_FLOOR:
        raise UserError(f"--min-group moet minstens {MIN_GROUP_FLOOR} zijn: een cijfer over één of twee "
                        "organisaties is tot die organisaties te herleiden")
    made = new_release(app.store(), checklist_id, period, min_group=min_group)
    count = "1 organisatie" if made.members == 1 else f"{made.members} organisaties"
    echo(f"Release {made.id} vastgelegd: {one_line(checklist_id)}, periode {one_line(period)}, {count}, "
         f"k = {made.min_group}.")


@release.command("list")
@click.option("--checklist", "checklist_id", default=None, help="Alleen deze checklist.")
@click.option("--period", default=None, help="Alleen deze periode.")
@db_option
@json_option
@pass_app
def release_list(app: CliApp, checklist_id: str | None, period: str | None, as_json: bool) -> None:
    """Alle releases, oudste eerst."""
    rows = [{"id": r.id, "checklist": r.checklist_id, "period": r.period, "organisations": r.members,
             "min_group": r.min_group, "created_at": r.created_at, "created_by": r.created_by}
            for r in app.store().releases(checklist_id, period)]
    if as_json:
        output_json(rows)
        return
    if not rows:
        echo("Nog geen releases. Sluit een inzamelronde met 'weerbaar release new --checklist ID --period P'.")
        return
    for row in rows:
        count = "1 organisatie" if row["organisations"] == 1 else f"{row['organisations']} organisaties"
        echo(f"{row['id']:>4}  {one_line(row['checklist']):<30} {one_line(row['period']):<8} {count:<18} "
             f"k = {row['min_group']}  {one_line(row['created_at'])}")
