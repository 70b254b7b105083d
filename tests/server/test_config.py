"""The public URL and the trusted proxies of `weerbaar serve`: good input and bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from norm.errors import InvalidInputError
from tui.server.config import ServerConfig, default_public_url, parse_networks, parse_public_url


@pytest.mark.parametrize(("url", "expected"), [
    ("https://weerbaar.example.nl/", ("https", "https://weerbaar.example.nl", "")),
    ("https://weerbaar.example.nl:443/uwn/", ("https", "https://weerbaar.example.nl", "/uwn")),
    ("http://127.0.0.1:8000", ("http", "http://127.0.0.1:8000", "")),
    ("http://[::1]:80/a/b-c", ("http", "http://[::1]", "/a/b-c")),
    ("HTTPS://Weerbaar.Example.NL", ("https", "https://weerbaar.example.nl", "")),
])
def test_public_urls_give_the_origin_a_browser_sends(url: str, expected: tuple[str, str, str]) -> None:
    assert parse_public_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.nl/", "example.nl", "https://", "https://x.nl/?a=1",
                                 "https://x.nl/#top", "https://user:pw@x.nl/", "https://x.nl/a b/",
                                 "https://x.nl/<script>/", "https://x.nl:99999/", "javascript:alert(1)"])
def test_bad_public_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_public_url(url)


def test_websocket_url_and_cookie_flags_follow_the_public_url(tmp_path: Path) -> None:
    secure = ServerConfig(db_path=tmp_path / "d.db", public_url="https://weerbaar.example.nl/uwn/")
    assert secure.websocket_url == "wss://weerbaar.example.nl/uwn/ws" and secure.secure
    plain = ServerConfig(db_path=tmp_path / "d.db", public_url=default_public_url("::1", 8000))
    assert plain.websocket_url == "ws://[::1]:8000/ws" and not plain.secure


def test_only_configured_proxies_are_trusted(tmp_path: Path) -> None:
    config = ServerConfig(db_path=tmp_path / "d.db", public_url="https://x.nl/",
                          trusted_proxies=parse_networks(["10.0.0.0/24", "::1"]))
    assert config.trusts("10.0.0.7") and config.trusts("::1")
    for remote in ("10.0.1.7", "127.0.0.1", "", None, "not-an-address", "10.0.0.7, 1.2.3.4"):
        assert not config.trusts(remote)
    assert not ServerConfig(db_path=tmp_path / "d.db", public_url="https://x.nl/").trusts("127.0.0.1")


@pytest.mark.parametrize("value", ["10.0.0.0/33", "localhost", "", "10.0.0.1/8/8"])
def test_bad_proxy_networks_are_refused(value: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_networks([value])
