"""One app process per browser session, started with the identity the server decided.

textual-serve's ``AppService`` starts its command through a shell with the server's environment.
``IdentifiedAppService`` starts it without a shell (an argument list) and puts the account name in
the child's environment (``SESSION_USER_VARIABLE``). Nothing the browser sends reaches the command
line or the environment: the websocket only carries keystrokes and the terminal size, after the
process is running. ``WEERBAAR_USER`` of the server's own environment is removed, so the child
cannot fall back to the server's operating-system user.

``WarmPool`` keeps app processes started ahead (``--warm``): they have imported the app and wait
for one line on their standard input, the account name and the terminal size, which the server
writes when it hands the process to a session — before it relays a single byte from the browser
(which reaches the process only inside the server's length-prefixed packets, after that line).
Starting Python and importing textual is then off the path to the first screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from asyncio.subprocess import Process
from importlib.metadata import version
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

from tui.server.config import SESSION_USER_VARIABLE

IDENTITY_FROM_STDIN = "--identity-from-stdin"


def app_arguments(db_path: Path, lang: str | None) -> list[str]:
    """The argument list of an app process."""
    arguments = [sys.executable, "-m", "tui.server.session_app", "--db", str(db_path)]
    if lang:
        arguments += ["--lang", lang]
    return arguments


def app_environment(width: int = 80, height: int = 24, username: str | None = None) -> dict[str, str]:
    """The environment of an app process: textual-serve's web driver, the size, the account (if known)."""
    environment = dict(os.environ)
    environment.pop("WEERBAAR_USER", None)
    environment.pop(SESSION_USER_VARIABLE, None)
    environment.update({
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
        "COLUMNS": str(width),
        "ROWS": str(height),
    })
    if username is not None:
        environment[SESSION_USER_VARIABLE] = username
    return environment


async def _spawn(arguments: list[str], environment: dict[str, str]) -> Process:
    return await asyncio.create_subprocess_exec(
        *arguments, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=environment, cwd=os.getcwd())


class WarmPool:
    """App processes started ahead, each waiting for the account name on its standard input."""

    def __init__(self, arguments: list[str], size: int):
        self.arguments = [*arguments, IDENTITY_FROM_STDIN]
        self.size = size
        self._ready: list[Process] = []
        self._filling: asyncio.Task[None] | None = None

    def fill(self) -> None:
        """Start processes until ``size`` are waiting (in the background)."""
        if self.size and (self._filling is None or self._filling.done()):
            self._filling = asyncio.create_task(self._fill())

    async def _fill(self) -> None:
        while len(self._ready) < self.size:
            self._ready.append(await _spawn(self.arguments, app_environment()))

    async def take(self, username: str, width: int, height: int) -> Process | None:
        """A waiting process, given ``username`` and the terminal size (one line: ``NAME WIDTH HEIGHT``);
        None when none is ready (the caller starts one)."""
        while self._ready:
            process = self._ready.pop(0)
            if process.returncode is not None or process.stdin is None:
                continue
            process.stdin.write(f"{username} {int(width)} {int(height)}\n".encode())
            await process.stdin.drain()
            self.fill()
            return process
        self.fill()
        return None

    async def close(self) -> None:
        if self._filling is not None:
            self._filling.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # a failed start leaves nothing to stop
                await self._filling
        for process in self._ready:
            if process.returncode is None:
                process.kill()
                await process.wait()
        self._ready.clear()


class IdentifiedAppService(AppService):
    """An ``AppService`` whose process runs as ``username`` (in the store's sense, not the OS's)."""

    def __init__(self, arguments: list[str], username: str, pool: WarmPool | None = None, **kwargs: Any) -> None:
        super().__init__(" ".join(arguments), **kwargs)
        self.arguments = arguments
        self.username = username
        self.pool = pool

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return app_environment(width, height, self.username)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = await self.pool.take(self.username, width, height) if self.pool is not None else None
        if process is None:
            process = await _spawn(self.arguments, self._build_environment(width=width, height=height))
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        return process
