"""Base classes of the screens: translated bindings and messages to the user.

A screen gets what it shows in ``__init__`` (the store, an assessment id, a record; "attributes
down") and tells the app where to go next with a message from ``tui.messages`` ("messages up"), or
returns a result with ``dismiss``. It never imports ``tui.app`` or another screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from tui.widgets.base import localise_bindings

if TYPE_CHECKING:
    from norm.store import AssessmentRecord

ResultType = TypeVar("ResultType")
ERROR_SECONDS = 8
INFO_SECONDS = 4


def file_period(record: AssessmentRecord) -> str:
    """The period of ``record`` as it may stand in a file name (``2026/27`` becomes ``2026-27``)."""
    return "".join(char if char.isalnum() or char in "-_" else "-" for char in record.period)


class Notices:
    """Mixin for screens: tell the user something in a notification (errors stay longer; never markup)."""

    def show_error(self, error: Exception | str) -> None:
        cast(Widget, self).notify(str(error), severity="error", timeout=ERROR_SECONDS, markup=False)

    def show_info(self, text: str) -> None:
        cast(Widget, self).notify(text, severity="information", timeout=INFO_SECONDS, markup=False)


class WeerbaarScreen(Notices, Screen[Any]):
    """A full screen of the app."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)


class WeerbaarModal(Notices, ModalScreen[ResultType], Generic[ResultType]):
    """A dialog over the current screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)
