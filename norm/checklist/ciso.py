"""Converting a CISO Assistant framework library (its published library YAML) into a checklist.

CISO Assistant (intuitem/ciso-assistant-community) publishes frameworks such as BIO2 or NIST CSF as
YAML libraries: ``urn``, ``locale``, ``ref_id``, ``name``, ``version``, ``provider``, ``copyright``,
``translations`` and ``objects`` with a ``framework`` (``scores_definition``,
``implementation_groups_definition``, a flat list of ``requirement_nodes`` linked by ``parent_urn``)
and/or ``requirement_mapping_sets``. The mapping from those fields onto this format, with what is
dropped and why, is documented in docs/ciso-assistant.md.

The converter only builds data; ``parse_checklist`` validates the result, so every problem of the
converted checklist is reported with its place, like a checklist file's.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from norm.checklist.loading import ChecklistError, Problem, load_yaml_file, parse_checklist
from norm.checklist.model import MAX_CODE, MAX_ID, MAX_REF_ID, Checklist
from norm.labels import counted
from norm.untrusted import shown
from norm.vocabulary import ITEM_CODE_PATTERN, ORGANISATION_TYPES, ChecklistStatus

MAIN_LANGUAGE = "nl"
"""The language of the main texts of a checklist."""
SECOND_LANGUAGE = "en"
"""The language of the ``en`` blocks."""

DEFAULT_SCALE: tuple[tuple[int, str, str, str, str], ...] = (
    (0, "Niet", "De eis is niet ingevuld.", "Not", "The requirement is not met."),
    (1, "Deels", "De eis is voor een deel ingevuld.", "Partly", "The requirement is partly met."),
    (2, "Grotendeels", "De eis is grotendeels ingevuld; er resten kleine punten.", "Largely",
     "The requirement is largely met; minor points remain."),
    (3, "Volledig", "De eis is volledig en aantoonbaar ingevuld.", "Fully",
     "The requirement is fully and demonstrably met."),
)
"""The scale used when a framework has no ``scores_definition``: (value, label, description, English
label, English description)."""

DEFAULT_THEME_CODE = "ALG"
"""The theme that holds assessable nodes without a non-assessable top-level parent."""

RELATIONS = {"equal": "equal", "subset": "partial", "superset": "partial", "intersect": "partial"}
"""CISO Assistant's set relationships onto the mapping relations; ``not_related`` is dropped."""

_NO_TOELICHTING = "De bron geeft geen toelichting bij deze eis."
_NO_EVIDENCE = "De bron noemt geen voorbeelden van bewijs; leg vast waaruit blijkt dat de eis is ingevuld."
_MAX_TITLE = 100
_SCALAR = (str, int, float)


class ConversionError(ChecklistError):
    """A library cannot be converted; ``problems`` lists every reason with its place."""


@dataclass
class MappingFile:
    """One requirement mapping set as a mapping file (``kind: mapping``)."""

    source: str
    target: str
    title: str | None
    data: dict[str, Any]

    @property
    def name(self) -> str:
        """A file name for it: ``<source>-naar-<target>.mapping.yaml``."""
        return f"{self.source}-naar-{self.target}.mapping.yaml"


@dataclass
class Conversion:
    """What a library converts into: a checklist (when it holds a framework), mapping files and notes."""

    checklist: Checklist | None
    mappings: list[MappingFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- ids and codes ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^A-Za-z0-9]+", text) if word]


def urn_tail(urn: str) -> str:
    """The last part of a urn (``urn:intuitem:risk:framework:bio2`` → ``bio2``)."""
    return urn.rsplit(":", 1)[-1]


def checklist_id(framework_urn: str, ref_id: str | None = None) -> str:
    """The checklist id of a framework: a slug of its urn's last part (its ref_id when that has none)."""
    words = _words(urn_tail(framework_urn)) or _words(ref_id or "")
    return "-".join(words).lower()[:MAX_ID].strip("-") or "ciso-framework"


def code_prefix(identifier: str) -> str:
    """The prefix of every measure code of a checklist: its id in capitals (``bio2`` → ``BIO2``)."""
    prefix = identifier.upper()
    return prefix if prefix[:1].isalpha() else f"C{prefix}"


def item_code(prefix: str, reference: str) -> str:
    """A measure code from a ref_id or urn tail: ``BIO2`` and ``5.01.01`` give ``BIO2-5-01-01``.

    Leading zeros stay, so ``5.1`` and ``5.01`` get different codes; ``.``, ``-``, spaces and other
    separators all become ``-``. The result may not be a valid code (too long, nothing left of the
    reference); the caller checks.
    """
    return "-".join([prefix, *(word.upper() for word in _words(reference))])


def theme_code(reference: str) -> str:
    return "-".join(word.upper() for word in _words(reference))


# -- reading the library ------------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Reader:
    """Collects problems while reading the untrusted library data."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))

    def text(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        """An optional text field; numbers become text (YAML reads ``ref_id: 5.1`` as a number)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (*_SCALAR, datetime.date)):
            self.problem(_join(path, key), "moet tekst zijn")
            return None
        text = str(value).strip()
        return text or None

    def mapping(self, data: Mapping[str, Any], key: str, path: str) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(_join(path, key), "moet een verzameling velden zijn")
            return {}
        return value

    def sequence(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_join(path, key), "moet een lijst zijn")
            return []
        return value


@dataclass
class _Texts:
    """A text in the main language (Dutch where the library has it) and in English."""

    main: str | None
    en: str | None


class _Languages:
    """Picks the Dutch and English texts of an object with ``translations``."""

    def __init__(self, reader: _Reader, locale: str):
        self.reader = reader
        self.locale = locale
        self.used: set[str] = set()

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> _Texts:
        """Dutch (a ``nl`` translation, or the base text when the locale is ``nl``) as the main text, else the
        base text; English (the base text when the locale is ``en``, or an ``en`` translation) beside it."""
        texts: dict[str, str] = {}
        base = self.reader.text(data, key, path)
        if base is not None:
            texts[self.locale] = base
        translations = self.reader.mapping(data, "translations", path)
        for language in (MAIN_LANGUAGE, SECOND_LANGUAGE):
            entry = translations.get(language)
            if isinstance(entry, dict) and language != self.locale:
                text = self.reader.text(entry, key, f"{path}.translations.{language}")
                if text is not None:
                    texts[language] = text
        if MAIN_LANGUAGE in texts:
            main: str | None = texts[MAIN_LANGUAGE]
            self.used.add(MAIN_LANGUAGE)
        else:
            main = base
            if base is not None:
                self.used.add(self.locale)
        english = texts.get(SECOND_LANGUAGE)
        if english is None or english == main:
            return _Texts(main, None)
        self.used.add(SECOND_LANGUAGE)
        return _Texts(main, english)


# -- conversion ---------------------------------------------------------------------------------


def load_library_file(path: str | Path) -> Any:
    """Read a library file under the limits of checklist files (``norm.checklist.loading``)."""
    return load_yaml_file(path)


def convert_library(
    data: Any,
    file: str = "<bibliotheek>",
    *,
    applies_to: Sequence[str] | None = None,
    target: int | None = None,
    status: ChecklistStatus = "vastgesteld",
) -> Conversion:
    """Convert parsed library data into a checklist and mapping files.

    ``applies_to`` defaults to every built-in organisation type; ``target`` to the middle of the
    scale (``scale_values[len // 2]``: 2 on 0–3, 3 on 1–5).

    Raises ConversionError (a ChecklistError) with every problem: data that is no CISO Assistant
    library, a framework without assessable nodes, generated codes that collide or are invalid, and
    whatever ``parse_checklist`` finds in the result.
    """
    reader = _Reader(file)
    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise ConversionError([Problem(file, "", "dit is geen CISO Assistant-bibliotheek (geen 'objects')")])
    objects: dict[str, Any] = data["objects"]
    frameworks: list[Any] = []
    if "framework" in objects:
        frameworks.append(objects["framework"])
    frameworks.extend(reader.sequence(objects, "frameworks", "objects"))
    mapping_sets = reader.sequence(objects, "requirement_mapping_sets", "objects")
    if "requirement_mapping_set" in objects:
        mapping_sets.append(objects["requirement_mapping_set"])
    if not frameworks and not mapping_sets:
        reader.problem("objects", "de bibliotheek bevat geen framework en geen requirement_mapping_sets; "
                                  "alleen frameworkbibliotheken kunnen worden omgezet")
    if len(frameworks) > 1:
        reader.problem("objects", f"de bibliotheek bevat {len(frameworks)} frameworks; zet er één per keer om")
    if reader.problems:
        raise ConversionError(reader.problems)

    conversion = Conversion(checklist=None)
    codes: dict[str, str] = {}
    own_id: str | None = None
    version = reader.text(data, "version", "") or "1"
    if frameworks:
        framework = frameworks[0]
        path = "objects.framework"
        if not isinstance(framework, dict):
            raise ConversionError([Problem(file, path, "moet een verzameling velden zijn")])
        definition, codes, notes = _checklist_data(
            reader, data, framework, path, applies_to=applies_to, target=target, status=status, version=version
        )
        if reader.problems:
            raise ConversionError(reader.problems)
        conversion.notes.extend(notes)
        try:
            conversion.checklist = parse_checklist(definition, file)
        except ChecklistError as error:
            raise ConversionError(error.problems) from None
        own_id = conversion.checklist.id
        framework_urn = reader.text(framework, "urn", path) or ""
    else:
        framework_urn = ""
    for index, mapping_set in enumerate(mapping_sets):
        path = f"objects.requirement_mapping_sets[{index}]"
        if not isinstance(mapping_set, dict):
            reader.problem(path, "moet een verzameling velden zijn")
            continue
        converted = _mapping_file(reader, mapping_set, path, framework_urn, own_id, version, codes, conversion.notes)
        if converted is not None:
            conversion.mappings.append(converted)
    if reader.problems:
        raise ConversionError(reader.problems)
    return conversion


def _checklist_data(
    reader: _Reader,
    library: dict[str, Any],
    framework: dict[str, Any],
    path: str,
    *,
    applies_to: Sequence[str] | None,
    target: int | None,
    status: ChecklistStatus,
    version: str,
) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """The checklist as data for ``parse_checklist``, the urn → code table and notes."""
    notes: list[str] = []
    locale = (reader.text(library, "locale", "") or SECOND_LANGUAGE).lower()
    languages = _Languages(reader, locale)
    urn = reader.text(framework, "urn", path) or reader.text(library, "urn", "") or ""
    identifier = checklist_id(urn, reader.text(framework, "ref_id", path))
    prefix = code_prefix(identifier)

    title = languages.texts(framework, "name", path)
    if title.main is None:
        title = languages.texts(library, "name", "")
    description = languages.texts(framework, "description", path)
    if description.main is None:
        description = languages.texts(library, "description", "")
    copyright_text = languages.texts(library, "copyright", "")
    provider = reader.text(library, "provider", "")

    scale, scale_notes = _scale(reader, framework, path, languages)
    notes.extend(scale_notes)
    values = sorted(level["value"] for level in scale if isinstance(level.get("value"), int))
    item_target = target if target is not None else (values[len(values) // 2] if values else 0)
    if target is not None and values and target not in values:
        reader.problem("", f"streefniveau {target} ligt niet op de schaal ({', '.join(map(str, values))})")
    groups = _implementation_groups(reader, framework, path, languages)

    themes, codes = _themes(
        reader, framework, path, languages, prefix=prefix, source_id=identifier, groups=groups,
        applies_to=list(applies_to) if applies_to else list(ORGANISATION_TYPES), target=item_target,
    )
    if groups:
        notes.append("implementatiegroepen staan in de toelichting van elke maatregel (weerbaar kent geen "
                     "implementatiegroepen)")

    publication = library.get("publication_date")
    source: dict[str, Any] = {"id": identifier, "title": title.main or identifier}
    if provider:
        source["publisher"] = provider
    if isinstance(publication, datetime.date):
        source["year"] = publication.year
    elif isinstance(publication, str) and re.match(r"^\d{4}", publication):
        source["year"] = int(publication[:4])
    library_urn = reader.text(library, "urn", "")
    if library_urn:
        source["seed"] = f"CISO Assistant-bibliotheek {library_urn}"

    definition: dict[str, Any] = {
        "id": identifier,
        "version": version,
        "title": title.main or identifier,
        "status": status,
    }
    if description.main:
        definition["description"] = description.main
    if provider:
        definition["provider"] = provider
    if copyright_text.main:
        definition["copyright"] = copyright_text.main
    english = _english(title=title.en, description=description.en)
    if english:
        definition["en"] = english
    definition["languages"] = sorted(languages.used, key=lambda lang: (lang != MAIN_LANGUAGE, lang))
    if MAIN_LANGUAGE not in languages.used:
        notes.append(f"de bibliotheek heeft geen Nederlandse teksten; de hoofdteksten zijn in '{shown(locale)}'")
    definition["sources"] = [source]
    definition["scale"] = scale
    definition["themes"] = themes
    return definition, codes, notes


def _english(**texts: str | None) -> dict[str, Any]:
    return {key: value for key, value in texts.items() if value}


def _scale(
    reader: _Reader, framework: dict[str, Any], path: str, languages: _Languages
) -> tuple[list[dict[str, Any]], list[str]]:
    definitions = reader.sequence(framework, "scores_definition", path)
    if not definitions:
        scale: list[dict[str, Any]] = [
            {"value": value, "label": label, "description": description,
             "en": {"label": en_label, "description": en_description}}
            for value, label, description, en_label, en_description in DEFAULT_SCALE
        ]
        ignored = [key for key in ("min_score", "max_score") if key in framework]
        note = "het framework heeft geen scores_definition; de standaardschaal 0–3 (Niet, Deels, Grotendeels, " \
               "Volledig) is gebruikt"
        if ignored:
            note += f" ({' en '.join(ignored)} genegeerd)"
        return scale, [note]
    levels: list[dict[str, Any]] = []
    for index, entry in enumerate(definitions):
        where = f"{path}.scores_definition[{index}]"
        if not isinstance(entry, dict):
            reader.problem(where, "moet een verzameling velden zijn")
            continue
        score = entry.get("score")
        if isinstance(score, bool) or not isinstance(score, int):
            reader.problem(f"{where}.score", "moet een geheel getal zijn")
            continue
        if score < 0:
            reader.problem(f"{where}.score", "een negatieve score kan weerbaar niet aan (niveaus beginnen bij 0)")
            continue
        name = languages.texts(entry, "name", where)
        description = languages.texts(entry, "description", where)
        level: dict[str, Any] = {
            "value": score,
            "label": name.main or str(score),
            "description": description.main or name.main or f"Score {score}",
        }
        english = _english(label=name.en, description=description.en)
        if english:
            level["en"] = english
        levels.append(level)
    levels.sort(key=lambda level: level["value"])
    return levels, []


def _implementation_groups(
    reader: _Reader, framework: dict[str, Any], path: str, languages: _Languages
) -> dict[str, str]:
    """Implementation group ref_id (lower case: published libraries mix the case) → its Dutch name."""
    groups: dict[str, str] = {}
    for index, entry in enumerate(reader.sequence(framework, "implementation_groups_definition", path)):
        where = f"{path}.implementation_groups_definition[{index}]"
        if not isinstance(entry, dict):
            reader.problem(where, "moet een verzameling velden zijn")
            continue
        ref_id = reader.text(entry, "ref_id", where)
        if ref_id is None:
            continue
        groups[ref_id.lower()] = languages.texts(entry, "name", where).main or ref_id
    return groups


@dataclass
class _Node:
    index: int
    data: dict[str, Any]
    urn: str
    parent: str | None
    assessable: bool


def _themes(
    reader: _Reader,
    framework: dict[str, Any],
    path: str,
    languages: _Languages,
    *,
    prefix: str,
    source_id: str,
    groups: dict[str, str],
    applies_to: list[str],
    target: int,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    nodes: list[_Node] = []
    by_urn: dict[str, _Node] = {}
    for index, entry in enumerate(reader.sequence(framework, "requirement_nodes", path)):
        where = f"{path}.requirement_nodes[{index}]"
        if not isinstance(entry, dict):
            reader.problem(where, "moet een verzameling velden zijn")
            continue
        urn = reader.text(entry, "urn", where)
        if urn is None:
            reader.problem(f"{where}.urn", "verplicht veld ontbreekt")
            continue
        key = urn.lower()
        if key in by_urn:
            reader.problem(f"{where}.urn", f"urn {shown(repr(urn))} komt al voor op requirement_nodes"
                                           f"[{by_urn[key].index}]")
            continue
        parent = reader.text(entry, "parent_urn", where)
        node = _Node(index, entry, key, parent.lower() if parent else None, entry.get("assessable") is True)
        nodes.append(node)
        by_urn[key] = node

    def ancestors(node: _Node) -> list[_Node] | None:
        """Parents from the top down; None after reporting a broken chain."""
        chain: list[_Node] = []
        seen = {node.urn}
        current = node
        while current.parent is not None:
            parent = by_urn.get(current.parent)
            where = f"{path}.requirement_nodes[{current.index}].parent_urn"
            if parent is None:
                reader.problem(where, f"onbekende parent_urn {shown(repr(current.parent))}")
                return None
            if parent.urn in seen:
                reader.problem(where, "de parent_urn-keten is een kring")
                return None
            seen.add(parent.urn)
            chain.append(parent)
            current = parent
        return list(reversed(chain))

    themes: dict[str, dict[str, Any]] = {}
    theme_of_urn: dict[str, str] = {}
    codes: dict[str, str] = {}
    code_places: dict[str, int] = {}
    for node in nodes:
        if not node.assessable:
            continue
        chain = ancestors(node)
        if chain is None:
            continue
        where = f"{path}.requirement_nodes[{node.index}]"
        top = chain[0] if chain and not chain[0].assessable else None
        theme = _theme_for(reader, top, themes, theme_of_urn, languages, path)
        sections = [
            text for text in (_node_label(reader, languages, n, path) for n in chain[1 if top else 0:]) if text
        ]
        item, code = _item(
            reader, node, where, languages, prefix=prefix, source_id=source_id, groups=groups, sections=sections,
            applies_to=applies_to, target=target,
        )
        if code is None:
            continue
        if code in code_places:
            reader.problem(
                f"{where}.ref_id",
                f"levert maatregelcode '{shown(code)}' op, die ook uit requirement_nodes[{code_places[code]}] "
                "komt; maak de ref_id's uniek",
            )
            continue
        code_places[code] = node.index
        codes[node.urn] = code
        theme["items"].append(item)
    if not codes and not reader.problems:
        reader.problem(f"{path}.requirement_nodes", "het framework heeft geen eisen om te beoordelen "
                                                    "(geen requirement_node met assessable: true)")
    return [theme for theme in themes.values() if theme["items"]], codes


def _node_label(reader: _Reader, languages: _Languages, node: _Node, path: str) -> str | None:
    where = f"{path}.requirement_nodes[{node.index}]"
    ref_id = reader.text(node.data, "ref_id", where)
    name = languages.texts(node.data, "name", where).main
    return " ".join(part for part in (ref_id, name) if part) or None


def _theme_for(
    reader: _Reader,
    top: _Node | None,
    themes: dict[str, dict[str, Any]],
    theme_of_urn: dict[str, str],
    languages: _Languages,
    path: str,
) -> dict[str, Any]:
    key = top.urn if top is not None else ""
    if key in theme_of_urn:
        return themes[theme_of_urn[key]]
    description: _Texts | None = None
    english: str | None = None
    if top is None:
        code, title, english = DEFAULT_THEME_CODE, "Algemeen", "General"
    else:
        where = f"{path}.requirement_nodes[{top.index}]"
        ref_id = reader.text(top.data, "ref_id", where)
        name = languages.texts(top.data, "name", where)
        description = languages.texts(top.data, "description", where)
        code = theme_code(ref_id or "") or f"T{len(themes) + 1}"
        title = " ".join(part for part in (ref_id, name.main) if part) or description.main or code
        english = " ".join(part for part in (ref_id, name.en) if part) if name.en else None
    base, number = code[:MAX_CODE], 2
    while code in themes or len(code) > MAX_CODE:
        code = f"{base[:MAX_CODE - 4]}-{number}"
        number += 1
    theme: dict[str, Any] = {"code": code, "title": _shorten(title)}
    en: dict[str, str] = {}
    if english and english != title:
        en["title"] = _shorten(english)
    if description is not None and description.main and description.main != title:
        theme["description"] = description.main
        if description.en:
            en["description"] = description.en
    if en:
        theme["en"] = en
    theme["items"] = []
    themes[code] = theme
    theme_of_urn[key] = code
    return theme


def _shorten(text: str) -> str:
    first = text.strip().splitlines()[0].strip()
    if len(first) <= _MAX_TITLE:
        return first
    cut = first[: _MAX_TITLE - 1]
    if " " in cut[_MAX_TITLE // 2:]:  # at a word boundary when one is near
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _item(
    reader: _Reader,
    node: _Node,
    where: str,
    languages: _Languages,
    *,
    prefix: str,
    source_id: str,
    groups: dict[str, str],
    sections: list[str],
    applies_to: list[str],
    target: int,
) -> tuple[dict[str, Any], str | None]:
    data = node.data
    ref_id = reader.text(data, "ref_id", where)
    reference = ref_id or urn_tail(node.urn)
    code = item_code(prefix, reference)
    if code == prefix or len(code) > MAX_CODE or not ITEM_CODE_PATTERN.match(code):
        reader.problem(f"{where}.ref_id", f"hieruit is geen geldige maatregelcode te maken ({shown(repr(code))}, "
                                          f"hoogstens {MAX_CODE} tekens, letters en cijfers)")
        return {}, None
    name = languages.texts(data, "name", where)
    description = languages.texts(data, "description", where)
    annotation = languages.texts(data, "annotation", where)
    evidence = languages.texts(data, "typical_evidence", where)
    statement = description.main or name.main
    if statement is None:
        reader.problem(where, "de eis heeft geen description en geen name")
        return {}, None
    label = name.main or _shorten(statement)
    title = f"{ref_id} {label}" if ref_id and not label.startswith(ref_id) else label
    english_label = name.en or (_shorten(description.en) if description.en else None)

    group_names = []
    for index, group in enumerate(reader.sequence(data, "implementation_groups", where)):
        if isinstance(group, bool) or not isinstance(group, _SCALAR):
            reader.problem(f"{where}.implementation_groups[{index}]", "moet tekst zijn")
            continue
        group_names.append(groups.get(str(group).lower(), str(group)))
    parts = []
    if sections:
        parts.append("Onderdeel: " + " › ".join(sections) + ".")
    if annotation.main:
        parts.append(annotation.main)
    if group_names:
        parts.append("Implementatiegroepen: " + ", ".join(dict.fromkeys(group_names)) + ".")
    toelichting = "\n\n".join(parts) or _NO_TOELICHTING

    item: dict[str, Any] = {"code": code}
    if ref_id and len(ref_id) <= MAX_REF_ID:  # a longer one stays whole in source.section
        item["ref_id"] = ref_id
    item.update({
        "title": _shorten(title),
        "statement": statement,
        "toelichting": toelichting,
        "evidence": evidence.main or _NO_EVIDENCE,
        "kind": "uitvoering",
        "applies_to": applies_to,
        "target": target,
    })
    questions = _questions(reader, data, where, languages)
    if questions:
        item["questions"] = questions
    item["source"] = {"document": source_id, "section": ref_id or urn_tail(node.urn)}
    english = _english(
        title=(f"{ref_id} {english_label}" if ref_id and english_label else english_label),
        statement=description.en or (name.en if description.main is None else None),
        toelichting=annotation.en,
        evidence=evidence.en,
    )
    if "title" in english:
        english["title"] = _shorten(english["title"])
    if english:
        item["en"] = english
    return item, code


def _questions(
    reader: _Reader, data: dict[str, Any], where: str, languages: _Languages
) -> list[dict[str, Any]]:
    """Questions as guiding questions; the choices are named after the question text."""
    raw = data.get("questions")
    if raw is None:
        return []
    if isinstance(raw, dict):  # the published form: keyed by urn
        entries = [(f"{where}.questions.{shown(str(key))}", value) for key, value in raw.items()]
    elif isinstance(raw, list):
        entries = [(f"{where}.questions[{index}]", value) for index, value in enumerate(raw)]
    else:
        reader.problem(f"{where}.questions", "moet een lijst of een verzameling velden zijn")
        return []
    questions: list[dict[str, Any]] = []
    for place, entry in entries:
        if isinstance(entry, str):
            questions.append({"text": entry})
            continue
        if not isinstance(entry, dict):
            reader.problem(place, "moet een verzameling velden zijn")
            continue
        text = languages.texts(entry, "text", place)
        if text.main is None:
            continue
        choices = [languages.texts(choice, "value", place) for choice in reader.sequence(entry, "choices", place)
                   if isinstance(choice, dict)]
        main = text.main
        english = text.en
        if choices and all(choice.main for choice in choices):
            main += " (" + " / ".join(str(choice.main) for choice in choices) + ")"
            if english and all(choice.en or choice.main for choice in choices):
                english += " (" + " / ".join(str(choice.en or choice.main) for choice in choices) + ")"
        question: dict[str, Any] = {"text": main}
        if english:
            question["en"] = {"text": english}
        questions.append(question)
    return questions


def _mapping_file(
    reader: _Reader,
    mapping_set: dict[str, Any],
    path: str,
    framework_urn: str,
    own_id: str | None,
    own_version: str,
    codes: dict[str, str],
    notes: list[str],
) -> MappingFile | None:
    source_urn = reader.text(mapping_set, "source_framework_urn", path)
    target_urn = reader.text(mapping_set, "target_framework_urn", path)
    if source_urn is None or target_urn is None:
        reader.problem(path, "source_framework_urn en target_framework_urn zijn verplicht")
        return None
    ends: dict[str, dict[str, Any]] = {}
    prefixes: dict[str, str] = {}
    for side, urn in (("source", source_urn), ("target", target_urn)):
        identifier = checklist_id(urn)
        end: dict[str, Any] = {"checklist": identifier}
        if own_id is not None and urn.lower() == framework_urn.lower():
            identifier = own_id
            end = {"checklist": own_id, "version": own_version}
        ends[side] = end
        prefixes[side] = code_prefix(identifier)

    def code_of(side: str, urn: str) -> str:
        own = codes.get(urn.lower())
        if own is not None and ends[side].get("version") is not None:
            return own
        return item_code(prefixes[side], urn_tail(urn))

    pairs: list[dict[str, Any]] = []
    dropped = 0
    for index, entry in enumerate(reader.sequence(mapping_set, "requirement_mappings", path)):
        where = f"{path}.requirement_mappings[{index}]"
        if not isinstance(entry, dict):
            reader.problem(where, "moet een verzameling velden zijn")
            continue
        source = reader.text(entry, "source_requirement_urn", where)
        target = reader.text(entry, "target_requirement_urn", where)
        relationship = (reader.text(entry, "relationship", where) or "").lower()
        if source is None or target is None:
            reader.problem(where, "source_requirement_urn en target_requirement_urn zijn verplicht")
            continue
        if relationship == "not_related":
            dropped += 1
            continue
        if relationship not in RELATIONS:
            reader.problem(f"{where}.relationship", f"onbekende relatie {shown(repr(relationship))}; toegestaan: "
                                                    "equal, subset, superset, intersect, not_related")
            continue
        pair: dict[str, Any] = {
            "source": code_of("source", source),
            "target": code_of("target", target),
            "relation": RELATIONS[relationship],
        }
        note = _pair_note(reader, entry, where, relationship)
        if note:
            pair["note"] = note
        pairs.append(pair)
    if dropped:
        notes.append(f"{path}: {counted(dropped, 'link')} met relationship not_related weggelaten")
    title = reader.text(mapping_set, "name", path)
    source_id, target_id = ends["source"]["checklist"], ends["target"]["checklist"]
    identifier = f"{source_id}-naar-{target_id}"[:MAX_ID].strip("-")
    data: dict[str, Any] = {
        "kind": "mapping", "id": identifier, "version": own_version,
        "title": title or f"{source_id} ↔ {target_id}", "source": ends["source"], "target": ends["target"],
    }
    data["pairs"] = pairs
    return MappingFile(source_id, target_id, title, data)


def complete_versions(mapping: MappingFile, known: Collection[tuple[str, str]]) -> list[str]:
    """Fill in the checklist versions a mapping set does not name (CISO Assistant names frameworks, not
    versions) from the checklist versions ``known`` (id, version); returns the notes to show.

    A CISO framework library is converted into one version, so an id known in one version is that one;
    when several are known, the highest version counts and a note says so.

    Raises:
        ConversionError: a checklist the mapping names is not known in any version.
    """
    notes: list[str] = []
    for side in ("source", "target"):
        end = mapping.data[side]
        if end.get("version") is not None:
            continue
        versions = sorted(version for identifier, version in known if identifier == end["checklist"])
        if not versions:
            raise ConversionError([Problem(
                mapping.name, side, f"de versie van checklist '{end['checklist']}' is onbekend: zet eerst dat "
                "framework om en laad het (weerbaar checklist import … zonder -o), of geef het checklistbestand "
                "en --db mee")])
        end["version"] = versions[-1]
        if len(versions) > 1:
            notes.append(f"{mapping.name}: {side} {end['checklist']} versie {versions[-1]} gekozen "
                         f"(bekend: {', '.join(versions)})")
    return notes


def _pair_note(reader: _Reader, entry: dict[str, Any], where: str, relationship: str) -> str | None:
    parts = []
    if relationship in ("subset", "superset", "intersect"):
        parts.append(f"CISO Assistant: {relationship}")
    for key in ("rationale", "annotation"):
        text = reader.text(entry, key, where)
        if text:
            parts.append(f"{key}: {text}")
    return "; ".join(parts) or None


# -- writing ------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style; long and multi-line texts as literal blocks."""


def _text_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def dump_yaml(data: Any, header: Iterable[str] = ()) -> str:
    """Data as readable YAML (keys in the order given, Unicode as is), after ``#`` header lines."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return lines + body


def checklist_yaml(checklist: Checklist, header: Iterable[str] = ()) -> str:
    """A checklist as YAML in the shape of the built-in files (values equal to their default left out)."""
    return dump_yaml(checklist.model_dump(mode="python", exclude_defaults=True), header)
