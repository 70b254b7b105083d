"""The report kinds and output formats are two tables; every kind renders in every format (or the
format refuses with a clear ReportError), driven from the tables themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reports_support import ORGANISATIONS, make_store, shown_text, submit

from norm.store import Store
from reports import OUTPUT_FORMATS, REPORT_KINDS, ReportError, build_report, format_for_path, render
from reports.kinds import KIND_LABELS, ReportKind

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK\x03\x04", "docx": b"PK\x03\x04", "html": b"<!DOCTYPE html>"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[int]]]:
    store = make_store(tmp_path_factory.mktemp("tables") / "tables.db")
    ids = [submit(store, code, "2025", "benoemd", default=index % 4) for index, code in enumerate(GEMEENTEN)]
    ids.append(submit(store, GEMEENTEN[0], "2026", "benoemd", default=3))
    yield store, ids
    store.close()


def arguments(kind: ReportKind, ids: list[int]) -> dict[str, object]:
    """What the table says a kind needs: assessment ids, or nothing (a regional report)."""
    if kind.regional:
        return {"min_group": 3}
    # Two assessments of the same organisation for a comparison (2025 and 2026 of the first one).
    chosen = [ids[0], ids[-1]][: kind.assessments]
    return {"ids": chosen, "min_group": 3}


def test_the_tables_have_unique_ids_suffixes_and_labels() -> None:
    kind_ids = [kind.id for kind in REPORT_KINDS]
    assert len(set(kind_ids)) == len(kind_ids) and all(kind.label for kind in REPORT_KINDS)
    assert dict(KIND_LABELS) == {kind.id: kind.label for kind in REPORT_KINDS}
    suffixes = [suffix for fmt in OUTPUT_FORMATS for suffix in fmt.suffixes]
    assert len(set(suffixes)) == len(suffixes)
    for fmt in OUTPUT_FORMATS:
        assert format_for_path(Path(f"rapport{fmt.suffix.upper()}")) is fmt
    assert {kind.scope for kind in REPORT_KINDS} == {"assessment", "regional"}


@pytest.mark.parametrize("kind", REPORT_KINDS, ids=lambda kind: kind.id)
def test_every_kind_renders_in_every_format(store: tuple[Store, list[int]], kind: ReportKind) -> None:
    db, ids = store
    document = build_report(db, kind.id, **arguments(kind, ids))  # type: ignore[arg-type]
    assert document.kind == kind.id, "the document carries the id of its kind, so every format finds its label"
    for fmt in OUTPUT_FORMATS:
        try:
            data = render(document, fmt.id, bom=True)
        except ReportError as error:  # allowed: a format that cannot be made here says why, in Dutch
            message = str(error)
            assert message and "Traceback" not in message and ("installeer" in message.lower()), message
            continue
        assert data, (kind.id, fmt.id)
        if fmt.id in MAGIC:
            assert data.startswith(MAGIC[fmt.id]), (kind.id, fmt.id)
        if fmt.id == "pdf":
            continue
        text = shown_text(fmt.id, data)
        assert kind.label in text, (kind.id, fmt.id)


@pytest.mark.parametrize("kind", REPORT_KINDS, ids=lambda kind: kind.id)
def test_a_kind_refuses_what_the_table_says_it_does_not_take(store: tuple[Store, list[int]],
                                                             kind: ReportKind) -> None:
    db, ids = store
    if kind.regional:
        with pytest.raises(ReportError, match="neemt geen beoordelingsnummers"):
            build_report(db, kind.id, ids=[ids[0]], min_group=3)
    else:
        with pytest.raises(ReportError, match="vraagt om"):
            build_report(db, kind.id, ids=ids[: kind.assessments + 1], min_group=3)
        with pytest.raises(ReportError, match="horen bij 'province' en 'gaps'"):
            build_report(db, kind.id, ids=ids[: kind.assessments], period="2025", min_group=3)


def test_unknown_kind_and_format_name_the_choices(store: tuple[Store, list[int]]) -> None:
    db, ids = store
    with pytest.raises(ReportError, match="kies uit: " + ", ".join(kind.id for kind in REPORT_KINDS)):
        build_report(db, "taart")
    document = build_report(db, "org", ids=[ids[0]])
    with pytest.raises(ReportError, match="kies uit: " + ", ".join(fmt.id for fmt in OUTPUT_FORMATS)):
        render(document, "odt")
