"""Base classes of the screens: translated bindings, access to the store, messages to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen

from tui.widgets.base import localise_bindings

if TYPE_CHECKING:
    from norm.store import Store
    from tui.app import WeerbaarApp

ResultType = TypeVar("ResultType")


class Messages:
    """Mixin: how screens reach the store and tell the user something went wrong."""

    @property
    def weerbaar(self) -> WeerbaarApp:
        return cast("WeerbaarApp", self.app)  # type: ignore[attr-defined]

    @property
    def store(self) -> Store:
        return self.weerbaar.store

    def show_error(self, error: Exception | str) -> None:
        self.weerbaar.show_message(str(error), error=True)

    def show_info(self, text: str) -> None:
        self.weerbaar.show_message(text)


class WeerbaarScreen(Messages, Screen[Any]):
    """A full screen of the app."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)


class WeerbaarModal(Messages, ModalScreen[ResultType], Generic[ResultType]):
    """A dialog over the current screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)
