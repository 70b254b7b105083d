"""The settings of ``weerbaar serve`` and what follows from the public URL."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from norm.errors import InvalidInputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
DEFAULT_PROXY_HEADER = "X-Forwarded-User"
SESSION_USER_VARIABLE = "WEERBAAR_SESSION_USER"
"""The account name of a browser session, set by the server in the environment of its app process."""


def default_public_url(host: str, port: int) -> str:
    """``http://host:port`` (IPv6 in brackets), for a server reached directly."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def parse_public_url(url: str) -> tuple[str, str, str]:
    """(scheme, origin, path prefix) of a public URL such as ``https://weerbaar.example.nl/uwn/``.

    Raises:
        InvalidInputError: not an http(s) URL with a host, or with a query, fragment or user name.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(f"--public-url moet een http- of https-adres met een host zijn, niet '{url}'.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidInputError("--public-url mag geen ?, # of gebruikersnaam bevatten.")
    try:
        port = parts.port
    except ValueError:
        raise InvalidInputError(f"--public-url heeft een ongeldige poort: '{url}'.") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default_port = {"http": 80, "https": 443}[parts.scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"  # as a browser writes its Origin
    prefix = parts.path.rstrip("/")
    if prefix and not all(segment and segment.replace("-", "").replace("_", "").replace(".", "").isalnum()
                          for segment in prefix.lstrip("/").split("/")):
        raise InvalidInputError(f"Het pad van --public-url ('{parts.path}') mag alleen letters, cijfers en "
                                "- _ . bevatten.")
    return parts.scheme, f"{parts.scheme}://{netloc}", prefix


def parse_networks(values: tuple[str, ...] | list[str]) -> list[Network]:
    """The trusted proxy networks (``10.0.0.5`` or ``10.0.0.0/24``).

    Raises:
        InvalidInputError: a value that is no address or network.
    """
    networks: list[Network] = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise InvalidInputError(f"--trusted-proxy '{value}' is geen IP-adres of netwerk (CIDR).") from None
    return networks


@dataclass
class ServerConfig:
    """Everything the web application needs to know."""

    db_path: Path
    public_url: str
    lang: str | None = None
    trusted_proxies: list[Network] = field(default_factory=list)
    proxy_header: str = DEFAULT_PROXY_HEADER
    idle_minutes: float = 30.0
    max_sessions_per_user: int = 3
    max_sessions: int = 60
    warm: int = 0
    """App processes started ahead, waiting for an account (``WarmPool``)."""
    app_command: list[str] | None = None
    """The command of each app process (None: this Python's ``-m tui.server.session_app``)."""

    def __post_init__(self) -> None:
        self.scheme, self.origin, self.prefix = parse_public_url(self.public_url)

    @property
    def secure(self) -> bool:
        return self.scheme == "https"

    @property
    def websocket_origin(self) -> str:
        """The origin with ws: or wss: for the websocket."""
        return ("wss:" if self.secure else "ws:") + self.origin.split(":", 1)[1]

    @property
    def websocket_url(self) -> str:
        return self.websocket_origin + self.prefix + "/ws"

    def url(self, path: str) -> str:
        """A path on this server as the browser must ask for it (with the public prefix)."""
        return f"{self.prefix}{path}"

    def trusts(self, remote: str | None) -> bool:
        """Whether ``remote`` (the TCP peer) is a configured authenticating proxy."""
        if not remote or not self.trusted_proxies:
            return False
        try:
            address = ipaddress.ip_address(remote)
        except ValueError:
            return False
        return any(address in network for network in self.trusted_proxies)
