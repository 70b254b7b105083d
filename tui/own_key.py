"""Where the organisation's own signing key lives, for the command line and the terminal interface alike.

``sleutels/weerbaar.key`` in the per-user data folder (owner-only, optionally with a passphrase), or in
the folder ``WEERBAAR_KEYS`` names (tests always set it). The public half is ``weerbaar.pub`` beside it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

APP_NAME = "weerbaar"
KEY_NAME = "weerbaar.key"
PUBLIC_NAME = "weerbaar.pub"
NEXT_NAME = "volgende.key"
"""A successor key made by ``keys rotate``: exports announce it until ``keys rotate --voltooi``."""
PASSPHRASE_ENV = "WEERBAAR_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret


def key_folder() -> Path:
    """WEERBAAR_KEYS, else ``sleutels`` in the per-user data folder."""
    env = os.environ.get("WEERBAAR_KEYS")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sleutels"


def own_key_path() -> Path:
    return key_folder() / KEY_NAME


def needs_passphrase(path: Path | None = None) -> bool:
    """Whether the key file is protected by a passphrase."""
    try:
        return b"ENCRYPTED" in (path or own_key_path()).read_bytes()[:64]
    except OSError:
        return False


def create_own_key(comment: str = "weerbaar", passphrase: str | None = None) -> Ed25519PrivateKey:
    """Make the own key and write its public half beside it.

    Raises:
        KeyFileError: a key exists already, or the folder cannot be written.
    """
    from norm.signing import generate_key, public_key_line, save_private_key

    path = own_key_path()
    key = generate_key()
    save_private_key(key, path, passphrase)
    (path.parent / PUBLIC_NAME).write_text(public_key_line(key.public_key(), comment) + "\n", encoding="utf-8")
    return key


def load_own_key(passphrase: str | None = None) -> Ed25519PrivateKey | None:
    """The own key, or None when there is none.

    Raises:
        KeyFileError: unreadable, or the passphrase is missing or wrong.
    """
    from norm.signing import load_private_key

    path = own_key_path()
    if not path.exists():
        return None
    return load_private_key(path, passphrase)
