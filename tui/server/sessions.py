"""Logged-in browser sessions, held in the server's memory (a restart logs everyone out).

A session is found by a random token in an HttpOnly cookie; the token never appears in a URL. It
ends at logout, after ``idle`` seconds without keyboard or mouse input, or when its account is
disabled. Each live app process (websocket) of a session is registered here, so ending the session
closes them and the number per user can be limited.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Closer = Callable[[], Awaitable[object]]


@dataclass
class Session:
    """One login: who, since when, the last activity and the open app processes."""

    token: str
    username: str
    display_name: str
    via_proxy: bool
    remote: str
    last_seen: float = field(default_factory=time.monotonic)
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    sockets: dict[int, Closer] = field(default_factory=dict)

    def touch(self) -> None:
        self.last_seen = time.monotonic()


class SessionRegistry:
    """The sessions of one server."""

    def __init__(self, idle_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}

    def create(self, username: str, display_name: str, *, via_proxy: bool, remote: str) -> Session:
        """A new session with a fresh token (never one the browser brought along)."""
        session = Session(secrets.token_urlsafe(32), username, display_name, via_proxy, remote,
                          last_seen=self.clock())
        self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        """The live session of ``token``, or None (unknown or idle for too long)."""
        if not token:
            return None
        session = self._sessions.get(token)
        if session is None or self.expired(session):
            return None
        return session

    def expired(self, session: Session) -> bool:
        return self.clock() - session.last_seen > self.idle_seconds

    def remove(self, session: Session) -> None:
        self._sessions.pop(session.token, None)

    def all(self) -> list[Session]:
        return list(self._sessions.values())

    def sockets_of(self, username: str) -> int:
        """How many app processes ``username`` has open, over all their sessions."""
        return sum(len(s.sockets) for s in self._sessions.values() if s.username == username)

    def sockets_total(self) -> int:
        return sum(len(s.sockets) for s in self._sessions.values())
