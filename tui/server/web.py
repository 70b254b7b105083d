"""The web application of ``weerbaar serve``: login, logout, the app page and its websocket.

Routes (under the public URL's path prefix): ``GET /login``, ``POST /login``, ``POST /logout``,
``GET /`` (the app page, after login), ``GET /ws`` (one app process per connection), ``/static``
(textual-serve's scripts) and ``/assets`` (this server's stylesheet and script).

Who is logged in is decided here and nowhere else:

- a password login (``Store.authenticate``: argon2id, TOTP, lock-out) gives a new session;
- the header of an authenticating proxy (``--proxy-header``, e.g. ``X-Forwarded-User``) counts only
  when the TCP peer is one of ``--trusted-proxy``; from anywhere else it is ignored.

Every response carries security headers (a strict CSP without inline script, no framing, no
referrer, nosniff, HSTS over https). State-changing requests and the websocket must come from the
public URL's origin. The session cookie is HttpOnly, SameSite=Strict and Secure over https.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import WSMsgType, web

from norm.accounts import AuthenticationError
from norm.errors import NotFoundError
from norm.store import Store
from tui.server.config import ServerConfig
from tui.server.launch import IdentifiedAppService, WarmPool, app_arguments
from tui.server.sessions import Session, SessionRegistry

log = logging.getLogger("weerbaar.serve")
COOKIE = "weerbaar_sessie"
HERE = Path(__file__).parent
MAX_FORM = 8 * 1024
REAP_SECONDS = 10.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONFIG_KEY = web.AppKey("config", ServerConfig)


class ServerState:
    """What the handlers share: the configuration, the sessions, the store of the server process."""

    def __init__(self, config: ServerConfig, store: Store):
        self.config = config
        self.store = store
        self.sessions = SessionRegistry(config.idle_minutes * 60)
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
        from textual_serve.download_manager import DownloadManager

        self.download_manager = DownloadManager()
        self.security_headers = security_headers(config)
        self.pool = WarmPool(config.app_command or app_arguments(config.db_path, config.lang), config.warm)

    def render(self, name: str, status: int = 200, **context: Any) -> web.Response:
        text = self.templates.get_template(name).render(prefix=self.config.prefix, **context)
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    def redirect(self, path: str) -> web.HTTPSeeOther:
        return web.HTTPSeeOther(self.config.url(path))


STATE_KEY = web.AppKey("state", ServerState)
REAPER_KEY = web.AppKey("reaper", asyncio.Task[None])
NEW_SESSION_KEY = web.RequestKey("new_session", Session)


def security_headers(config: ServerConfig) -> dict[str, str]:
    """The headers every response carries."""
    policy = "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # xterm.js sets element styles from script
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self' {config.websocket_origin}",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ])
    headers = {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",  # no-referrer would make Chromium send "Origin: null" on forms
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if config.secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def remote_of(request: web.Request) -> str:
    """The TCP peer, with the address the proxy reports when the peer is a trusted proxy (for the log)."""
    config = request.app[CONFIG_KEY]
    remote = request.remote or ""
    if config.trusts(remote):
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        if forwarded:
            return f"{forwarded[:60]} via {remote}"
    return remote


def same_origin(request: web.Request) -> bool:
    """Whether the request's Origin header is the public URL's origin (absent counts as foreign)."""
    return request.headers.get("Origin", "") == request.app[CONFIG_KEY].origin


@web.middleware
async def headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        error.headers.update(request.app[STATE_KEY].security_headers)
        raise
    if not response.prepared:
        response.headers.update(request.app[STATE_KEY].security_headers)
        if response.content_type == "text/html":
            response.headers["Cache-Control"] = "no-store"
    return response


async def current_session(request: web.Request) -> Session | None:
    """The session of this request: by a trusted proxy's header, else by the cookie."""
    state: ServerState = request.app[STATE_KEY]
    config = state.config
    session = state.sessions.get(request.cookies.get(COOKIE))
    proxied = request.headers.get(config.proxy_header, "").strip().lower() if config.trusts(request.remote) else ""
    if proxied:
        if session is not None and session.via_proxy and session.username == proxied:
            return session
        try:
            account = await asyncio.to_thread(state.store.proxy_login, proxied, remote=remote_of(request),
                                              via=request.remote or "")
        except AuthenticationError:
            return None
        if session is not None:
            await end_session(state, session)
        session = state.sessions.create(account.username, account.display_name, via_proxy=True,
                                        remote=remote_of(request))
        request[NEW_SESSION_KEY] = session
        return session
    if session is not None and session.via_proxy:
        return None  # a proxy session is only valid with the proxy's header on every request
    return session


def set_cookie(response: web.StreamResponse, config: ServerConfig, session: Session) -> None:
    response.set_cookie(COOKIE, session.token, path=config.prefix or "/", httponly=True, samesite="Strict",
                        secure=config.secure)


async def index(request: web.Request) -> web.StreamResponse:
    state: ServerState = request.app[STATE_KEY]
    session = await current_session(request)
    if session is None:
        raise state.redirect("/login")
    session.touch()
    response = state.render("app.html", username=session.username, display_name=session.display_name,
                            csrf=session.csrf, websocket_url=state.config.websocket_url)
    if NEW_SESSION_KEY in request:
        set_cookie(response, state.config, session)
    return response


async def login_page(request: web.Request) -> web.StreamResponse:
    state: ServerState = request.app[STATE_KEY]
    if await current_session(request) is not None:
        raise state.redirect("/")
    return state.render("login.html", message="", username="")


async def login(request: web.Request) -> web.StreamResponse:
    state: ServerState = request.app[STATE_KEY]
    if not same_origin(request):
        raise web.HTTPForbidden(text="Verzoek van een andere herkomst geweigerd.")
    form = await request.post()
    username = str(form.get("username", "")).strip().lower()[:64]
    password = str(form.get("password", ""))
    code = str(form.get("code", ""))
    try:
        account = await asyncio.to_thread(state.store.authenticate, username, password, code,
                                          remote=remote_of(request))
    except AuthenticationError as error:
        return state.render("login.html", status=401, message=str(error), username=username)
    old = state.sessions.get(request.cookies.get(COOKIE))
    if old is not None:
        await end_session(state, old)
    session = state.sessions.create(account.username, account.display_name, via_proxy=False,
                                    remote=remote_of(request))
    response = state.redirect("/")
    set_cookie(response, state.config, session)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    state: ServerState = request.app[STATE_KEY]
    if not same_origin(request):
        raise web.HTTPForbidden(text="Verzoek van een andere herkomst geweigerd.")
    form = await request.post()
    session = state.sessions.get(request.cookies.get(COOKIE))
    if session is not None and not secrets.compare_digest(str(form.get("csrf", "")), session.csrf):
        raise web.HTTPForbidden(text="Afmelden geweigerd: het formulier hoort niet bij deze sessie.")
    if session is not None:
        await end_session(state, session)
        await asyncio.to_thread(state.store.record_login_event, session.username, "afgemeld",
                                remote=remote_of(request))
    response = state.redirect("/login")
    response.del_cookie(COOKIE, path=state.config.prefix or "/")
    raise response


async def end_session(state: ServerState, session: Session) -> None:
    """Forget ``session`` and close its app processes."""
    state.sessions.remove(session)
    for close in list(session.sockets.values()):
        with contextlib.suppress(Exception):
            await close()


async def refuse(state: ServerState, session: Session, remote: str, detail: str) -> web.HTTPForbidden:
    await asyncio.to_thread(state.store.record_login_event, session.username, "geweigerd", remote=remote,
                            detail=detail)
    return web.HTTPForbidden(text=detail)


async def websocket(request: web.Request) -> web.StreamResponse:
    state: ServerState = request.app[STATE_KEY]
    config = state.config
    if not same_origin(request):
        raise web.HTTPForbidden(text="Websocket van een andere herkomst geweigerd.")
    session = await current_session(request)
    if session is None:
        raise web.HTTPUnauthorized(text="Niet aangemeld.")
    try:
        disabled = (await asyncio.to_thread(state.store.account, session.username)).disabled
    except NotFoundError:
        disabled = True
    if disabled:
        await end_session(state, session)
        raise await refuse(state, session, remote_of(request), "account uitgeschakeld")
    if state.sessions.sockets_of(session.username) >= config.max_sessions_per_user:
        raise await refuse(state, session, remote_of(request),
                           f"te veel sessies tegelijk (hoogstens {config.max_sessions_per_user})")
    if state.sessions.sockets_total() >= config.max_sessions:
        raise await refuse(state, session, remote_of(request), f"server vol ({config.max_sessions} sessies)")
    width = _size(request.query.get("width"), 80)
    height = _size(request.query.get("height"), 24)
    socket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
    await socket.prepare(request)
    arguments = config.app_command or app_arguments(config.db_path, config.lang)
    service = IdentifiedAppService(arguments, session.username, state.pool, write_bytes=socket.send_bytes,
                                   write_str=socket.send_str, close=socket.close,
                                   download_manager=state.download_manager)
    key = id(socket)
    session.sockets[key] = socket.close
    try:
        await service.start(width, height)
        await _relay(socket, service, session)
    except asyncio.CancelledError:
        await socket.close()
    except Exception as error:  # a broken app process must not take the server down
        log.exception(error)
    finally:
        session.sockets.pop(key, None)
        await service.stop()
    return socket


async def _relay(socket: web.WebSocketResponse, service: IdentifiedAppService, session: Session) -> None:
    """Pass the browser's keystrokes and size to the app process; only input counts as activity."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
            kind = envelope[0]
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(envelope[1], str):
            session.touch()
            await service.send_bytes(envelope[1].encode("utf-8"))
        elif kind == "resize" and isinstance(envelope[1], dict):
            await service.set_terminal_size(_size(envelope[1].get("width"), 80), _size(envelope[1].get("height"), 24))
        elif kind == "ping":
            await socket.send_json(["pong", envelope[1] if len(envelope) > 1 else ""])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _size(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, 10), 500)


async def reaper(app: web.Application) -> None:
    """End sessions that were idle too long or whose account was disabled meanwhile."""
    state = app[STATE_KEY]
    while True:
        await asyncio.sleep(min(REAP_SECONDS, state.sessions.idle_seconds / 2))
        for session in state.sessions.all():
            if state.sessions.expired(session):
                state.sessions.remove(session)
                await asyncio.to_thread(state.store.record_login_event, session.username, "verlopen",
                                        remote=session.remote, detail="te lang geen invoer")
                await end_session(state, session)
            elif session.sockets:
                try:
                    disabled = (await asyncio.to_thread(state.store.account, session.username)).disabled
                except NotFoundError:
                    disabled = True
                if disabled:
                    state.sessions.remove(session)
                    await asyncio.to_thread(state.store.record_login_event, session.username, "geweigerd",
                                            remote=session.remote, detail="account uitgeschakeld tijdens sessie")
                    await end_session(state, session)


async def _start_reaper(app: web.Application) -> None:
    app[REAPER_KEY] = asyncio.create_task(reaper(app))
    app[STATE_KEY].pool.fill()


async def _stop(app: web.Application) -> None:
    app[REAPER_KEY].cancel()
    state = app[STATE_KEY]
    await state.pool.close()
    for session in state.sessions.all():
        await end_session(state, session)


def make_app(config: ServerConfig, store: Store) -> web.Application:
    """The aiohttp application for ``config``, checking logins against ``store``."""
    from textual_serve import server as textual_server

    state = ServerState(config, store)
    app = web.Application(middlewares=[headers_middleware], client_max_size=MAX_FORM)
    app[CONFIG_KEY] = config
    app[STATE_KEY] = state
    prefix = config.prefix
    statics = Path(textual_server.__file__).parent / "static"
    app.add_routes([
        web.get(prefix + "/", index),
        web.get(prefix + "/login", login_page),
        web.post(prefix + "/login", login),
        web.post(prefix + "/logout", logout),
        web.get(prefix + "/ws", websocket),
        web.get(prefix + "/favicon.ico", _no_icon),
        web.static(prefix + "/static", statics),
        web.static(prefix + "/assets", HERE / "assets"),
    ])
    if prefix:
        app.add_routes([web.get(prefix, _to_root)])
    app.on_startup.append(_start_reaper)
    app.on_shutdown.append(_stop)
    return app


async def _to_root(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(request.app[CONFIG_KEY].url("/"))


async def _no_icon(request: web.Request) -> web.StreamResponse:
    return web.Response(status=204)
