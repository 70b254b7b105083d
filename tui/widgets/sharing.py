"""The three sharing levels as radio buttons, each with what it means (the sharing and finalise dialogs)."""

from __future__ import annotations

from textual.widgets import RadioButton, RadioSet

from norm.vocabulary import SHARING_LEVELS
from tui.i18n import sharing_label, t


def sharing_choices(current: str | None) -> RadioSet:
    """Radio buttons for the three sharing levels, each with what it means; ``None``: none pressed, so
    the user must choose (the finalise dialog)."""
    return RadioSet(
        *(
            RadioButton(f"{sharing_label(level)} — {t(f'sharing.{level}.help')}", value=level == current,
                        id=f"share-{level}")
            for level in SHARING_LEVELS
        ),
        id="sharing",
        compact=True,
    )


def chosen_sharing(radio_set: RadioSet) -> str:
    """The level whose button is pressed (``intern`` when none is)."""
    pressed = radio_set.pressed_button
    return pressed.id.removeprefix("share-") if pressed is not None and pressed.id else "intern"


def chosen_sharing_or_none(radio_set: RadioSet) -> str | None:
    """The level whose button is pressed, or None when the user has not chosen one."""
    pressed = radio_set.pressed_button
    return pressed.id.removeprefix("share-") if pressed is not None and pressed.id else None


def chosen_sharing_text(level: str | None) -> str:
    """In words, which level is selected (or that none is)."""
    if level is None:
        return t("finalise.chosen_none")
    return t("finalise.chosen", level=sharing_label(level), help=t(f"sharing.{level}.help"))
