"""The command line's own messages (errors and success lines) in the language of ``--lang`` / WEERBAAR_LANG.

The texts are the ``cli.*`` keys of the interface catalogue (``tui/texts/<language>/cli.yaml``), read when the
first message is said, so that ``weerbaar --help`` loads no YAML. Values are made safe for the terminal
(``tui.safe_text``) before they are filled in. click's own messages follow the same choice (``tui.cli.dutch``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.cli import dutch
from tui.safe_text import terminal_safe

if TYPE_CHECKING:
    from norm.labels import Language  # norm.labels reads YAML; `weerbaar --help` loads none

_language: Language = "nl"


def set_language(language: str | None) -> Language:
    """Use ``language`` (``nl`` or ``en``; anything else is Dutch) for the messages from now on, click's
    included."""
    global _language
    _language = "en" if language == "en" else "nl"
    dutch.use_english(_language == "en")
    return _language


def cli_language() -> Language:
    return _language


def say(key: str, **values: Any) -> str:
    """The message ``key`` in the chosen language, its ``{fields}`` filled in (made safe, on one line).

    :raises KeyError: no catalogue has ``key`` (a fault in the code, found by the catalogue tests).
    """
    from tui.i18n import STRINGS

    text = STRINGS[_language].get(key) or STRINGS["nl"][key]
    return text.format(**{name: value if isinstance(value, int | float) else terminal_safe(str(value), one_line=True)
                          for name, value in values.items()})
