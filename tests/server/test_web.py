"""The web application of `weerbaar serve`, in process: login, cookies, headers, the origin check,
trusted proxies, the identity each app process gets, the session limit, logout and the idle timeout.

The app processes here are a small stand-in (``FAKE_APP``) that reports the identity it was started
with; the real TUI in a real browser is in tests/browser."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from norm.store import Store
from tui.server.config import ServerConfig, parse_networks
from tui.server.web import COOKIE, make_app

PASSWORD = "correct paard batterij"
FAKE_APP = r"""
import os, sys
out = sys.stdout.buffer
who = os.environ.get("WEERBAAR_SESSION_USER", "-")
if "--identity-from-stdin" in sys.argv:
    line = b""
    while not line.endswith(b"\n"):
        line += os.read(0, 1)
    who = "stdin:" + line.decode().strip().split(" ")[0]
out.write(b"__GANGLION__\n")
text = "|".join([who, os.environ.get("WEERBAAR_USER", "-"), " ".join(sys.argv[1:])]).encode()
out.write(b"D" + len(text).to_bytes(4, "big") + text)
out.flush()
stdin = sys.stdin.buffer
while True:
    head = stdin.read(5)
    if len(head) < 5:
        break
    payload = stdin.read(int.from_bytes(head[1:], "big"))
    if head[:1] == b"M" and b"quit" in payload:
        break
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    with Store(path) as store:
        store.add_account("anna", "Anna de Vries", password=PASSWORD)
        store.add_account("piet", "Piet Proxy", password=None)
    return path


Factory = Callable[..., Any]


@pytest.fixture
async def serve(db: Path, tmp_path: Path) -> AsyncIterator[Factory]:
    clients: list[TestClient[Any, Any]] = []
    stores: list[Store] = []

    async def start(**settings: Any) -> tuple[TestClient[Any, Any], ServerConfig, Store]:
        port = free_port()
        script = tmp_path / "fake_app.py"
        script.write_text(FAKE_APP)
        settings.setdefault("public_url", f"http://127.0.0.1:{port}")
        settings.setdefault("app_command", [sys.executable, str(script), "--db", str(db)])
        config = ServerConfig(db_path=db, **settings)
        store = Store(db)
        client: TestClient[Any, Any] = TestClient(TestServer(make_app(config, store), host="127.0.0.1", port=port))
        await client.start_server()
        clients.append(client)
        stores.append(store)
        return client, config, store

    yield start
    for client in clients:
        await client.close()
    for store in stores:
        store.close()


async def log_in(client: TestClient[Any, Any], config: ServerConfig, username: str = "anna",
                 password: str = PASSWORD) -> aiohttp.ClientResponse:
    return await client.post("/login", data={"username": username, "password": password},
                             headers={"Origin": config.origin}, allow_redirects=False)


async def first_output(socket: aiohttp.ClientWebSocketResponse) -> str:
    message = await asyncio.wait_for(socket.receive(), 20)
    assert message.type == aiohttp.WSMsgType.BINARY, message
    return bytes(message.data).decode()


async def test_pages_carry_the_security_headers_and_ask_for_a_login(serve: Factory) -> None:
    client, _config, _ = await serve()
    response = await client.get("/", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/login"
    for path in ("/", "/login", "/assets/weerbaar.css", "/static/js/textual.js", "/nergens"):
        response = await client.get(path, allow_redirects=False)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain http: HSTS would be ignored
    page = await (await client.get("/login")).text()
    assert "<script" not in page and "onclick" not in page.lower()


async def test_a_wrong_password_gives_no_session(serve: Factory) -> None:
    client, config, store = await serve()
    response = await log_in(client, config, password="geraden wachtwoord")
    assert response.status == 401
    assert COOKIE not in response.cookies
    assert "Aanmelden mislukt" in await response.text()
    assert (await client.get("/", allow_redirects=False)).status == 303
    assert store.login_log("anna")[0].event == "mislukt"


async def test_a_login_gives_a_strict_httponly_cookie_and_the_app_page(serve: Factory) -> None:
    client, config, store = await serve()
    response = await log_in(client, config)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # http public URL: a Secure cookie would never come back
    token = response.cookies[COOKIE].value
    page = await (await client.get("/")).text()
    assert "Anna de Vries" in page and token not in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws"' in page
    assert store.login_log("anna")[0].event == "aangemeld"


@pytest.mark.parametrize("origin", ["http://evil.example", "null", None])
async def test_a_login_from_another_origin_is_refused(serve: Factory, origin: str | None) -> None:
    client, _config, store = await serve()
    headers = {"Origin": origin} if origin else {}
    response = await client.post("/login", data={"username": "anna", "password": PASSWORD}, headers=headers,
                                 allow_redirects=False)
    assert response.status == 403 and COOKIE not in response.cookies
    assert store.login_log("anna") == []


async def test_the_identity_is_set_by_the_server_and_cannot_be_forged(serve: Factory, monkeypatch: Any) -> None:
    monkeypatch.setenv("WEERBAAR_USER", "server-os-user")
    monkeypatch.setenv("WEERBAAR_SESSION_USER", "geerfd")
    client, config, _ = await serve()
    await log_in(client, config)
    socket = await client.ws_connect("/ws?width=80&height=24&user=mallory&WEERBAAR_SESSION_USER=mallory",
                                     headers={"Origin": config.origin, "X-Forwarded-User": "mallory"})
    who, fallback, arguments = (await first_output(socket)).split("|")
    assert (who, fallback) == ("anna", "-")
    assert "mallory" not in arguments
    await socket.close()


async def test_the_websocket_needs_a_session_and_the_public_origin(serve: Factory) -> None:
    client, config, _ = await serve()
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect("/ws", headers={"Origin": config.origin})
    assert caught.value.status == 401
    await log_in(client, config)
    for origin in ("http://evil.example", f"http://localhost:{client.port}"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await client.ws_connect("/ws", headers={"Origin": origin})
        assert caught.value.status == 403


async def test_a_proxy_header_counts_only_from_a_trusted_proxy(serve: Factory) -> None:
    client, _config, store = await serve(trusted_proxies=parse_networks(["10.0.0.0/8"]))
    response = await client.get("/", headers={"X-Forwarded-User": "anna"}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/login"
    assert store.login_log() == []


async def test_a_trusted_proxy_logs_a_known_account_in(serve: Factory) -> None:
    client, config, store = await serve(trusted_proxies=parse_networks(["127.0.0.1"]),
                                        proxy_header="X-Auth-Request-User")
    response = await client.get("/", headers={"X-Auth-Request-User": "Piet", "X-Forwarded-For": "192.0.2.9"})
    assert response.status == 200 and "Piet Proxy" in await response.text()
    entry = store.login_log("piet")[0]
    assert (entry.event, entry.remote) == ("aangemeld", "192.0.2.9 via 127.0.0.1")
    socket = await client.ws_connect("/ws", headers={"Origin": config.origin, "X-Auth-Request-User": "piet"})
    assert (await first_output(socket)).split("|")[0] == "piet"
    await socket.close()
    # The proxy's session cookie is worth nothing without the proxy's header.
    response = await client.get("/", allow_redirects=False)
    assert response.status == 303
    # An account the server does not know is not let in, whatever the proxy says.
    response = await client.get("/", headers={"X-Auth-Request-User": "onbekend"}, allow_redirects=False)
    assert response.status == 303
    assert store.login_log("onbekend")[0].event == "geweigerd"


async def test_sessions_per_user_are_limited(serve: Factory) -> None:
    client, config, store = await serve(max_sessions_per_user=1)
    await log_in(client, config)
    first = await client.ws_connect("/ws", headers={"Origin": config.origin})
    await first_output(first)
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect("/ws", headers={"Origin": config.origin})
    assert caught.value.status == 403
    assert store.login_log("anna")[0].event == "geweigerd"
    await first.close()


async def test_logout_needs_the_form_token_and_ends_the_session(serve: Factory) -> None:
    client, config, store = await serve()
    await log_in(client, config)
    page = await (await client.get("/")).text()
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    socket = await client.ws_connect("/ws", headers={"Origin": config.origin})
    await first_output(socket)
    # Without the token (or from another origin) nothing happens.
    await client.post("/logout", data={"csrf": "fout"}, headers={"Origin": config.origin}, allow_redirects=False)
    assert (await client.get("/", allow_redirects=False)).status == 200
    response = await client.post("/logout", data={"csrf": csrf}, headers={"Origin": "http://evil.example"},
                                 allow_redirects=False)
    assert response.status == 403
    response = await client.post("/logout", data={"csrf": csrf}, headers={"Origin": config.origin},
                                 allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/login"
    assert (await asyncio.wait_for(socket.receive(), 10)).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert (await client.get("/", allow_redirects=False)).status == 303
    assert store.login_log("anna")[0].event == "afgemeld"


async def test_an_idle_session_ends(serve: Factory) -> None:
    client, config, store = await serve(idle_minutes=0.02)
    await log_in(client, config)
    socket = await client.ws_connect("/ws", headers={"Origin": config.origin})
    await first_output(socket)
    message = await asyncio.wait_for(socket.receive(), 10)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert (await client.get("/", allow_redirects=False)).status == 303
    assert "verlopen" in [entry.event for entry in store.login_log("anna")]


async def test_a_disabled_account_is_thrown_out(serve: Factory) -> None:
    client, config, store = await serve(idle_minutes=0.5)
    await log_in(client, config)
    socket = await client.ws_connect("/ws", headers={"Origin": config.origin})
    await first_output(socket)
    store.set_account_disabled("anna")
    message = await asyncio.wait_for(socket.receive(), 30)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/ws", headers={"Origin": config.origin})


async def test_processes_started_ahead_get_the_account_from_the_server(serve: Factory) -> None:
    client, config, _ = await serve(warm=1, trusted_proxies=parse_networks(["127.0.0.1"]))
    await asyncio.sleep(0.5)  # the pool starts its process
    await log_in(client, config)
    first = await client.ws_connect("/ws?user=mallory", headers={"Origin": config.origin})
    who, fallback, arguments = (await first_output(first)).split("|")
    assert (who, fallback) == ("stdin:anna", "-") and "--identity-from-stdin" in arguments
    # The pool refills; a second session (another account, through the proxy) gets its own name.
    await asyncio.sleep(0.5)
    other = await client.ws_connect("/ws", headers={"Origin": config.origin, "X-Forwarded-User": "piet"})
    assert (await first_output(other)).split("|")[0] == "stdin:piet"
    await first.close()
    await other.close()
