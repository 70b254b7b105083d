"""The one canonical JSON text of weerbaar: what content hashes and stored snapshots are made of.

Not RFC 8785: floats are written as Python writes them (``2.0``, not ``2``). Bundles already in
circulation are hashed over this text, so it stays as it is until signed bundles bring RFC 8785.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(data: Any) -> str:
    """Stable JSON text: sorted keys, no insignificant whitespace, UTF-8 kept as is.

    Raises:
        ValueError: the data holds NaN or an infinity, which JSON has no way to write.
        TypeError: the data holds a value that is not JSON (a set, a date, an object).
        RecursionError: the data is nested too deeply.
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
