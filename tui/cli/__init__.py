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

from tui.cli.assessment import assessment
from tui.cli.base import DB_HELP, CliApp, WeerbaarGroup
from tui.cli.catalogue import checklist, org
from tui.cli.dutch import dutch_metavars
from tui.cli.exchange import collect, export, import_command
from tui.cli.release import release
from tui.cli.report import report
from tui.cli.serve import serve
from tui.cli.setup import demo, init


@click.group(name="weerbaar", cls=WeerbaarGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(path_type=Path), metavar="BESTAND", default=None, help=DB_HELP)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Taal van de terminalinterface (nl of en).")
@click.version_option(package_name="weerbaar", prog_name="weerbaar")
@click.pass_context
def main(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    """weerbaar — zelfevaluatie voor de Utrechtse Weerbaarheidsnorm.

    Zonder opdracht opent de terminalinterface.
    """
    app = ctx.ensure_object(CliApp)
    if db is not None:
        app.db_path = db
    app.lang = lang or os.environ.get("WEERBAAR_LANG", "nl")
    if ctx.invoked_subcommand is None:
        launch = _tui_launcher()
        if launch is None:
            click.echo(ctx.get_help())
            return
        launch(app.database(), lang)


def _tui_launcher() -> Callable[[Path, str | None], None] | None:
    try:
        from tui.app import run_tui
    except ImportError:
        return None
    return run_tui


for command in (init, demo, checklist, org, assessment, export, import_command, collect, release, report, serve):
    main.add_command(command)
dutch_metavars(main)

__all__ = ["main"]
