"""Benchmarks received from the province in the store (issue #11, ``norm.benchmark``).

``Store`` inherits these methods. A benchmark holds only figures the province publishes (no
organisation's data), so any user of the database may read it; importing one is the database owner's
administration (local mode), like loading a checklist or a mapping file. Verifying the file is
``norm.benchmark``'s job: the store only keeps what it was given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.store.connection import Connection

if TYPE_CHECKING:
    from norm.access import Action


@dataclass(frozen=True)
class StoredBenchmark:
    """One imported benchmark file."""

    id: int
    checklist_id: str
    checklist_version: str
    checklist_hash: str
    period: str
    release_date: str
    issuer: str
    signer_fingerprint: str
    payload_hash: str
    payload: dict[str, Any]
    imported_at: str


def _benchmark(row: Any) -> StoredBenchmark:
    return StoredBenchmark(row["id"], row["checklist_id"], row["checklist_version"], row["checklist_hash"],
                           row["period"], row["release_date"], row["issuer"], row["signer_fingerprint"],
                           row["payload_hash"], json.loads(row["payload"]), row["imported_at"])


class BenchmarkMethods(Connection):
    """The benchmark part of ``Store``."""

    if TYPE_CHECKING:  # provided by Store (norm.store.access)

        def _require(self, action: Action, organisation_code: str | None) -> None: ...

    def add_benchmark(self, payload: dict[str, Any], signer_fingerprint: str, payload_hash: str
                      ) -> tuple[StoredBenchmark, bool]:
        """Store a verified benchmark payload; returns it and whether it is new (False: this file was
        imported before, nothing written).

        Raises:
            ForbiddenError: a user of a hosted database (importing is the owner's administration).
            StoreError: the database refused the row.
        """
        self._require("admin", None)
        existing = self._row("SELECT * FROM benchmarks WHERE payload_hash = ?", [payload_hash])
        if existing is not None:
            return _benchmark(existing), False
        checklist = payload["checklist"]
        now = self.clock()
        with self.write():
            self._insert(
                "INSERT INTO benchmarks (checklist_id, checklist_version, checklist_hash, period, release_date, "
                "issuer, signer_fingerprint, payload_hash, payload, imported_at, imported_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [checklist["id"], checklist["version"], checklist["content_hash"], payload["period"],
                 payload["release"]["created_at"], payload["issuer"], signer_fingerprint, payload_hash,
                 json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False), now, self.actor])
            self._log("benchmark", "ontvangen", None, f"{checklist['id']} {payload['period']} van {payload['issuer']}",
                      at=now)
        row = self._row("SELECT * FROM benchmarks WHERE payload_hash = ?", [payload_hash])
        assert row is not None
        return _benchmark(row), True

    def benchmarks(self) -> list[StoredBenchmark]:
        """Every imported benchmark, oldest first."""
        self._require("aggregate", None)
        return [_benchmark(r) for r in self._rows("SELECT * FROM benchmarks ORDER BY id")]

    def latest_benchmark(self, checklist_id: str, period: str) -> StoredBenchmark | None:
        """The newest benchmark of a checklist and period (by release date, then import), if any."""
        self._require("aggregate", None)
        row = self._row("SELECT * FROM benchmarks WHERE checklist_id = ? AND period = ? "
                        "ORDER BY release_date DESC, id DESC LIMIT 1", [checklist_id, period])
        return _benchmark(row) if row else None
