"""The action plan and the attached documents in the organisation's own report (issue 13).

The plan is the assessment's improvement actions as they stand now (their status, deadline and note
may change after finalising), with the open actions of earlier periods that were not carried into
this one; overdue is measured against the store's clock. The documents annex lists each attached
document by name, size, SHA-256 and date: the content stays in the database.
"""

from __future__ import annotations

from norm.store import AssessmentRecord, Store
from norm.store.attachments import megabytes
from norm.store.plan import is_overdue
from reports.document import Cell, Column, Paragraph, Section, Table, code, text
from reports.formatting import date
from reports.wording import Words


def plan_section(store: Store, record: AssessmentRecord, words: Words | None = None) -> Section:
    """The action plan: this assessment's actions, then open ones of earlier periods still running."""
    w = words or Words()
    today = store.today()
    rows = []
    for action in store.actions(record.id):
        overdue = is_overdue(action, today)
        rows.append([
            text(record.period), code(action.item_code), text(action.description), text(action.owner or "\u2014"),
            text(date(action.deadline, w.language) if action.deadline else "\u2014"),
            Cell(w.label("action_status", action.status) + (w("plan.late") if overdue else ""), "text",
                 tone="slecht" if overdue else "goed" if action.status == "gereed" else None),
            text(action.note or "\u2014"),
        ])
    earlier = [entry for entry in store.action_plan(record.organisation_code)
               if entry.period < record.period and entry.assessment_id != record.id]
    for entry in earlier:
        action = entry.action
        rows.append([
            text(entry.period), code(action.item_code), text(action.description), text(action.owner or "\u2014"),
            text(date(action.deadline, w.language) if action.deadline else "\u2014"),
            Cell(w.label("action_status", action.status) + (w("plan.late") if entry.overdue else ""), "text",
                 tone="slecht" if entry.overdue else None),
            text(action.note or "\u2014"),
        ])
    table = Table(
        w("plan.key"), w("plan.title"),
        [Column(w("col.period"), width=10), Column(w("col.code"), "code", width=12), Column(w("col.action"), width=50),
         Column(w("col.owner"), width=20), Column(w("col.deadline"), width=14), Column(w("col.status"), width=16),
         Column(w("col.note"), width=50)],
        rows, empty_text=w("plan.empty"),
    )
    return Section("actieplan", w("plan.key"), [Paragraph(w("plan.intro")), table])


def documents_section(store: Store, record: AssessmentRecord, words: Words | None = None) -> Section | None:
    """The annex of attached documents, or None when there are none."""
    w = words or Words()
    documents = store.attachments(record.id)
    if not documents:
        return None
    rows = [[code(d.item_code), text(d.name), text(megabytes(d.size)), text(d.sha256),
             text(date(d.added_at[:10], w.language) if d.added_at else "\u2014")] for d in documents]
    table = Table("Documenten", w("plan.documents.title"),
                  [Column(w("col.code"), "code", width=12), Column(w("col.document"), width=40),
                   Column(w("col.size"), width=10), Column("SHA-256", width=66), Column(w("col.added"), width=14)],
                  rows)
    return Section("documenten", w("plan.documents"), [Paragraph(w("plan.documents.intro")), table])
