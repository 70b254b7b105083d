"""``weerbaar serve``: the same terminal interface in a browser, behind a login (``tui.server``)."""

from __future__ import annotations

import click

from tui.cli.base import CliApp, UserError, db_option, echo, pass_app

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Poort.")
@click.option("--public-url", default=None, metavar="URL",
              help="Het adres waarop gebruikers de server bereiken, bv. https://weerbaar.example.nl/ "
                   "(achter een reverse proxy met TLS). Standaard http://HOST:PORT.")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="CIDR",
              help="Adres of netwerk van een aanmeldende reverse proxy; alleen daarvan geldt --proxy-header. "
                   "Herhaalbaar.")
@click.option("--proxy-header", default="X-Forwarded-User", show_default=True, metavar="HEADER",
              help="Header met de accountnaam die de vertrouwde proxy doorgeeft (bv. X-Auth-Request-User).")
@click.option("--idle-minutes", default=30.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Sessie eindigt na zoveel minuten zonder invoer.")
@click.option("--max-sessions-per-user", default=3, show_default=True, type=click.IntRange(min=1),
              help="Hoeveel browsersessies één account tegelijk mag hebben.")
@click.option("--max-sessions", default=60, show_default=True, type=click.IntRange(min=1),
              help="Hoeveel browsersessies de server tegelijk toelaat.")
@click.option("--warm", default=1, show_default=True, type=click.IntRange(0, 20),
              help="Zoveel app-processen staan vooraf klaar (sneller eerste scherm; elk ongeveer 60 MB).")
@pass_app
def serve(app: CliApp, host: str, port: int, public_url: str | None, trusted_proxies: tuple[str, ...],
          proxy_header: str, idle_minutes: float, max_sessions_per_user: int, max_sessions: int, warm: int) -> None:
    """Open dezelfde terminalinterface in een browser, met aanmelden (zie docs/deployment.md)."""
    from aiohttp import web

    from norm.store import Store
    from tui.server.config import ServerConfig, default_public_url, parse_networks
    from tui.server.web import make_app

    database = app.database()  # checked before the server starts, not in every browser session
    # The server is the administrator of its database: it checks logins and starts each session's
    # app process as that session's account (with its roles); it acts for no user itself.
    store = Store(database)
    if not store.snapshots():
        from checklists import install_builtins

        install_builtins(store)
    config = ServerConfig(
        db_path=database, public_url=public_url or default_public_url(host, port), lang=app.lang,
        trusted_proxies=parse_networks(list(trusted_proxies)), proxy_header=proxy_header,
        idle_minutes=idle_minutes, max_sessions_per_user=max_sessions_per_user, max_sessions=max_sessions,
        warm=warm,
    )
    if not store.accounts():
        raise UserError("er zijn nog geen accounts; maak er eerst een met: weerbaar user add NAAM --name 'Naam'")
    if host not in LOOPBACK_HOSTS and not config.secure:
        echo(f"Let op: {host} is bereikbaar voor anderen en --public-url is geen https-adres: wachtwoorden gaan "
             "dan onversleuteld over het netwerk. Zet er een reverse proxy met TLS voor (docs/deployment.md).",
             err=True)
    echo(f"Open {config.public_url} in uw browser; stop met Ctrl+C.")
    web.run_app(make_app(config, store), host=host, port=port, print=None, access_log=None)
