"""Checklist definitions: the models (``model``) and loading them from YAML or a snapshot (``loading``)."""

from norm.checklist.loading import (
    MAX_FILE_BYTES,
    ChecklistError,
    Problem,
    checklist_from_snapshot,
    load_checklist_file,
    load_yaml_text,
    parse_checklist,
    problems_from_validation_error,
)
from norm.checklist.model import (
    Checklist,
    EnglishTexts,
    Item,
    ItemSource,
    LegalBasis,
    OrganisationTypeDefinition,
    Question,
    ScaleLevel,
    SourceDocument,
    Theme,
    Tier,
    TierCondition,
)

__all__ = [
    "MAX_FILE_BYTES",
    "Checklist",
    "ChecklistError",
    "EnglishTexts",
    "Item",
    "ItemSource",
    "LegalBasis",
    "OrganisationTypeDefinition",
    "Question",
    "Problem",
    "ScaleLevel",
    "SourceDocument",
    "Theme",
    "Tier",
    "TierCondition",
    "checklist_from_snapshot",
    "load_checklist_file",
    "load_yaml_text",
    "parse_checklist",
    "problems_from_validation_error",
]
