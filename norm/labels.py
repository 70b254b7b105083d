"""Display labels for the values of ``norm.vocabulary``, in Dutch and English.

The terminal interface and every report format take their labels from here, so a value is named the
same everywhere. ``label`` is the short form (a table cell, a list entry); ``explained`` adds what the
value means where a user makes a choice or reads a report header.
"""

from __future__ import annotations

from typing import Final, Literal

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

_LABELS: Final[dict[Language, dict[Vocabulary, dict[str, str]]]] = {
    "nl": {
        "status": {"concept": "concept", "definitief": "definitief"},
        "kind": {"nulmeting": "nulmeting", "vervolgmeting": "vervolgmeting"},
        "sharing": {"intern": "intern", "geaggregeerd": "geaggregeerd", "benoemd": "benoemd"},
        "action_status": {"open": "open", "lopend": "lopend", "gereed": "gereed"},
        "organisation_type": {"gemeente": "gemeente", "provincie": "provincie", "waterschap": "waterschap",
                              "riec": "RIEC", "omgevingsdienst": "omgevingsdienst"},
        "item_kind": {"beleid": "beleid", "uitvoering": "uitvoering", "handhaving": "handhaving",
                      "samenwerking": "samenwerking"},
        "origin": {"lokaal": "eigen beoordeling", "import": "ontvangen inzending", "demo": "demo"},
        "verdict": {"voldoet": "voldoet", "voldoet niet": "voldoet niet",
                    "onvolledig": "nog niet te bepalen (open maatregelen)",
                    "geen basisnorm": "geen basisnormmaatregelen"},
        "dimension": {"type": "organisatietype", "police_district": "politiedistrict",
                      "size_class": "grootteklasse"},
        "size_class": {"klein": "klein (tot 20.000 inwoners)", "middelgroot": "middelgroot (20.000 tot 50.000)",
                       "groot": "groot (50.000 tot 100.000)", "zeer groot": "zeer groot (100.000 of meer)"},
        "relation": {"equal": "gelijk", "partial": "deels (controleren)"},
        "login_event": {"aangemeld": "aangemeld", "mislukt": "mislukt", "geblokkeerd": "geblokkeerd",
                        "geweigerd": "geweigerd", "afgemeld": "afgemeld", "verlopen": "verlopen"},
        "role": {"invuller": "invuller", "vaststeller": "vaststeller", "lezer": "lezer",
                 "provincie": "provincie (regionaal)", "riec": "RIEC (regionaal)"},
    },
    "en": {
        "status": {"concept": "draft", "definitief": "final"},
        "kind": {"nulmeting": "baseline", "vervolgmeting": "follow-up"},
        "sharing": {"intern": "internal", "geaggregeerd": "aggregated", "benoemd": "named"},
        "action_status": {"open": "open", "lopend": "in progress", "gereed": "done"},
        "organisation_type": {"gemeente": "municipality", "provincie": "province", "waterschap": "water board",
                              "riec": "RIEC", "omgevingsdienst": "environmental service"},
        "item_kind": {"beleid": "policy", "uitvoering": "implementation", "handhaving": "enforcement",
                      "samenwerking": "cooperation"},
        "origin": {"lokaal": "own assessment", "import": "received submission", "demo": "demo"},
        "verdict": {"voldoet": "meets", "voldoet niet": "does not meet",
                    "onvolledig": "cannot tell yet (open measures)",
                    "geen basisnorm": "no basisnorm measures"},
        "dimension": {"type": "organisation type", "police_district": "police district",
                      "size_class": "size class"},
        "size_class": {"klein": "small (up to 20,000 inhabitants)", "middelgroot": "medium (20,000 to 50,000)",
                       "groot": "large (50,000 to 100,000)", "zeer groot": "very large (100,000 or more)"},
        "relation": {"equal": "equal", "partial": "partial (to check)"},
        "login_event": {"aangemeld": "logged in", "mislukt": "failed", "geblokkeerd": "locked out",
                        "geweigerd": "refused", "afgemeld": "logged out", "verlopen": "timed out"},
        "role": {"invuller": "contributor", "vaststeller": "approver", "lezer": "reader",
                 "provincie": "province (regional)", "riec": "RIEC (regional)"},
    },
}

_EXPLAINED: Final[dict[Language, dict[Vocabulary, dict[str, str]]]] = {
    "nl": {
        "status": {"concept": "concept (nog niet afgerond)", "definitief": "definitief"},
        "sharing": {
            "intern": "intern (alleen eigen organisatie)",
            "geaggregeerd": "geaggregeerd (telt mee, nooit bij naam)",
            "benoemd": "benoemd (mag bij naam worden getoond)",
        },
        "role": {
            "invuller": "invuller (vult concepten in, eventueel alleen toegewezen maatregelen)",
            "vaststeller": "vaststeller (stelt vast en deelt; standaard niet wie invulde)",
            "lezer": "lezer (leest de beoordelingen van de organisatie)",
            "provincie": "provincie (geaggregeerde cijfers, inzamelronde, benoemde organisaties)",
            "riec": "RIEC (geaggregeerde cijfers, inzamelronde, benoemde organisaties)",
        },
    },
    "en": {
        "status": {"concept": "draft (not finished yet)", "definitief": "final"},
        "sharing": {
            "intern": "internal (own organisation only)",
            "geaggregeerd": "aggregated (counts in totals, never by name)",
            "benoemd": "named (may be shown by name)",
        },
        "role": {
            "invuller": "contributor (fills in drafts, optionally only assigned measures)",
            "vaststeller": "approver (finalises and shares; by default not who filled in)",
            "lezer": "reader (reads the organisation's assessments)",
            "provincie": "province (aggregate figures, collection round, named organisations)",
            "riec": "RIEC (aggregate figures, collection round, named organisations)",
        },
    },
}

_PLURAL: Final[dict[Language, dict[str, str]]] = {
    "nl": {"gemeente": "gemeenten", "provincie": "provincies", "waterschap": "waterschappen", "riec": "RIEC's",
           "omgevingsdienst": "omgevingsdiensten"},
    "en": {"gemeente": "municipalities", "provincie": "provinces", "waterschap": "water boards", "riec": "RIECs",
           "omgevingsdienst": "environmental services"},
}


OTHER_GROUP: Final[dict[Language, str]] = {"nl": "overige organisaties", "en": "other organisations"}
"""The group of organisations without a value for a grouping dimension."""


def label(vocabulary: Vocabulary, value: str, language: Language = "nl") -> str:
    """The short display label of a value; an unknown value is shown as it is."""
    return _LABELS[language][vocabulary].get(value, value)


def explained(vocabulary: Vocabulary, value: str, language: Language = "nl") -> str:
    """The label with what it means (where the vocabulary has explanations), else the short label."""
    return _EXPLAINED[language].get(vocabulary, {}).get(value) or label(vocabulary, value, language)


def organisation_type_plural(value: str, language: Language = "nl") -> str:
    """The plural of an organisation type, as a group heading in reports ("gemeenten")."""
    return _PLURAL[language].get(value, value)
