"""The app process of one browser session: ``python -m tui.server.session_app --db PATH [--lang L]``.

Started only by the server (``tui.server.launch``), which decides the account: in the environment
(``WEERBAAR_SESSION_USER``), or — for a process started ahead (``--identity-from-stdin``) — as the
first line on standard input (``NAME WIDTH HEIGHT``), written by the server before any byte from the
browser. The store is
opened as that account's principal (``norm.access``: its roles from the database), so the store
refuses what the roles do not allow and every change-log entry of this session carries the account
name. Without an account, or for an account that does not exist or is disabled, the process refuses
to start.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.server.config import SESSION_USER_VARIABLE

MAX_NAME_BYTES = 256


def read_identity(fd: int = 0) -> str:
    """The first line on ``fd``, read byte by byte so nothing after it is taken from the app's input."""
    line = b""
    while not line.endswith(b"\n") and len(line) <= MAX_NAME_BYTES:
        byte = os.read(fd, 1)
        if not byte:
            break
        line += byte
    return line.decode("utf-8", "replace").strip() if line.endswith(b"\n") else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="weerbaar-session")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--lang", choices=["nl", "en"], default=None)
    parser.add_argument("--identity-from-stdin", action="store_true")
    arguments = parser.parse_args(argv)
    # Imported before the account is known: a process started ahead has done this work already.
    from norm.errors import StoreError
    from norm.store import Store
    from norm.vocabulary import USERNAME_PATTERN
    from tui.app import WeerbaarApp

    if arguments.identity_from_stdin:
        username, *size = read_identity().split(" ")
        if len(size) == 2 and all(part.isdigit() and 10 <= int(part) <= 500 for part in size):
            os.environ["COLUMNS"], os.environ["ROWS"] = size  # read by the web driver when the app starts
    else:
        username = os.environ.get(SESSION_USER_VARIABLE, "")
    if not USERNAME_PATTERN.fullmatch(username):
        print("weerbaar: deze sessie heeft geen gebruiker; start haar via weerbaar serve", file=sys.stderr)  # noqa: T201
        return 1
    try:
        with Store(arguments.db, migrate=False) as lookup:
            account = lookup.account(username)
            if account.disabled:
                print("weerbaar: dit account is uitgeschakeld", file=sys.stderr)  # noqa: T201
                return 1
            principal = lookup.principal_for(username, account.display_name)
        store = Store(arguments.db, principal=principal, migrate=False)
    except (StoreError, OSError) as error:
        print(f"weerbaar: {error}", file=sys.stderr)  # noqa: T201
        return 1
    try:
        WeerbaarApp(arguments.db, arguments.lang, store=store).run()
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
