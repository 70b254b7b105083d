"""Text catalogues: the words a user reads, kept in YAML files per language instead of Python dicts.

A catalogue is a folder with one subfolder per language (``nl/``, ``en/``); each holds YAML files
with a flat mapping from a key (``result.title``) to a text. Splitting a language over several files
keeps the texts of one screen or report together. Files are read with the safe loader, once per
folder and language (the result is cached), and checked: every key a non-empty string, every value
a string, no key in two files of one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

MAX_CATALOGUE_BYTES = 1024 * 1024
"""The largest catalogue file read (the built-in ones are a few kilobytes)."""


class CatalogueError(ValueError):
    """A catalogue file is missing, unreadable or not a flat mapping of texts (a fault of the package)."""


def _load_file(path: Path) -> dict[str, str]:
    data = path.read_bytes()
    if len(data) > MAX_CATALOGUE_BYTES:
        raise CatalogueError(f"{path}: te groot ({len(data)} bytes)")
    if b"&" in data and b"*" in data:
        # Anchors and aliases have no use in a catalogue; refusing them rules out alias bombs.
        try:
            events = list(yaml.parse(data.decode("utf-8"), Loader=yaml.SafeLoader))
        except yaml.YAMLError as error:
            raise CatalogueError(f"{path}: {error}") from None
        if any(isinstance(event, yaml.AliasEvent) for event in events):
            raise CatalogueError(f"{path}: aliassen (*naam) horen niet in een catalogus")
    try:
        loaded = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise CatalogueError(f"{path}: verwacht een lijst van sleutel: tekst")
    texts: dict[str, str] = {}
    for key, value in loaded.items():
        if not isinstance(key, str) or not key:
            raise CatalogueError(f"{path}: sleutel {key!r} is geen tekst")
        if not isinstance(value, str):
            raise CatalogueError(f"{path}: de waarde van {key} is geen tekst")
        texts[key] = value
    return texts


@cache
def load_catalogue(folder: Path, language: str) -> Mapping[str, str]:
    """Every text of ``language`` in the catalogue ``folder``, read once.

    :raises CatalogueError: a file is unreadable, not a flat mapping of texts, or repeats a key of
        another file of the same language; or the language has no folder.
    """
    directory = folder / language
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: geen catalogus voor taal '{language}'")
    texts: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            loaded = _load_file(path)
        except OSError as error:
            raise CatalogueError(f"{path}: {error}") from None
        for key, value in loaded.items():
            if key in texts:
                raise CatalogueError(f"{path}: sleutel {key} staat ook in {origin[key]}")
            texts[key] = value
            origin[key] = path.name
    return MappingProxyType(texts)
