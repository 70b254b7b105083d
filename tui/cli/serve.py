"""``weerbaar serve``: the same terminal interface in a browser, through textual-serve."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import click

from tui.cli.base import CliApp, db_option, echo, pass_app

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
TEMPLATES = Path(__file__).parents[1] / "serve_templates"


def tui_command_line(db_path: Path, lang: str | None) -> str:
    """The shell command that starts this TUI on a database, quoted for the platform's shell."""
    arguments = [sys.executable, "-m", "tui", "--db", str(db_path)]
    if lang:
        arguments += ["--lang", lang]
    return subprocess.list2cmdline(arguments) if os.name == "nt" else shlex.join(arguments)


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Poort.")
@pass_app
def serve(app: CliApp, host: str, port: int) -> None:
    """Open dezelfde terminalinterface in een browser (textual-serve)."""
    from textual_serve.server import Server

    database = app.database()  # checked before the server starts, not in every browser session
    if host not in LOOPBACK_HOSTS:
        # textual-serve has no login: anyone who reaches the port sees the assessments.
        echo(
            f"Let op: {host} is bereikbaar voor anderen en er is geen inlog. "
            "Gebruik dit alleen op een vertrouwd netwerk.",
            err=True,
        )
    echo(f"Open http://{host}:{port} in uw browser; stop met Ctrl+C.")
    Server(tui_command_line(database, app.lang), host=host, port=port, title="weerbaar",
           templates_path=str(TEMPLATES)).serve()
