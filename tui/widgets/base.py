"""Building blocks shared by the screens: translated bindings, text fields that respect the app's
cursor-blink setting (off for deterministic snapshots), and text widgets that never read markup.

User text reaches the screen in two ways, and both are made harmless: control characters are made
visible by ``tui.safe_text.terminal_safe`` (``t()`` and ``local()`` in ``tui/i18n.py`` do it for
every value they are given), and square brackets are shown as they are, because ``Plain`` and
``PlainLabel`` do not parse Textual markup and everything else gets ``rich.text.Text``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual import events
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.visual import VisualType
from textual.widgets import Input, Label, Static, TextArea

from tui.i18n import has, t
from tui.safe_text import terminal_safe


def localise_bindings(node: DOMNode, key_display: dict[str, str] | None = None,
                      hidden: set[str] | None = None) -> None:
    """Give ``node`` its own copy of its class bindings with descriptions in the current language.

    Descriptions and tooltips in ``BINDINGS`` are i18n keys ("b.new"); Textual's own widgets keep
    theirs. ``key_display`` overrides how a key is shown; keys in ``hidden`` stay out of the footer.
    """
    source = type(node)._merged_bindings
    if source is None:
        return
    keys: dict[str, list[Binding]] = {}
    for key, bindings in source.key_to_bindings.items():
        translated = []
        for binding in bindings:
            changes: dict[str, Any] = {}
            if has(binding.description):
                changes["description"] = t(binding.description)
                tip = f"{binding.description}.tip"
                if has(tip):
                    changes["tooltip"] = t(tip)
            if binding.group is not None and has(binding.group.description):
                changes["group"] = dataclasses.replace(binding.group, description=t(binding.group.description))
            if key_display and key in key_display:
                changes["key_display"] = key_display[key]
            if hidden and key in hidden:
                changes["show"] = False
            translated.append(dataclasses.replace(binding, **changes) if changes else binding)
        keys[key] = translated
    node._bindings = BindingsMap.from_keys(keys)


class Plain(Static):
    """A ``Static`` that shows a string as it is: ``[bold]`` in an organisation name stays ``[bold]``."""

    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)


class PlainLabel(Label):
    """A ``Label`` that shows a string as it is (no markup)."""

    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)


def memo_text(value: str) -> str:
    """A stored text as a multi-line field shows it (control characters visible, lines kept)."""
    return terminal_safe(value)


def field_text(value: str) -> str:
    """A stored text as a one-line field shows it."""
    return terminal_safe(value, one_line=True)


def _blink(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


class TextField(Input):
    """A one-line text field."""

    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)


class EditorField(TextField):
    """A one-line field of the editor: Escape goes back to the list of measures."""

    BINDINGS = [Binding("escape", "screen.back", "b.done", id="weerbaar.field.done")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)


class MemoField(TextArea):
    """A multi-line text field of the editor that wraps; Tab moves on to the next field and
    Escape goes back to the list of measures."""

    BINDINGS = [Binding("escape", "screen.back", "b.done", id="weerbaar.field.done")]

    def __init__(self, *args: Any, item_field: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("show_line_numbers", False)
        super().__init__(*args, **kwargs)
        self.item_field = item_field
        localise_bindings(self)

    def on_mount(self) -> None:
        self.cursor_blink = _blink(self)

    def on_focus(self) -> None:
        # Continue where the text ends, not at its start.
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        # Typing into a read-only field does nothing (instead of triggering the screen's keys).
        if self.read_only and event.is_printable:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)
