"""The start screen: pick the organisation (type to filter), see its assessments, start, open,
share or delete one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from norm.scoring import AssessmentScore
from norm.store import AssessmentRecord, Organisation, Store, StoreError
from tui.i18n import kind_label, local, percentage, sharing_label, status_label, t, verdict_label
from tui.messages import (
    AskConfirmation,
    AskExport,
    AskImport,
    AskSharing,
    OpenAssessment,
    OpenCollection,
    ShowResult,
    StartNewAssessment,
)
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.base import Plain, TextField, localise_bindings

WIDE = 140
CHECKLIST_COLUMN = 24


@dataclass(frozen=True)
class AssessmentRow:
    record: AssessmentRecord
    score: AssessmentScore


def org_matches(organisation: Organisation, text: str) -> bool:
    haystack = f"{organisation.name} {organisation.code} {organisation.type}".lower()
    return all(word in haystack for word in text.lower().split())


class OrgList(OptionList):
    """The organisations that match the filter."""

    BINDINGS = [Binding("enter", "select", "b.choose", id="weerbaar.start.choose_org")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)


class AssessmentTable(DataTable[object]):
    """The assessments of the chosen organisation."""

    BINDINGS = [Binding("enter", "select_cursor", "b.open", id="weerbaar.start.open")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise_bindings(self)


class StartScreen(WeerbaarScreen):
    BINDINGS = [
        Binding("ctrl+n", "new", "b.new", id="weerbaar.start.new"),
        Binding("r", "result", "b.result", id="weerbaar.start.result"),
        Binding("s", "share", "b.share", id="weerbaar.start.share"),
        Binding("delete", "delete", "b.delete", key_display="Del", id="weerbaar.start.delete"),
        Binding("x", "export", "b.export", show=False, id="weerbaar.start.export"),
        Binding("i", "import", "b.import", show=False, id="weerbaar.start.import"),
        Binding("z", "collection", "b.collection", show=False, id="weerbaar.start.collection"),
        Binding("ctrl+f", "find_org", "b.filter_orgs", show=False, id="weerbaar.start.find"),
        Binding("down", "org_down", "b.org_down", show=False, id="weerbaar.start.org_down"),
        Binding("up", "org_up", "b.org_up", show=False, id="weerbaar.start.org_up"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.organisations: list[Organisation] = []
        self.organisation: Organisation | None = None
        self.rows: list[AssessmentRow] = []
        self._loaded_for: str | None = None

    @property
    def help_title(self) -> str:
        return t("start.title")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain(t("start.intro"), id="start-intro")
        with Horizontal(id="start-body"):
            with Vertical(id="org-pane"):
                yield TextField(placeholder=t("start.filter_placeholder"), id="org-filter")
                yield OrgList(id="orgs")
            with Vertical(id="assessment-pane"):
                yield Plain(t("start.loading"), id="assessments-title")
                yield AssessmentTable(id="assessments", cursor_type="row", zebra_stripes=True)
                yield Plain("", id="assessments-empty")
                yield Plain("", id="assessment-summary")
        yield Footer(compact=True, show_command_palette=False)
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")

    def on_mount(self) -> None:
        self.query_one("#org-filter", TextField).focus()
        self._load_organisations()

    def on_screen_resume(self) -> None:
        if self.organisation is not None:
            self._load_assessments(self.organisation.code)

    # -- organisations --------------------------------------------------------------------------

    @work(exclusive=True, group="start-orgs", exit_on_error=False)
    async def _load_organisations(self) -> None:
        try:
            organisations = await asyncio.to_thread(self.store.organisations)
            last = await asyncio.to_thread(self.store.setting, "last_organisation")
        except StoreError as error:
            self.query_one("#assessments-title", Static).update(str(error))
            return
        self.organisations = organisations
        if not organisations:
            self.query_one("#assessments-title", Static).update(t("start.no_orgs_db"))
            return
        self._fill_orgs(prefer=last)

    def _fill_orgs(self, prefer: str | None = None) -> None:
        text = self.query_one("#org-filter", TextField).value
        shown = [org for org in self.organisations if org_matches(org, text)]
        org_list = self.query_one(OrgList)
        org_list.set_options(
            Option(Text.assemble((f"{terminal_safe(org.code):<7}", "dim"), " ", terminal_safe(org.name, one_line=True)),
                   id=org.code)
            for org in shown
        )
        if not shown:
            self.query_one("#assessments-title", Static).update(t("start.no_orgs", text=text))
            return
        codes = [org.code for org in shown]
        wanted = prefer or (self.organisation.code if self.organisation else None)
        org_list.highlighted = codes.index(wanted) if wanted in codes else 0

    @on(Input.Changed, "#org-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill_orgs()

    @on(OptionList.OptionHighlighted, "#orgs")
    def _org_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        code = event.option.id
        organisation = next((org for org in self.organisations if org.code == code), None)
        if organisation is None or (self.organisation and self.organisation.code == code):
            return
        self.organisation = organisation
        self._load_assessments(organisation.code)

    @on(Input.Submitted, "#org-filter")
    @on(OptionList.OptionSelected, "#orgs")
    def _org_chosen(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        event.stop()
        if self.organisation is None:
            return
        if self.rows and self._loaded_for == self.organisation.code:
            self.query_one(AssessmentTable).focus()
        else:
            self.action_new()

    def action_org_down(self) -> None:
        self.query_one(OrgList).action_cursor_down()

    def action_org_up(self) -> None:
        self.query_one(OrgList).action_cursor_up()

    def action_find_org(self) -> None:
        self.query_one("#org-filter", TextField).focus()

    # -- assessments ----------------------------------------------------------------------------

    @work(exclusive=True, group="start-assessments", exit_on_error=False)
    async def _load_assessments(self, code: str) -> None:
        def load() -> list[AssessmentRow]:
            records = self.store.assessments(organisation_code=code)
            return [AssessmentRow(record, self.store.score(record.id)) for record in records]

        try:
            rows = await asyncio.to_thread(load)
        except StoreError as error:
            self.show_error(error)
            return
        if self.organisation is None or self.organisation.code != code:
            return
        self.rows = rows
        self._loaded_for = code
        self._fill_table()

    def _fill_table(self) -> None:
        organisation = self.organisation
        if organisation is None:
            return
        self.query_one("#assessments-title", Static).update(
            Text(t("start.assessments_of", name=organisation.name, code=organisation.code), style="bold")
        )
        table = self.query_one(AssessmentTable)
        selected = self.selected_row()
        wide = self.size.width >= WIDE
        table.clear(columns=True)
        columns = ["checklist", "period", *(["kind"] if wide else []), "status", "complete", "score", "sharing"]
        for column in columns:
            table.add_column(t(f"start.col.{column}"), key=column)
        for row in self.rows:
            record, score = row.record, row.score
            title = terminal_safe(record.checklist_title, one_line=True)
            if len(title) > CHECKLIST_COLUMN:
                title = title[: CHECKLIST_COLUMN - 1] + "…"
            status_style = "bold green" if record.is_definitive else ""
            cells: list[object] = [Text(title), Text(terminal_safe(record.period, one_line=True))]
            if wide:
                cells.append(Text(kind_label(record.kind)))
            cells += [
                Text(status_label(record.status), style=status_style),
                Text(percentage(score.completeness), justify="right"),
                Text(percentage(score.overall), justify="right"),
                Text(sharing_label(record.sharing)),
            ]
            table.add_row(*cells, key=str(record.id))
        empty = self.query_one("#assessments-empty", Static)
        empty.update("" if self.rows else t("start.none_yet", name=organisation.name))
        empty.display = not self.rows
        table.display = bool(self.rows)
        ids = [row.record.id for row in self.rows]
        if selected is not None and selected.record.id in ids:
            table.move_cursor(row=ids.index(selected.record.id))
        elif ids:
            table.move_cursor(row=len(ids) - 1)  # the newest: usually the one to continue
        self._show_summary()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#assessments")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_summary()

    def _show_summary(self) -> None:
        row = self.selected_row()
        summary = self.query_one("#assessment-summary", Static)
        summary.display = row is not None
        if row is None:
            return
        score = row.score
        tier = local(score.tier, "name") if score.tier is not None else "–"
        summary.update(Text.assemble(
            t("start.summary", period=row.record.period, status=status_label(row.record.status),
              answered=score.answered, total=score.applicable, verdict=verdict_label(score.basisnorm), tier=tier),
            "\n",
            (t("start.summary_hint"), "dim italic"),
        ))

    def selected_row(self) -> AssessmentRow | None:
        table = self.query_one(AssessmentTable)
        if not self.rows or table.row_count == 0:
            return None
        index = table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _require_row(self) -> AssessmentRow | None:
        row = self.selected_row()
        if row is None:
            self.show_error(t("start.pick_assessment"))
        return row

    @on(DataTable.RowSelected, "#assessments")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected_row()
        if row is not None:
            self.post_message(OpenAssessment(row.record.id))

    # -- actions --------------------------------------------------------------------------------

    def action_new(self) -> None:
        if self.organisation is None:
            self.show_error(t("start.pick_org"))
            return
        self.post_message(StartNewAssessment(self.organisation))

    def action_result(self) -> None:
        row = self._require_row()
        if row is not None:
            self.post_message(ShowResult(row.record.id))

    def action_share(self) -> None:
        row = self._require_row()
        if row is None:
            return
        record = row.record
        # A received assessment: the receiver may lower its level, never raise it (the store refuses).

        def chosen(level: str | None) -> None:
            if level is not None and level != record.sharing:
                self._set_sharing(record.id, level)

        self.post_message(AskSharing(t("share.text", checklist=record.checklist_title, period=record.period),
                                     record.sharing, chosen))

    @work(group="start-write", exit_on_error=False)
    async def _set_sharing(self, assessment_id: int, level: str) -> None:
        try:
            await asyncio.to_thread(self.store.set_sharing, assessment_id, level)
        except StoreError as error:
            self.show_error(error)
            return
        self.show_info(t("share.done", level=sharing_label(level)))
        if self.organisation is not None:
            self._load_assessments(self.organisation.code)

    def action_delete(self) -> None:
        row = self._require_row()
        if row is None:
            return
        record = row.record
        if record.is_definitive and record.origin == "lokaal":
            self.show_error(t("start.delete_refused"))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(record.id)

        self.post_message(AskConfirmation(
            t("start.delete_title"),
            t("start.delete_text", checklist=record.checklist_title, period=record.period,
              status=status_label(record.status), name=record.organisation_name),
            t("dialog.yes_delete"),
            confirmed,
        ))

    @work(group="start-write", exit_on_error=False)
    async def _delete(self, assessment_id: int) -> None:
        try:
            await asyncio.to_thread(self.store.delete_assessment, assessment_id)
        except StoreError as error:
            self.show_error(error)
            return
        self.show_info(t("start.deleted"))
        if self.organisation is not None:
            self._load_assessments(self.organisation.code)

    def action_export(self) -> None:
        row = self._require_row()
        if row is None:
            return

        def done(path: object) -> None:
            if path is not None and self.organisation is not None:
                self._load_assessments(self.organisation.code)

        self.post_message(AskExport(row.record, done))

    def action_import(self) -> None:
        def done(imported: int | None) -> None:
            if imported:
                self._load_organisations()

        self.post_message(AskImport(done))

    def action_collection(self) -> None:
        row = self.selected_row()
        self.post_message(OpenCollection(row.record.checklist_id if row is not None else None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("result", "share", "delete", "export"):
            return True if self.rows else None
        return True
