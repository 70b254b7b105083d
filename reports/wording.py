"""The fixed words of the reports (headings, column headers, notes), in Dutch (default) and English.

The texts live in the catalogue files ``reports/texts/<language>/*.yaml`` (flat ``key: text`` mappings,
read once and checked by ``norm.catalogue``); every key exists in both languages. A builder asks for one
:class:`Words` per report and reads every fixed text through it; labels of values (status, verdict) come
from ``norm.labels`` in the same language.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

from norm.catalogue import load_catalogue
from norm.labels import Language, Vocabulary, counted, explained, label
from reports.document import Block, Document, Figures, Heading, Table

TEXTS = Path(__file__).parent / "texts"
"""The report catalogue: ``texts/<language>/*.yaml``."""
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nl"


def report_language(language: str | None) -> Language:
    """``language`` when it is one of the report languages, else Dutch."""
    return next((known for known in LANGUAGES if known == language), DEFAULT_LANGUAGE)


class Words:
    """The fixed texts of a report in one language: ``words("org.summary")``, with ``{name}`` fields filled in.

    :raises norm.catalogue.CatalogueError: (on creation) a catalogue file is broken (a fault of the package).
    """

    def __init__(self, language: str | None = DEFAULT_LANGUAGE) -> None:
        self.language: Language = report_language(language)
        self._texts = load_catalogue(TEXTS, self.language)

    def __call__(self, key: str, **values: Any) -> str:
        """The text for ``key``; raises ``KeyError`` for a key no catalogue has (a fault in the code)."""
        text = self._texts[key]
        return text.format(**values) if values else text

    def kind(self, kind_id: str) -> str:
        """The name of a report kind ("Rapport eigen organisatie"); an unknown id as it is."""
        return self._texts.get(f"kind.{kind_id}", kind_id)

    def notice(self, tone: str) -> str:
        """The label before a notice ("Let op", "Waarschuwing")."""
        return self._texts.get(f"notice.{tone}") or self("notice.info")

    def heading(self, dutch: str) -> str | None:
        """The heading for a Dutch heading or column header (``heading.<Dutch text>``), None when there is none."""
        return self._texts.get(f"heading.{dutch}")

    def label(self, vocabulary: Vocabulary, value: str) -> str:
        return label(vocabulary, value, self.language)

    def explained(self, vocabulary: Vocabulary, value: str) -> str:
        return explained(vocabulary, value, self.language)

    def verdict(self, value: str) -> str:
        """The basisnorm verdict: in Dutch the word itself ("onvolledig", as the reports always showed it), in
        another language its label."""
        return value if self.language == "nl" else self.label("verdict", value)

    def counted(self, count: int, noun: str) -> str:
        return counted(count, noun, self.language)

    def one_or_many(self, count: int, key: str, **values: Any) -> str:
        """``key.one`` for a count of 1, else ``key.other`` (a verb or phrase that agrees with the count)."""
        return self(f"{key}.one" if count == 1 else f"{key}.other", count=count, **values)


def translate_headings(document: Document, words: Words) -> Document:
    """The document with its section headings, table titles, column headers and figure labels in the language of
    ``words``, looked up as ``heading.<Dutch text>``; a text without an entry (a period, a group name) stays as
    it is. Used by the regional reports, whose sentences stay Dutch; a Dutch document is returned unchanged.
    """
    if words.language == DEFAULT_LANGUAGE:
        return replace(document, language=words.language)

    def heading(value: str) -> str:
        found = words.heading(value)
        if found is None and " " in value:  # "Thema A", "Benoemd 2026": the words before a code or period
            start, _, last = value.rpartition(" ")
            found = words.heading(start)
            return f"{found} {last}" if found is not None else value
        return value if found is None else found

    def block(item: Block) -> Block:
        if isinstance(item, Table):
            return replace(item, title=heading(item.title),
                           columns=[replace(column, label=heading(column.label)) for column in item.columns])
        if isinstance(item, Heading):
            return replace(item, text=heading(item.text))
        if isinstance(item, Figures):
            return replace(item, items=[replace(figure, label=heading(figure.label)) for figure in item.items])
        return item

    sections = [replace(section, title=heading(section.title), blocks=[block(item) for item in section.blocks])
                for section in document.sections]
    return replace(document, sections=sections, language=words.language)
