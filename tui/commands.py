"""The command palette's report commands (Ctrl+P): the own report, the comparison with the previous
period, the answer sheet for colleagues (write and read back) and, in the collection round, the
province-wide picture and the gap analysis.

The provider asks the screen the palette was opened on what it shows: a screen about one assessment
has ``report_record`` (the result screen) or ``state.record`` (the editor); the collection round has
``regional_choice`` (checklist and period). Each command posts a question of ``tui.messages``; the app
shows the dialog, as it does for the screens' own keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import t
from tui.messages import AskAnswerSheetExport, AskAnswerSheetImport, AskRegionalReport, AskReport

if TYPE_CHECKING:
    from textual.message import Message

    from norm.store import AssessmentRecord


def current_assessment(screen: object) -> AssessmentRecord | None:
    """The assessment a screen is about (the result screen or the editor), or None."""
    record = getattr(screen, "report_record", None)
    if record is None:
        record = getattr(getattr(screen, "state", None), "record", None)
    return record if hasattr(record, "organisation_code") else None


def report_commands(screen: object) -> Iterator[tuple[str, str, Message]]:
    """(title, help, message) of every report command that makes sense on ``screen``."""
    record = current_assessment(screen)
    if record is not None:
        yield t("palette.report_org"), t("palette.report_org.tip"), AskReport(record)
        yield t("palette.report_previous"), t("palette.report_previous.tip"), AskReport(record, kind="previous")
        yield t("palette.sheet_export"), t("palette.sheet_export.tip"), AskAnswerSheetExport(record)
        if not record.is_definitive and record.origin == "lokaal":
            yield t("palette.sheet_import"), t("palette.sheet_import.tip"), AskAnswerSheetImport(record)
    regional = getattr(screen, "regional_choice", None)
    if isinstance(regional, tuple) and len(regional) == 2 and all(regional):
        checklist_id, period = regional
        yield t("palette.regional_report"), t("palette.regional_report.tip"), AskRegionalReport(checklist_id, period)


class ReportCommands(Provider):
    """Reports and answer sheets of the assessment (or collection round) on the current screen."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [(title, tip, partial(self.app.post_message, message))
                for title, tip, message in report_commands(self.screen)]

    async def discover(self) -> Hits:
        for title, tip, run in self._commands():
            yield DiscoveryHit(title, run, help=tip)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, tip, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=tip)
