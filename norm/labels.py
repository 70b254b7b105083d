"""Display labels for the values of ``norm.vocabulary``, in Dutch and English.

The terminal interface and every report format take their labels from here, so a value is named the
same everywhere. ``label`` is the short form (a table cell, a list entry); ``explained`` adds what the
value means where a user makes a choice or reads a report header.

The texts live in the catalogue files ``norm/texts/<language>/labels.yaml`` (keys
``label.<vocabulary>.<value>``, ``explained.<vocabulary>.<value>``, ``plural.<type>`` and
``other_group``), read once by ``norm.catalogue``; the functions below are the way to them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final, Literal, get_args

from norm.catalogue import load_catalogue
from norm.vocabulary import (
    ACTION_STATUSES,
    DIMENSIONS,
    ITEM_KINDS,
    KINDS,
    LOGIN_EVENTS,
    MAPPING_RELATIONS,
    ORGANISATION_TYPES,
    ORIGINS,
    ROLES,
    SHARING_LEVELS,
    SIZE_CLASSES,
    STATUSES,
    VERDICTS,
)

Language = Literal["nl", "en"]
Vocabulary = Literal["status", "kind", "sharing", "action_status", "organisation_type", "item_kind", "origin",
                     "verdict", "dimension", "size_class", "relation", "login_event", "role"]

VALUES: Final[dict[Vocabulary, tuple[str, ...]]] = {
    "status": STATUSES,
    "kind": KINDS,
    "sharing": SHARING_LEVELS,
    "action_status": ACTION_STATUSES,
    "organisation_type": ORGANISATION_TYPES,
    "item_kind": ITEM_KINDS,
    "origin": ORIGINS,
    "verdict": VERDICTS,
    "dimension": DIMENSIONS,
    "size_class": SIZE_CLASSES,
    "relation": MAPPING_RELATIONS,
    "login_event": LOGIN_EVENTS,
    "role": ROLES,
}

TEXTS = Path(__file__).parent / "texts"
"""The label catalogue: ``texts/<language>/*.yaml`` (see ``norm.catalogue``)."""


def _texts(language: Language) -> Mapping[str, str]:
    return load_catalogue(TEXTS, language)


class _OtherGroup(Mapping[str, str]):
    """``OTHER_GROUP["nl"]``: read from the catalogue when asked, so importing this module reads no file."""

    def __getitem__(self, language: str) -> str:
        if language not in get_args(Language):
            raise KeyError(language)
        return _texts(language)["other_group"]  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[str]:
        return iter(get_args(Language))

    def __len__(self) -> int:
        return len(get_args(Language))


OTHER_GROUP: Final[Mapping[str, str]] = _OtherGroup()
"""The group of organisations without a value for a grouping dimension."""


def label(vocabulary: Vocabulary, value: str, language: Language = "nl") -> str:
    """The short display label of a value; an unknown value is shown as it is."""
    return _texts(language).get(f"label.{vocabulary}.{value}", value)


def explained(vocabulary: Vocabulary, value: str, language: Language = "nl") -> str:
    """The label with what it means (where the vocabulary has explanations), else the short label."""
    return _texts(language).get(f"explained.{vocabulary}.{value}") or label(vocabulary, value, language)


def organisation_type_plural(value: str, language: Language = "nl") -> str:
    """The plural of an organisation type, as a group heading in reports ("gemeenten")."""
    return _texts(language).get(f"plural.{value}", value)


def counted(count: int, noun: str, language: Language = "nl") -> str:
    """A number with its noun in the right form: "1 organisatie", "2 organisaties", "0 maatregelen".

    The nouns are in the catalogue (``noun.<name>.one`` and ``noun.<name>.other``).

    :raises KeyError: the catalogue has no such noun (a fault in the code, found by the tests).
    """
    texts = _texts(language)
    return f"{count} {texts[f'noun.{noun}.one' if count == 1 else f'noun.{noun}.other']}"
