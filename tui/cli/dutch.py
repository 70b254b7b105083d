"""click's own messages in Dutch: usage errors, help headings, the usage line.

click builds every message it shows with ``gettext`` (``from gettext import gettext as _`` at the top
of its modules) and formats the values in afterwards (``_("No such option {name!r}.").format(...)``).
:func:`install` points those module-level names at this catalogue, so a message is translated where
it is made, in every command, before click formats and shows it; a message that is not in the
catalogue stays as click wrote it (a test lists every message of the installed click that is not
translated on purpose). The translated template also makes every value formatted into it safe for
the terminal (``tui.safe_text``): click quotes some user input raw, e.g. extra arguments.

The usage line's placeholders (``[OPTIONS]``, ``COMMAND [ARGS]...``) are set per command by
:func:`dutch_metavars`.
"""

from __future__ import annotations

import importlib
import os
from typing import SupportsIndex

import click

from tui.safe_text import terminal_safe

MESSAGES: dict[str, str] = {
    # errors and the lines around them
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Usage:": "Gebruik:",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Geen opdracht gegeven.",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekende {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "unknown error": "onbekende fout",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "Value must be an iterable.": "De waarde moet een reeks zijn.",
    "Invalid start character for option ({option})": "Ongeldig beginteken voor een optie ({option})",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} vraagt om {nargs} waarden.",
    # values of the wrong type
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen geldige ja/nee-waarde. Bekende waarden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    # help
    "Options": "Opties",
    "Positional arguments": "Argumenten",
    "Commands": "Opdrachten",
    "env var: {var}": "omgevingsvariabele: {var}",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "(dynamic)": "(wisselt)",
    "deprecated": "vervalt",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Let op: de opdracht {name!r} vervalt.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Let op: {param_type} {name!r} vervalt.{extra_message}",
    "Show the version and exit.": "Toon de versie en stop.",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    "Unknown standard stream '{name}'": "Onbekende standaardstroom '{name}'",
    # questions in the terminal
    "Press any key to continue...": "Druk op een toets om verder te gaan…",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden verschillen.",
    "Error: invalid input": "Fout: ongeldige invoer",
}
"""click's message -> Dutch, for messages with one form."""

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Vraagt om {nargs} waarden maar kreeg er 1.", "Vraagt om {nargs} waarden maar kreeg er {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet toegestaan; alleen {choice} kan.", "{value!r} is niet toegestaan; kies uit {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij het formaat {format}.", "{value!r} past niet bij de formaten {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Er zijn {len_type} waarden nodig, maar er is er {len_value} gegeven.",
         "Er zijn {len_type} waarden nodig, maar er zijn er {len_value} gegeven."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} vraagt om een waarde.", "Optie {name!r} vraagt om {nargs} waarden."),
}
"""click's (singular, plural) -> Dutch (singular, plural)."""

UNTRANSLATED: frozenset[str] = frozenset({
    # Mistakes in the program's own command definitions, never shown to a user of weerbaar.
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Choice({choices})",
    "Unknown color {colour!r}",
})
"""Messages of click that stay English on purpose (checked by a test against the installed click)."""

NUMBER_TYPES = {"integer": "geheel getal", "float": "getal", "integer range": "geheel getal",
                "float range": "getal"}
"""The names click gives its number types, as they read in "… is geen geldig {number_type}"."""

CLICK_MODULES = ("core", "exceptions", "types", "parser", "formatting", "decorators", "utils", "termui")


class Template(str):
    """A translated message; the values formatted into it are made safe for the terminal."""

    def format(self, *args: object, **kwargs: object) -> str:
        return str.format(self, *(_safe(value) for value in args),
                          **{name: _safe(value, name) for name, value in kwargs.items()})


def _safe(value: object, name: str = "") -> object:
    if name == "number_type" and isinstance(value, str) and not _english:
        return NUMBER_TYPES.get(value, value)
    if isinstance(value, str):
        return terminal_safe(value, one_line=True)
    return value


_english = os.environ.get("WEERBAAR_LANG") == "en"


def use_english(english: bool) -> None:
    """Show click's own English messages (``--lang en``) instead of the Dutch ones; still made safe."""
    global _english
    _english = english


ALWAYS_DUTCH = frozenset({"Show this message and exit.", "Show the version and exit."})
"""The help texts of click's own options: click makes them once per command and keeps them, and the help
pages around them are Dutch in every language."""


def gettext(message: str) -> str:
    """click's ``_``: the Dutch template of ``message`` (or ``message`` itself, made safe to format); with
    ``use_english`` click's own English message."""
    english = _english and message not in ALWAYS_DUTCH
    return Template(message if english else MESSAGES.get(message, message))


def ngettext(singular: str, plural: str, count: SupportsIndex) -> str:
    """click's ``ngettext``."""
    dutch = (singular, plural) if _english else PLURALS.get((singular, plural), (singular, plural))
    return Template(dutch[0] if int(count) == 1 else dutch[1])


def install() -> None:
    """Translate click's messages from now on (idempotent; only click's own modules change)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def dutch_metavars(command: click.Command) -> None:
    """``[OPTIES]`` and ``OPDRACHT [ARGUMENTEN]...`` in the usage line of ``command`` and its subcommands."""
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[OPTIES]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = command.subcommand_metavar.replace("COMMAND", "OPDRACHT").replace(
            "ARGS", "ARGUMENTEN")
        for subcommand in command.commands.values():
            dutch_metavars(subcommand)
