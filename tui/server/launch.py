"""One app process per browser session, started with the identity the server decided.

textual-serve's ``AppService`` starts its command through a shell with the server's environment.
``IdentifiedAppService`` starts it without a shell (an argument list) and puts the account name in
the child's environment (``SESSION_USER_VARIABLE``). Nothing the browser sends reaches the command
line or the environment: the websocket only carries keystrokes and the terminal size, after the
process is running. ``WEERBAAR_USER`` of the server's own environment is removed, so the child
cannot fall back to the server's operating-system user.
"""

from __future__ import annotations

import asyncio
import os
import sys
from asyncio.subprocess import Process
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

from tui.server.config import SESSION_USER_VARIABLE


def app_arguments(db_path: Path, lang: str | None) -> list[str]:
    """The argument list of an app process."""
    arguments = [sys.executable, "-m", "tui.server.session_app", "--db", str(db_path)]
    if lang:
        arguments += ["--lang", lang]
    return arguments


class IdentifiedAppService(AppService):
    """An ``AppService`` whose process runs as ``username`` (in the store's sense, not the OS's)."""

    def __init__(self, arguments: list[str], username: str, **kwargs: Any) -> None:
        super().__init__(" ".join(arguments), **kwargs)
        self.arguments = arguments
        self.username = username

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment: dict[str, str] = super()._build_environment(width=width, height=height)
        environment.pop("WEERBAAR_USER", None)
        environment.pop(SESSION_USER_VARIABLE, None)
        environment[SESSION_USER_VARIABLE] = self.username
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.arguments,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            cwd=os.getcwd(),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process
