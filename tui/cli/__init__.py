"""The ``weerbaar`` command line: a scriptable interface beside the TUI.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback), 2 on wrong usage.

``main`` is assembled here from one module per command group; the shared plumbing is in
``tui.cli.base``. Without a subcommand, ``main`` opens the terminal interface (``tui.app``).

Adding a command (group): one entry in ``COMMANDS`` below —

    "keys": ("tui.cli.keys", "keys", "Sleutels maken, tonen en intrekken."),

name, the module that defines it, the attribute in that module, and the one-line help that
``weerbaar --help`` lists (the first sentence of the command's docstring; a test checks that they
are equal). Modules load lazily: ``weerbaar --help`` imports none of them; ``weerbaar keys ...``
imports only ``tui.cli.keys`` (and what it imports). Keep heavy imports (the store, reports,
openpyxl, textual) inside the command functions as well, so a command's own ``--help`` stays fast.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from norm.access import Principal
from tui.cli import words
from tui.cli.base import DB_HELP, CliApp, WeerbaarGroup
from tui.cli.dutch import dutch_metavars, gettext

# name -> (module, attribute, one-line help as `weerbaar --help` lists it). Sorted by name when shown.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "assessment": ("tui.cli.assessment", "assessment", "Beoordelingen aanmaken, invullen en afronden."),
    "benchmark": ("tui.cli.benchmark", "benchmark",
                  "Benchmark: de gepubliceerde cijfers van de provincie naar de deelnemers, ondertekend."),
    "checklist": ("tui.cli.catalogue", "checklist", "Checklists en koppelingen bekijken, controleren en laden."),
    "collect": ("tui.cli.exchange", "collect",
                "Inzamelronde: wie heeft voor een checklist en periode ingediend, en wie ontbreekt."),
    "demo": ("tui.cli.setup", "demo",
             "Maak fictieve, duidelijk gemarkeerde demogegevens voor de referentieorganisaties."),
    "export": ("tui.cli.exchange", "export",
               "Exporteer een beoordeling als ondertekende inzending (json) of als antwoordblad (xlsx)."),
    "import": ("tui.cli.exchange", "import_command",
               "Lees inzendingen in (bestanden of mappen met .json), of een antwoordblad met --assessment."),
    "init": ("tui.cli.setup", "init",
             "Maak of migreer de database en laad de ingebouwde checklists, koppelingen en organisaties."),
    "keys": ("tui.cli.keys", "keys",
             "Sleutels: de eigen ondertekeningssleutel en het register van vertrouwde sleutels."),
    "org": ("tui.cli.catalogue", "org", "Organisaties bekijken."),
    "release": ("tui.cli.release", "release",
                "Releases: sluit een inzamelronde en leg vast welke beoordelingen meetellen."),
    "report": ("tui.cli.report", "report",
               "Rapporten: eigen organisatie, vergelijking, provinciebreed beeld, tekortenanalyse."),
    "role": ("tui.cli.access", "role",
             "Rollen van gebruikers in een gedeelde database (invuller, vaststeller, lezer, provincie, riec)."),
    "serve": ("tui.cli.serve", "serve",
              "Open dezelfde terminalinterface in een browser, met aanmelden (zie docs/deployment.md)."),
    "user": ("tui.cli.user", "user", "Accounts voor de browserversie (weerbaar serve) en het aanmeldlogboek."),
    "backup": ("tui.cli.user", "backup", "Maak een reservekopie van de database, ook terwijl weerbaar serve draait."),
}


class LazyGroup(WeerbaarGroup):
    """A group whose subcommands are imported when they are used, from a registry of ``lazy`` commands."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Choose the language of the messages first (``--lang``, else WEERBAAR_LANG, else Dutch), so that
        --help and click's usage errors of this very invocation follow it, and none of an earlier one."""
        words.set_language(_language_in(args) or os.environ.get("WEERBAAR_LANG"))
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self.commands.get(cmd_name)
        if found is not None or cmd_name not in self.lazy:
            return found
        module_name, attribute, _ = self.lazy[cmd_name]
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module_name}.{attribute} is no click command")
        dutch_metavars(command)
        self.commands[cmd_name] = command
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            # click suggests from the loaded commands only; suggest from every registered name.
            raise click.exceptions.NoSuchCommand(error.command_name, possibilities=self.list_commands(ctx),
                                                 ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, with the registry's help lines: nothing is imported to show it."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                command = click.Command(name, help=self.lazy[name][2])
            if not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


def _language_in(args: list[str]) -> str | None:
    """The value of the top-level ``--lang`` in ``args`` (``--lang en`` or ``--lang=en``), if any."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


@click.group(name="weerbaar", cls=LazyGroup, lazy=COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(path_type=Path), metavar="BESTAND", default=None, help=DB_HELP)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Taal van de terminalinterface, de rapporten en de meldingen (nl of en).")
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
    app.lang = words.set_language(lang or os.environ.get("WEERBAAR_LANG", "nl"))
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


dutch_metavars(main)

__all__ = ["COMMANDS", "LazyGroup", "main"]
