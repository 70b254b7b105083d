"""Every closed value list and every identifier pattern of weerbaar, each defined once.

The models (pydantic ``Literal`` fields), the store's validation, the bundle models and the command
line's ``click.Choice`` all take their values from here: a ``Literal`` type for the type checker and
pydantic, and the tuple of its values (``typing.get_args``) for loops, messages and choices. Display
labels for these values live with the other texts, in ``norm.labels``.
"""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

# -- assessments --------------------------------------------------------------------------------

AssessmentKind = Literal["nulmeting", "vervolgmeting"]
"""Whether an assessment is the first (baseline) or a follow-up measurement."""
KINDS: Final[tuple[AssessmentKind, ...]] = get_args(AssessmentKind)

Status = Literal["concept", "definitief"]
"""A concept can change; a definitive assessment is locked."""
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
CONCEPT: Final[Status] = "concept"
DEFINITIVE: Final[Status] = "definitief"

SharedLevel = Literal["geaggregeerd", "benoemd"]
"""The sharing levels that let an assessment leave the organisation."""
SharingLevel = Literal["intern", SharedLevel]
"""How the receiver may use an assessment, chosen by the organisation that made it."""
SHARING_LEVELS: Final[tuple[SharingLevel, ...]] = get_args(SharingLevel)
SHAREABLE_LEVELS: Final[tuple[SharedLevel, ...]] = get_args(SharedLevel)
DEFAULT_SHARING: Final[SharingLevel] = "intern"

Origin = Literal["lokaal", "import", "demo"]
"""Where an assessment came from: made here, imported from a bundle, or synthetic demo data."""
ORIGINS: Final[tuple[Origin, ...]] = get_args(Origin)
LOCAL: Final[Origin] = "lokaal"
IMPORTED: Final[Origin] = "import"
DEMO: Final[Origin] = "demo"

ActionStatus = Literal["open", "lopend", "gereed"]
"""The progress of an improvement action."""
ACTION_STATUSES: Final[tuple[ActionStatus, ...]] = get_args(ActionStatus)
DONE_ACTION_STATUS: Final[ActionStatus] = "gereed"

# -- access (hosted mode) ---------------------------------------------------------------------

Role = Literal["invuller", "vaststeller", "lezer", "provincie", "riec"]
"""What a user may do in a hosted database (``norm.access``): per organisation ``invuller`` (fills in
concepts), ``vaststeller`` (finalises, shares, signs off) and ``lezer`` (reads); regional ``provincie``
and ``riec`` (aggregate figures, the collection round, named data of ``benoemd`` organisations)."""
ROLES: Final[tuple[Role, ...]] = get_args(Role)
OrganisationRole = Literal["invuller", "vaststeller", "lezer"]
ORGANISATION_ROLES: Final[tuple[OrganisationRole, ...]] = get_args(OrganisationRole)
RegionalRole = Literal["provincie", "riec"]
REGIONAL_ROLES: Final[tuple[RegionalRole, ...]] = get_args(RegionalRole)

# -- organisations and checklists ---------------------------------------------------------------

OrganisationType = Literal["gemeente", "provincie", "waterschap", "riec", "omgevingsdienst"]
"""The built-in kinds of organisation a measure can apply to (the default register); a checklist may
declare more (``Checklist.organisation_types``)."""
ORGANISATION_TYPES: Final[tuple[OrganisationType, ...]] = get_args(OrganisationType)

ChecklistStatus = Literal["concept", "vastgesteld"]
"""Whether a checklist (the norm itself) is a draft or has been adopted."""
CHECKLIST_STATUSES: Final[tuple[ChecklistStatus, ...]] = get_args(ChecklistStatus)

ItemKind = Literal["beleid", "uitvoering", "handhaving", "samenwerking"]
"""What kind of measure an item is."""
ITEM_KINDS: Final[tuple[ItemKind, ...]] = get_args(ItemKind)

TierScope = Literal["all", "basisnorm"]
"""Which measures a growth-stage condition counts."""
TIER_SCOPES: Final[tuple[TierScope, ...]] = get_args(TierScope)

MappingRelation = Literal["equal", "partial"]
"""How a measure of one checklist relates to one of another (a mapping file): ``equal`` lets one
answer serve both; ``partial`` makes the answer a hint the user must confirm."""
MAPPING_RELATIONS: Final[tuple[MappingRelation, ...]] = get_args(MappingRelation)

Verdict = Literal["voldoet", "voldoet niet", "onvolledig", "geen basisnorm"]
"""An organisation's verdict against the basisnorm."""
VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)

Dimension = Literal["type", "police_district", "size_class"]
"""The ways regional reports group organisations."""
DIMENSIONS: Final[tuple[Dimension, ...]] = get_args(Dimension)

SizeClass = Literal["klein", "middelgroot", "groot", "zeer groot"]
"""A municipality's size class by inhabitants, smallest first."""
SIZE_CLASSES: Final[tuple[SizeClass, ...]] = get_args(SizeClass)
SIZE_CLASS_UPPER_BOUNDS: Final[dict[SizeClass, int | None]] = {
    "klein": 20_000, "middelgroot": 50_000, "groot": 100_000, "zeer groot": None,
}
"""The first population that no longer falls in a class (None: no upper bound)."""

LoginEvent = Literal["aangemeld", "mislukt", "geblokkeerd", "geweigerd", "afgemeld", "verlopen"]
"""What the login audit log records of hosted mode (``weerbaar serve``): a login that succeeded (with
a password or through a trusted proxy), a wrong password or code, a refusal because the account is
locked after repeated failures, a refusal for another reason (disabled account, too many sessions,
untrusted origin), a logout, and a session ended by the idle timeout."""
LOGIN_EVENTS: Final[tuple[LoginEvent, ...]] = get_args(LoginEvent)

# -- identifier patterns ------------------------------------------------------------------------
# Each as the text of a regular expression (pydantic's ``StringConstraints(pattern=...)`` takes text)
# and compiled for code that checks by hand.

SLUG = r"^[a-z0-9][a-z0-9-]*$"
"""Checklist ids, tier ids and source ids: lower-case words joined by hyphens."""
ITEM_CODE = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
"""A measure's stable code, e.g. ``UWN-A01``."""
THEME_CODE = r"^[A-Z0-9][A-Z0-9-]*$"
ORGANISATION_CODE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
"""An organisation's code, e.g. the CBS code ``GM0344``."""
ORGANISATION_TYPE_CODE = r"^[a-z][a-z0-9-]{0,39}$"
"""An organisation type's code: ``gemeente`` or one a checklist declares, such as ``om``."""
LANGUAGE = r"^[a-z]{2,3}$"
"""A language code (ISO 639), such as ``nl`` or ``en``."""

USERNAME = r"^[a-z0-9][a-z0-9._@-]{0,63}$"
"""A hosted-mode account name: lower case, digits and ``. _ @ -`` (an e-mail address fits)."""

PERIOD = r"^[0-9A-Za-z][0-9A-Za-z ._/-]{0,31}$"
"""A period label such as ``2026`` or ``2026-H1``."""
UID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256 = r"^[0-9a-f]{64}$"

SLUG_PATTERN: Final = re.compile(SLUG)
ITEM_CODE_PATTERN: Final = re.compile(ITEM_CODE)
ORGANISATION_CODE_PATTERN: Final = re.compile(ORGANISATION_CODE)
ORGANISATION_TYPE_CODE_PATTERN: Final = re.compile(ORGANISATION_TYPE_CODE)
PERIOD_PATTERN: Final = re.compile(PERIOD)
USERNAME_PATTERN: Final = re.compile(USERNAME)

# -- limits -------------------------------------------------------------------------------------

MAX_TEXT: Final = 20_000
"""The longest free text (comment, evidence, reason, action) the store accepts, in characters."""
MAX_NAME: Final = 200
"""The longest name (of an organisation, a person, an owner) the store accepts."""
MAX_ATTACHMENT_BYTES: Final = 20 * 1024 * 1024
"""The largest document that can be attached to a measure (20 MB): it lives inside the database."""
