"""``weerbaar init`` (create or migrate the database, load the built-in content) and ``weerbaar demo``."""

from __future__ import annotations

import click

from tui.cli.base import CliApp, db_option, echo, pass_app, say


@click.command()
@db_option
@pass_app
def init(app: CliApp) -> None:
    """Maak of migreer de database en laad de ingebouwde checklists, koppelingen en organisaties."""
    from checklists import install_builtins

    store = app.store()
    report = install_builtins(store)
    echo(say("cli.init.database", path=store.path))
    for name in report.checklists_added:
        echo(say("cli.init.checklist_added", name=name))
    for name in report.checklists_known:
        echo(say("cli.init.checklist_known", name=name))
    for name in report.mappings_added:
        echo(say("cli.init.mapping_added", name=name))
    for name in report.mappings_known:
        echo(say("cli.init.mapping_known", name=name))
    echo(say("cli.init.organisations", total=report.organisations_total, changed=report.organisations_changed))


@click.command()
@db_option
@click.option("--seed", type=int, default=None, help="Startgetal voor het toeval (zelfde getal, zelfde data).")
@click.option("--replace", is_flag=True, help="Vervang bestaande demogegevens.")
@pass_app
def demo(app: CliApp, seed: int | None, replace: bool) -> None:
    """Maak fictieve, duidelijk gemarkeerde demogegevens voor de referentieorganisaties."""
    from norm.demo import DEFAULT_SEED, install_demo

    result = install_demo(app.store(), DEFAULT_SEED if seed is None else seed, replace=replace)
    if not result.created:
        echo(f"Demogegevens met seed {result.seed} staan er al; niets gewijzigd.")
        return
    replaced = f" ({result.replaced} oude demobeoordelingen vervangen)" if result.replaced else ""
    echo(
        f"DEMODATA — fictief: {result.assessments} beoordelingen ({result.definitive} definitief) voor "
        f"{result.organisations} organisaties, checklists {', '.join(result.checklists)}, perioden "
        f"{', '.join(result.periods)}; seed {result.seed}{replaced}."
    )
    echo(f"Probeer: weerbaar report province --checklist {result.checklists[0]} -o provincie.html")
