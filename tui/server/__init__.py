"""Hosted mode (``weerbaar serve``): the TUI in a browser behind a login.

- ``config``: the server's settings and the public URL's parts (origin, path prefix, cookie flags).
- ``sessions``: logged-in browser sessions in memory (idle timeout, limit per user, logout).
- ``launch``: one app process per websocket, with the identity set by the server in its environment.
- ``web``: the aiohttp application: login pages, security headers, the origin check, the websocket.
- ``session_app``: the entry point of each app process (``python -m tui.server.session_app``).
"""
