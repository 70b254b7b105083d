"""The ``weerbaar`` command line: a scriptable interface beside the TUI.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback), 2 on wrong usage.

``main`` is assembled here from one module per command group; the shared plumbing is in
``tui.cli.base``. Without a subcommand, ``main`` opens the terminal interface (``tui.app``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from norm.access import Principal
from tui.cli.access import assessment_assign, assessment_assignments, role
from tui.cli.assessment import assessment
from tui.cli.base import DB_HELP, CliApp, WeerbaarGroup
from tui.cli.catalogue import checklist, org
from tui.cli.dutch import dutch_metavars
from tui.cli.exchange import collect, export, import_command
from tui.cli.report import report
from tui.cli.serve import serve
from tui.cli.setup import demo, init
from tui.cli.user import backup, user


@click.group(name="weerbaar", cls=WeerbaarGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(path_type=Path), metavar="BESTAND", default=None, help=DB_HELP)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Taal van de terminalinterface (nl of en).")
@click.option("--als", "als", metavar="GEBRUIKER", default=None,
              help="Handel als deze gebruiker, met diens rollen (database met gebruikers; ook WEERBAAR_USER).")
@click.option("--beheer", is_flag=True, default=False,
              help="Volledige toegang als beheerder van het databasebestand (database met gebruikers).")
@click.version_option(package_name="weerbaar", prog_name="weerbaar")
@click.pass_context
def main(ctx: click.Context, db: Path | None, lang: str | None, als: str | None, beheer: bool) -> None:
    """weerbaar — zelfevaluatie voor de Utrechtse Weerbaarheidsnorm.

    Zonder opdracht opent de terminalinterface.
    """
    app = ctx.ensure_object(CliApp)
    if db is not None:
        app.db_path = db
    app.als, app.beheer = als, beheer
    app.lang = lang or os.environ.get("WEERBAAR_LANG", "nl")
    if ctx.invoked_subcommand is None:
        launch = _tui_launcher()
        if launch is None:
            click.echo(ctx.get_help())
            return
        principal = app.principal()
        app.close()
        launch(app.database(), lang, principal)


def _tui_launcher() -> Callable[[Path, str | None, Principal | None], None] | None:
    try:
        from tui.app import run_tui
    except ImportError:
        return None
    return run_tui


for command in (init, demo, checklist, org, assessment, export, import_command, collect, report, serve, role, user,
                backup):
    main.add_command(command)
assessment.add_command(assessment_assign)
assessment.add_command(assessment_assignments)
dutch_metavars(main)

__all__ = ["main"]
