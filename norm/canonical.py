"""The one canonical JSON text of weerbaar: what content hashes and stored snapshots are made of."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(data: Any) -> str:
    """Stable JSON text: sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
