"""The action plan and the attached documents in the organisation's own report (issue 13).

The plan is the assessment's improvement actions as they stand now (their status, deadline and note
may change after finalising), with the open actions of earlier periods that were not carried into
this one; overdue is measured against the store's clock. The documents annex lists each attached
document by name, size, SHA-256 and date: the content stays in the database.
"""

from __future__ import annotations

from norm.labels import label
from norm.store import AssessmentRecord, Store
from norm.store.attachments import megabytes
from norm.store.plan import is_overdue
from reports.document import Cell, Column, Paragraph, Section, Table, code, text
from reports.formatting import date


def plan_section(store: Store, record: AssessmentRecord) -> Section:
    """The action plan: this assessment's actions, then open ones of earlier periods still running."""
    today = store.today()
    rows = []
    for action in store.actions(record.id):
        overdue = is_overdue(action, today)
        rows.append([
            text(record.period), code(action.item_code), text(action.description), text(action.owner or "\u2014"),
            text(date(action.deadline) if action.deadline else "\u2014"),
            Cell(label("action_status", action.status) + (" (te laat)" if overdue else ""), "text",
                 tone="slecht" if overdue else "goed" if action.status == "gereed" else None),
            text(action.note or "\u2014"),
        ])
    earlier = [entry for entry in store.action_plan(record.organisation_code)
               if entry.period < record.period and entry.assessment_id != record.id]
    for entry in earlier:
        action = entry.action
        rows.append([
            text(entry.period), code(action.item_code), text(action.description), text(action.owner or "\u2014"),
            text(date(action.deadline) if action.deadline else "\u2014"),
            Cell(label("action_status", action.status) + (" (te laat)" if entry.overdue else ""), "text",
                 tone="slecht" if entry.overdue else None),
            text(action.note or "\u2014"),
        ])
    table = Table(
        "Actieplan", "Verbeteracties en hun voortgang",
        [Column("Periode", width=10), Column("Code", "code", width=12), Column("Actie", width=50),
         Column("Eigenaar", width=20), Column("Deadline", width=14), Column("Status", width=16),
         Column("Notitie", width=50)],
        rows, empty_text="Geen verbeteracties vastgelegd.",
    )
    intro = Paragraph("Het oordeel staat vast met de vaststelling; het actieplan leeft door. Status, deadline en "
                      "notitie tonen de stand van nu; te laat betekent: deadline verstreken en niet gereed. "
                      "Openstaande acties uit eerdere perioden die niet zijn meegenomen staan er ook bij.")
    return Section("actieplan", "Actieplan", [intro, table])


def documents_section(store: Store, record: AssessmentRecord) -> Section | None:
    """The annex of attached documents, or None when there are none."""
    documents = store.attachments(record.id)
    if not documents:
        return None
    rows = [[code(d.item_code), text(d.name), text(megabytes(d.size)), text(d.sha256),
             text(date(d.added_at[:10]) if d.added_at else "\u2014")] for d in documents]
    table = Table("Documenten", "Documenten als bewijs",
                  [Column("Code", "code", width=12), Column("Document", width=40), Column("Grootte", width=10),
                   Column("SHA-256", width=66), Column("Toegevoegd", width=14)], rows)
    intro = Paragraph("De documenten zelf staan in de database van de organisatie; de SHA-256 laat zien dat een "
                      "aangeleverd exemplaar hetzelfde is.")
    return Section("documenten", "Bijlage: documenten", [intro, table])
