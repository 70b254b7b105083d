"""The result of an assessment: overall score, a bar per theme against the target, the basisnorm
verdict, the tier, the gaps with their improvement actions, and the change since the previous
assessment of the same organisation."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from norm.answers import Action
from norm.checklist import Checklist
from norm.scoring import AssessmentScore, Comparison, ItemChange, compare_scores
from norm.store import AssessmentRecord, Store, StoreError
from tui.i18n import counted, kind_label, local, percentage, sharing_label, status_label, t, verdict_label
from tui.messages import AskAnswerSheetExport, AskAnswerSheetImport, AskExport, AskReport, OpenAssessment
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.widgets.bars import BarRow, ScoreBars
from tui.widgets.base import Plain, PlainLabel
from tui.widgets.benchmark import BenchmarkPanel

MAX_CHANGES = 10


@dataclass(frozen=True)
class ResultData:
    record: AssessmentRecord
    checklist: Checklist
    score: AssessmentScore
    actions: list[Action]
    previous: AssessmentRecord | None
    comparison: Comparison | None

    @classmethod
    def load(cls, store: Store, assessment_id: int) -> ResultData:
        record = store.assessment(assessment_id)
        score = store.score(assessment_id)
        previous = store.previous_assessment(assessment_id)
        comparison = None
        if previous is not None:
            comparison = compare_scores(store.score(previous.id), score,
                                        same_version=previous.snapshot_id == record.snapshot_id)
        return cls(record, store.checklist(record.snapshot_id), score, store.actions(assessment_id),
                   previous, comparison)


class ResultScreen(WeerbaarScreen):
    """Read-only overview of one assessment."""

    DEFAULT_CSS = """
    #result-saved.-empty { display: none; }
    """

    BINDINGS = [
        Binding("escape", "back", "b.back", id="weerbaar.result.back"),
        Binding("m", "edit", "b.edit", id="weerbaar.result.edit"),
        Binding("x", "export", "b.export", id="weerbaar.result.export"),
        Binding("p", "report", "b.report", id="weerbaar.result.report"),
        Binding("a", "sheet_export", "b.sheet_export", id="weerbaar.result.sheet_export"),
        Binding("i", "sheet_import", "b.sheet_import", id="weerbaar.result.sheet_import"),
    ]

    def __init__(self, store: Store, assessment_id: int) -> None:
        super().__init__()
        self.store = store
        self.assessment_id = assessment_id
        self.data: ResultData | None = None

    @property
    def help_title(self) -> str:
        return t("result.title")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="result-body"):
            yield Plain(t("result.loading"), id="result-head")
            yield Plain("", id="result-saved", classes="-empty")
            yield Plain(id="result-summary")
            yield PlainLabel(t("result.themes"), classes="section-title")
            yield ScoreBars(id="theme-bars")
            yield BenchmarkPanel(self.store, self.assessment_id, id="result-benchmark")
            yield PlainLabel(t("result.gaps"), classes="section-title")
            yield Plain(id="result-gaps")
            yield PlainLabel(t("result.changes"), classes="section-title")
            yield Plain(id="result-changes")
        yield Footer(compact=True, show_command_palette=False)
        self.title = t("result.title")

    def on_mount(self) -> None:
        self.query_one("#result-body").focus()
        self._load()

    @work(exclusive=True, group="result-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            data = await asyncio.to_thread(ResultData.load, self.store, self.assessment_id)
        except StoreError as error:
            self.query_one("#result-head", Static).update(str(error))
            self.show_error(error)
            return
        self.data = data
        self._show_data(data)
        self.refresh_bindings()

    # -- rendering ------------------------------------------------------------------------------

    def _title_of(self, code: str) -> str:
        item = self.data.checklist.item(code) if self.data else None
        return local(item, "title") if item else code

    def _show_data(self, data: ResultData) -> None:
        record, score = data.record, data.score
        self.sub_title = terminal_safe(f"{record.organisation_name} · {record.period}", one_line=True)
        head = Text.assemble(
            (t("result.header", org=record.organisation_name, checklist=local(data.checklist, "title"),
               period=record.period, kind=kind_label(record.kind), status=status_label(record.status)),
             "bold"),
            "  ",
            (f"[{t('start.col.sharing').lower()}: {sharing_label(record.sharing)}]", "italic"),
        )
        self.query_one("#result-head", Static).update(head)
        self.query_one("#result-summary", Static).update(self._summary(data))
        self.query_one(ScoreBars).rows = [
            BarRow(t("result.overall"), score.overall, score.target_score),
            *(
                BarRow(f"{theme.code} {local(data.checklist.themes[self._theme_index(data, theme.code)], 'title')}",
                       theme.score, theme.target_score)
                for theme in score.themes
            ),
        ]
        self.query_one("#result-gaps", Static).update(self._gaps(data))
        self.query_one("#result-changes", Static).update(self._changes(data))

    @staticmethod
    def _theme_index(data: ResultData, code: str) -> int:
        return next(i for i, theme in enumerate(data.checklist.themes) if theme.code == code)

    def _summary(self, data: ResultData) -> Text:
        score = data.score
        verdict_style = {"voldoet": "bold green", "voldoet niet": "bold red"}.get(score.basisnorm, "bold yellow")
        text = Text.assemble(
            (f"{t('result.overall')}: ", "bold"), (percentage(score.overall), "bold"),
            f"  ({t('result.target', target=percentage(score.target_score))})", "\n",
            t("result.complete", pct=percentage(score.completeness), answered=score.answered,
              total=score.applicable), "\n",
            (f"{t('result.basisnorm')}: ", "bold"), (verdict_label(score.basisnorm), verdict_style),
        )
        if score.basisnorm_failing:
            text.append("  " + t("result.basisnorm_failing", codes=", ".join(score.basisnorm_failing)))
        text.append("\n")
        text.append(f"{t('result.tier')}: ", style="bold")
        if not data.checklist.tiers:
            text.append(t("result.no_tiers"))
        elif score.tier is None:
            text.append(t("result.no_tier"))
        else:
            text.append(local(score.tier, "name"), style="bold")
            text.append(f" ({(score.tier_index or 0) + 1}/{len(data.checklist.tiers)}) — "
                        f"{local(score.tier, 'description')}")
        return text

    def _gaps(self, data: ResultData) -> Text:
        if not data.score.gaps:
            return Text(t("result.no_gaps"), style="green")
        actions: dict[str, list[Action]] = {}
        for action in data.actions:
            actions.setdefault(action.item_code, []).append(action)
        text = Text()
        for index, gap in enumerate(data.score.gaps):
            if index:
                text.append("\n")
            marker = t("result.basis_marker") if gap.basisnorm else " "
            text.append(f"{marker} ", style="bold red")
            text.append(t("result.gap_line", code=gap.code, level=gap.level, target=gap.target, gap=gap.gap),
                        style="bold")
            text.append(f"  {self._title_of(gap.code)}")
            item_actions = actions.get(gap.code, [])
            if not item_actions:
                text.append("\n    " + t("result.no_action"), style="italic dim")
            for action in item_actions:
                details = [t("result.action_line", description=action.description)]
                if action.owner:
                    details.append(t("result.action_owner", owner=action.owner))
                if action.deadline:
                    details.append(t("result.action_deadline", deadline=action.deadline))
                text.append("\n    " + ", ".join(details))
        return text

    def _changes(self, data: ResultData) -> Text:
        if data.previous is None or data.comparison is None:
            return Text(t("result.no_previous"), style="italic")
        comparison = data.comparison
        text = Text(t("result.previous", period=data.previous.period, status=status_label(data.previous.status),
                      common=comparison.items_in_common))
        if not comparison.same_version:
            text.append("\n" + t("result.version_note"), style="italic")
        before, after = comparison.overall_before, comparison.overall_after
        if before is None or after is None:
            delta_text = "–"
        else:  # the difference of the two rounded figures shown beside it
            points = int(f"{after * 100:.0f}") - int(f"{before * 100:.0f}")
            sign = "+" if points > 0 else "−" if points < 0 else ""
            delta_text = sign + counted(abs(points), "percentage_point")
        text.append("\n" + t("result.overall_change", before=percentage(comparison.overall_before),
                             after=percentage(comparison.overall_after), delta=delta_text))
        for theme in comparison.theme_deltas:
            if theme.delta is not None and abs(theme.delta) >= 0.005:
                text.append(f"\n  {theme.code}: {percentage(theme.before)} → {percentage(theme.after)}")

        def listed(changes: list[ItemChange]) -> str:
            shown = [f"{c.code} ({c.delta:+d})" if c.delta is not None else c.code for c in changes[:MAX_CHANGES]]
            return ", ".join(shown) + (" …" if len(changes) > MAX_CHANGES else "")

        lines = [
            ("result.improved", comparison.improved, "green"),
            ("result.worsened", comparison.worsened, "red"),
            ("result.new_gaps", comparison.new_gaps, "red"),
            ("result.closed_gaps", comparison.closed_gaps, "green"),
        ]
        any_change = False
        for key, changes, style in lines:
            if changes:
                any_change = True
                text.append("\n" + t(key, items=listed(changes)), style=style)
        if not any_change:
            text.append("\n" + t("result.unchanged"), style="italic")
        return text

    @property
    def _dutch(self) -> bool:
        from tui.i18n import language

        return language() == "nl"

    # -- actions --------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        if self.data is None:
            return

        def done(path: object) -> None:
            if path is not None:
                self._load()

        self.post_message(AskExport(self.data.record, done))

    @property
    def report_record(self) -> AssessmentRecord | None:
        """The assessment shown (for the command palette's report commands)."""
        return self.data.record if self.data is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sheet_import":
            record = self.report_record
            # A sheet only changes a concept of the organisation itself.
            return record is not None and not record.is_definitive and record.origin == "lokaal"
        return True

    def _saved(self, path: object) -> None:
        if path is not None:
            saved = self.query_one("#result-saved", Static)
            saved.update(Text(t("report.saved", path=str(path)), style="green"))
            saved.remove_class("-empty")

    def action_report(self) -> None:
        if self.data is not None:
            self.post_message(AskReport(self.data.record, self._saved, previous=self.data.previous))

    def action_sheet_export(self) -> None:
        if self.data is not None:
            self.post_message(AskAnswerSheetExport(self.data.record, self._saved))

    def action_sheet_import(self) -> None:
        if self.data is None:
            return

        def done(changed: int | None) -> None:
            if changed:
                self._load()

        self.post_message(AskAnswerSheetImport(self.data.record, done))

    def action_edit(self) -> None:
        # The app goes back to the editor below when it has this assessment, else opens one here.
        self.post_message(OpenAssessment(self.assessment_id, replace=True))
