"""The app process of one browser session: ``python -m tui.server.session_app --db PATH [--lang L]``.

Started only by the server (``tui.server.launch``), which sets the account name in
``WEERBAAR_SESSION_USER``. The store is opened as that account's principal (``norm.access``: its
roles from the database), so the store refuses what the roles do not allow and every change-log
entry of this session carries the account name. Without the variable, or for an account that does
not exist, the process refuses to start.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.server.config import SESSION_USER_VARIABLE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="weerbaar-session")
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--lang", choices=["nl", "en"], default=None)
    arguments = parser.parse_args(argv)
    username = os.environ.get(SESSION_USER_VARIABLE, "")
    if not username:
        print("weerbaar: deze sessie heeft geen gebruiker; start haar via weerbaar serve", file=sys.stderr)  # noqa: T201
        return 1
    from norm.errors import StoreError
    from norm.store import Store
    from tui.app import WeerbaarApp

    try:
        with Store(arguments.db, migrate=False) as lookup:
            principal = lookup.principal_for(username, lookup.account(username).display_name)
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
