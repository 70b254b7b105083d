"""The JSON Schema of the checklist format, generated from the models (``docs/checklist.schema.json``).

``python -m norm.checklist.schema > docs/checklist.schema.json`` writes it; a test checks the file is
up to date. The schema covers the fields and their forms; the checks that span several fields
(codes unique, targets on the scale, ``na_allowed`` against the floor, …) are the loader's.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from norm.checklist.model import Checklist


def checklist_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a checklist definition as the YAML or JSON an author writes."""
    schema = Checklist.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://weerbaar.invalid/schema/checklist-2.json",
        **schema,
    }


def schema_text() -> str:
    """``checklist_json_schema`` as the text of docs/checklist.schema.json."""
    return json.dumps(checklist_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - tiny generator
    sys.stdout.write(schema_text())
