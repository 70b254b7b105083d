"""What every command of the ``weerbaar`` command line shares: the ``CliApp`` object with the database,
the one-line ``UserError``, the ``--db`` option, the group that turns domain errors into messages, and
the output helpers.

The command modules (``assessment``, ``catalogue``, ``exchange``, ``report``, ``serve``, ``setup``)
import this module and nothing else of the CLI; ``tui/cli/__init__.py`` assembles them into ``main``.
Heavy modules (the store, reports, openpyxl, textual) are imported inside the commands, so that
``weerbaar --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from norm.errors import WeerbaarError
from tui.cli import dutch
from tui.cli.words import cli_language as cli_language  # for the command modules
from tui.cli.words import say as say  # for the command modules
from tui.safe_text import terminal_safe

if TYPE_CHECKING:
    from norm.access import Principal
    from norm.store import Store

dutch.install()  # before any option is declared: click names some types when they are made

F = TypeVar("F", bound=Callable[..., Any])
APP_NAME = "weerbaar"
DB_NAME = "weerbaar.db"
SQLITE_HEADER = b"SQLite format 3\x00"


class UserError(click.ClickException):
    """A user error: one line on stderr, exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"weerbaar: {terminal_safe(self.format_message(), one_line=True)}", err=True)


def data_folder() -> Path:
    """The per-user data folder of the platform (``~/.local/share/weerbaar`` on Linux,
    ``~/Library/Application Support/weerbaar`` on macOS, ``%LOCALAPPDATA%\\weerbaar`` on Windows)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def legacy_db_path() -> Path:
    """Where earlier versions kept the database by default: click's per-user config folder."""
    return Path(click.get_app_dir(APP_NAME, roaming=False)) / DB_NAME


def default_db_path() -> Path:
    """WEERBAAR_DB, else ``weerbaar.db`` in the per-user data folder."""
    env = os.environ.get("WEERBAAR_DB")
    if env:
        return Path(env)
    return data_folder() / DB_NAME


def check_database_path(path: Path, *, default: bool) -> Path:
    """``path`` when it can be a weerbaar database; else a ``UserError`` that says why, changing nothing.

    The default location's folder is created (owner-only on POSIX) when it is missing; a folder that
    was named (``--db``, ``WEERBAAR_DB``) must exist. An existing file must be a SQLite database (or
    empty): it is only read, never opened for writing, when it is not.
    """
    folder = path.parent
    if default:
        legacy = legacy_db_path()
        if legacy != path and legacy.is_file() and not path.exists():
            raise UserError(f"de database staat nog op de oude plek {legacy}; verplaats die (met eventuele -wal- "
                            f"en -shm-bestanden) naar {path}, of gebruik --db {legacy}")
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
    if not folder.is_dir():
        raise UserError(f"de map {folder} bestaat niet; maak die eerst aan of kies met --db een bestand in een "
                        "bestaande map")
    if path.is_dir():
        raise UserError(f"{path} is een map, geen databasebestand; geef een bestand, bijvoorbeeld "
                        f"--db {path / DB_NAME}")
    if path.exists():
        try:
            with path.open("rb") as file:
                header = file.read(len(SQLITE_HEADER))
        except OSError as error:
            raise UserError(f"kan {path} niet lezen: {error.strerror or error}") from None
        if header and header != SQLITE_HEADER:
            raise UserError(f"{path} is geen weerbaar-database (geen SQLite-bestand); het bestand is niet "
                            "gewijzigd")
    return path


@dataclass
class CliApp:
    """What every command gets: where the database is and how to talk to the user."""

    db_path: Path | None = None
    lang: str = "nl"
    als: str | None = None
    """The identity asked for with ``--als`` (hosted databases; see ``identity``)."""
    beheer: bool = False
    """``--beheer``: the file's owner, with full access, in a database that has users with roles."""
    _store: Store | None = field(default=None, repr=False)

    @property
    def resolved_db(self) -> Path:
        """The database file asked for: --db, else WEERBAAR_DB, else the default location."""
        return self.db_path or default_db_path()

    def database(self) -> Path:
        """The database file, checked (``check_database_path``); raises ``UserError`` when it cannot be one."""
        default = self.db_path is None and not os.environ.get("WEERBAAR_DB")
        return check_database_path(self.resolved_db, default=default)

    def store(self) -> Store:
        """The opened, migrated store (opened once per command)."""
        if self._store is None:
            from norm.store import Store

            store = Store(self.database())
            user = self.identity(store)
            if user is not None:
                store.close()
                probe = Store(self.database())
                try:
                    principal = probe.principal_for(user)
                finally:
                    probe.close()
                store = Store(self.database(), principal=principal)
            self._store = store
        return self._store

    def principal(self) -> Principal | None:
        """The principal of ``identity`` (None: the local mode), for the terminal interface.

        Raises:
            UserError: as ``identity``.
        """
        store = self.store()
        return store.principal

    def identity(self, store: Store) -> str | None:
        """Whom the command acts as: None in the local mode, else the user of ``--als`` / WEERBAAR_USER.

        A database without roles (``Store.has_grants``) is the local single-user mode: the command has
        full access and WEERBAAR_USER only names the actor in the change log. Once users have roles
        (a hosted database), a command needs ``--als USER`` (or WEERBAAR_USER) and gets that user's
        roles, or ``--beheer``: whoever can write the database file is its administrator anyway.

        Raises:
            UserError: a hosted database without an identity, or ``--als`` on a database without roles.
        """
        hosted = store.has_grants()
        if self.beheer:
            return None
        if not hosted:
            if self.als:
                raise UserError("deze database heeft geen gebruikers met rollen; laat --als weg")
            return None
        user = self.als or os.environ.get("WEERBAAR_USER")
        if not user:
            raise UserError("deze database heeft gebruikers met rollen: geef --als GEBRUIKER (of WEERBAAR_USER), "
                            "of --beheer als beheerder van het databasebestand")
        return user

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(CliApp, ensure=True)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(CliApp).db_path = value


DB_HELP = "Databasebestand (standaard: WEERBAAR_DB, anders weerbaar.db in de gegevensmap van de gebruiker)."


def db_option(function: F) -> F:
    """``--db PATH`` on a subcommand (the same as the global option)."""
    return click.option(
        "--db",
        "db",
        type=click.Path(path_type=Path),
        metavar="BESTAND",
        expose_value=False,
        callback=_set_db,
        is_eager=True,
        help=DB_HELP,
    )(function)


def json_option(function: F) -> F:
    """``--json``: the stable, documented JSON output instead of text (docs/cli.md)."""
    return click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")(function)


def assessment_id_argument(function: F) -> F:
    """The ``ID`` of an assessment: a positive number."""
    return click.argument("assessment_id", type=click.IntRange(min=1), metavar="ID")(function)


def echo(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Write a line for the user; control characters in it are shown, not obeyed (``tui.safe_text``).

    Every text the commands write goes through here (or ``output_json``), so user text from the
    database, a checklist file or a bundle never reaches the terminal raw.
    """
    click.echo(terminal_safe(text), err=err, nl=nl)


def one_line(value: object) -> str:
    """A value for a table row or a one-line message: a newline in it cannot break the line."""
    return terminal_safe("" if value is None else value, one_line=True)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 as it is (``ensure_ascii=False``).

    json.dumps escapes the C0 controls (``\\u001b``); DEL, the C1 controls and the bidi controls it
    writes raw, so those are escaped here as well. Both are the same JSON string: a reader gets the
    text exactly as stored, a terminal gets nothing to obey.
    """
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def output_json(data: Any) -> None:
    """Write ``json_text(data)`` to stdout."""
    click.echo(json_text(data))


class WeerbaarGroup(click.Group):
    """Turns domain errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WeerbaarError as error:
            raise UserError(str(error)) from None
        except BrokenPipeError:
            # The reader went away (`weerbaar … | head`): stop quietly, as other command-line tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except (OSError, UnicodeError) as error:
            raise UserError(f"kan bestand niet gebruiken: {error}") from None
        finally:
            obj = ctx.find_object(CliApp)
            if obj is not None:
                obj.close()
