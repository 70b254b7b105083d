"""Who may do what in a hosted weerbaar database: the acting user (``Principal``), their roles
(``Grant``) and the policy (``Principal.allows``). The store (``norm.store``) checks every method that
reads or writes an organisation's data against it; the screens and the command line only show what
the store refused (``ForbiddenError``).

A store opened without a principal (``Store(path)``, ``principal=None``) is the local single-user
mode: the person who owns the database file on their own laptop may do everything, as before
accounts existed. Whoever can write the file can do anything with it anyway (see
``norm.store.schema``); roles protect users of a server from each other, not the file from its owner.

Roles per organisation (``norm.vocabulary.ORGANISATION_ROLES``):

- ``invuller``: reads the organisation's assessments, starts and fills in concepts (answers,
  improvement actions), assigns themes or measures to colleagues. With ``assigned_only`` only the
  measures assigned to them (directly or through their theme) in an assessment.
- ``vaststeller``: reads, finalises and sets the sharing level (a consent). By default not the same
  person who entered answers in that assessment (the change log tells who entered what); the store
  setting ``FOUR_EYES_SETTING`` = ``uit`` lifts that for organisations of one person.
- ``lezer``: reads.

Regional roles (``norm.vocabulary.REGIONAL_ROLES``), granted without an organisation:

- ``provincie``, ``riec``: the collection round (receiving submissions, ``receive``), aggregate figures
  over definitive shared assessments (``aggregate``, read inside ``Store.aggregate_reading``) and the
  named data of assessments whose organisation chose ``benoemd``. Never a concept, never ``intern``.

Administration (grants, organisations, checklists, mapping files, demo data) is the local mode's:
``weerbaar`` on the command line by the owner of the database file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from norm.vocabulary import (
    CONCEPT,
    DEFINITIVE,
    ORGANISATION_ROLES,
    REGIONAL_ROLES,
    SHAREABLE_LEVELS,
    Role,
)

Action = Literal["read", "edit", "create", "finalise", "share", "receive", "aggregate", "admin"]
"""What a store method does to an organisation's data (the policy's verbs)."""
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)

FOUR_EYES_SETTING: Final = "toegang.vaststeller_niet_invuller"
"""Store setting: ``aan`` (default) refuses finalising by someone who entered answers; ``uit`` allows it."""

_ALLOWED: Final[dict[Action, frozenset[str]]] = {
    "read": frozenset(ORGANISATION_ROLES),
    "edit": frozenset({"invuller"}),
    "create": frozenset({"invuller", "vaststeller"}),
    "finalise": frozenset({"vaststeller"}),
    "share": frozenset({"vaststeller"}),
    "receive": frozenset(REGIONAL_ROLES),
    "aggregate": frozenset(ORGANISATION_ROLES) | frozenset(REGIONAL_ROLES),
    "admin": frozenset(),
}
"""Which roles allow an action on an organisation's data (regional roles hold for every organisation)."""

_DUTCH: Final[dict[Action, str]] = {
    "read": "de gegevens{whose} in te zien",
    "edit": "de beoordeling{whose} in te vullen",
    "create": "beoordelingen{whose} te beginnen, te verwijderen of toe te wijzen",
    "finalise": "de beoordeling{whose} vast te stellen",
    "share": "het deelniveau{whose} te kiezen",
    "receive": "inzendingen{whose} te ontvangen",
    "aggregate": "geaggregeerde cijfers{whose} in te zien",
    "admin": "dit te beheren (alleen de beheerder van het databasebestand)",
}


@dataclass(frozen=True)
class Grant:
    """One role of a user: for an organisation (``organisation_code``) or regional (None)."""

    role: Role
    organisation_code: str | None = None
    assigned_only: bool = False

    @property
    def regional(self) -> bool:
        return self.role in REGIONAL_ROLES


@dataclass(frozen=True)
class Principal:
    """The acting user of a hosted database: username (as in the change log), display name, roles."""

    username: str
    display_name: str = ""
    grants: tuple[Grant, ...] = field(default=())

    @property
    def name(self) -> str:
        """The display name, else the username."""
        return self.display_name or self.username

    @property
    def regional(self) -> bool:
        """Whether the user holds a regional role (provincie, riec)."""
        return any(grant.regional for grant in self.grants)

    def roles(self, organisation_code: str | None) -> frozenset[str]:
        """The roles held for an organisation (organisation codes compare case-insensitively)."""
        code = (organisation_code or "").lower()
        return frozenset(g.role for g in self.grants
                         if not g.regional and g.organisation_code is not None and g.organisation_code.lower() == code)

    def organisations(self) -> frozenset[str]:
        """The codes of the organisations the user holds a role for (lower case)."""
        return frozenset(g.organisation_code.lower() for g in self.grants
                         if not g.regional and g.organisation_code is not None)

    def assigned_only(self, organisation_code: str) -> bool:
        """Whether the user may fill in only the measures assigned to them (an ``invuller`` grant says so)."""
        code = organisation_code.lower()
        return any(g.role == "invuller" and g.assigned_only for g in self.grants
                   if g.organisation_code is not None and g.organisation_code.lower() == code)

    def allows(self, action: Action, organisation_code: str | None, *, status: str | None = None,
               sharing: str | None = None) -> bool:
        """Whether the policy lets this user do ``action`` to an organisation's data.

        ``status`` and ``sharing`` describe the assessment concerned, when there is one: a regional
        role reads (``read``) only definitive ``benoemd`` assessments, and aggregates (``aggregate``)
        only definitive shared ones.
        """
        allowed = _ALLOWED[action]
        if action == "admin":
            return False
        own = bool(self.roles(organisation_code) & allowed)
        if action == "aggregate":
            # Any user of the server sees aggregate figures of definitive shared assessments (the
            # peer comparison, the regional reports), and their own organisation's as they are.
            return own or (bool(self.grants) and (status is None or _shared(status, sharing)))
        if own:
            return True
        if not self.regional:
            return False
        if action == "receive":
            return True
        if action == "read":
            return status == DEFINITIVE and sharing == "benoemd"
        return False

    def refusal(self, action: Action, organisation_name: str | None = None) -> str:
        """The Dutch one-line message of a refused action."""
        whose = f" van {organisation_name}" if organisation_name else ""
        return f"Gebruiker {self.username} heeft geen recht om {_DUTCH[action].format(whose=whose)}."


def _shared(status: str, sharing: str | None) -> bool:
    return status != CONCEPT and sharing in SHAREABLE_LEVELS

