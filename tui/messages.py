"""What the screens tell the app ("attributes down, messages up").

A screen never imports or pushes another screen. It posts one of these messages, and the app
(``tui/app.py``) handles it with ``@on(...)``: it builds the next screen with the data that screen
needs and pushes it. Two kinds:

- **navigation**: where the user wants to go next (``OpenAssessment``, ``ShowResult``, …);
- **questions** (``Ask…``): a dialog whose answer the asking screen needs; the app shows the dialog and
  hands the value it was dismissed with to ``reply`` (None when the user cancelled).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from norm.store import AssessmentRecord, Organisation

T = TypeVar("T")

# -- navigation ---------------------------------------------------------------------------------


class OpenAssessment(Message):
    """Open an assessment in the editor; ``replace`` swaps it for the current screen.

    When the screen below the current one already edits this assessment, the app goes back to it.
    """

    def __init__(self, assessment_id: int, *, replace: bool = False) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.replace = replace


class StartNewAssessment(Message):
    """Ask for checklist and period of a new assessment of ``organisation``, then open it."""

    def __init__(self, organisation: Organisation) -> None:
        super().__init__()
        self.organisation = organisation


class ShowResult(Message):
    """Show the result of an assessment; ``replace`` swaps it for the current screen."""

    def __init__(self, assessment_id: int, *, replace: bool = False) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.replace = replace


class OpenCollection(Message):
    """Show the collection round, for ``checklist_id`` when given."""

    def __init__(self, checklist_id: str | None = None) -> None:
        super().__init__()
        self.checklist_id = checklist_id


# -- questions ----------------------------------------------------------------------------------


class Ask(Message, Generic[T]):
    """A dialog whose result goes to ``reply`` (None when cancelled)."""

    def __init__(self, reply: Callable[[T | None], None] | None = None) -> None:
        super().__init__()
        self.reply = reply


class AskExport(Ask[Path]):
    """Export ``record`` as a submission file; the reply is the file written."""

    def __init__(self, record: AssessmentRecord, reply: Callable[[Path | None], None] | None = None) -> None:
        super().__init__(reply)
        self.record = record


class AskReport(Ask[Path]):
    """Open or save a report of the assessment ``record``; the reply is the file written (None when
    cancelled or only opened in the browser). ``kind`` chooses the report first (``org``, ``previous``,
    ``peers``); ``previous`` is the assessment of the previous period when the asker knows it (else the
    app looks it up)."""

    def __init__(self, record: AssessmentRecord, reply: Callable[[Path | None], None] | None = None, *,
                 kind: str = "org", previous: AssessmentRecord | None = None) -> None:
        super().__init__(reply)
        self.record = record
        self.kind = kind
        self.previous = previous


class AskRegionalReport(Ask[Path]):
    """Open or save the province-wide picture or the gap analysis of ``checklist_id`` and ``period``."""

    def __init__(self, checklist_id: str, period: str, reply: Callable[[Path | None], None] | None = None) -> None:
        super().__init__(reply)
        self.checklist_id = checklist_id
        self.period = period


class AskAnswerSheetExport(Ask[Path]):
    """Write the answer sheet of ``record`` for colleagues; the reply is the file written."""

    def __init__(self, record: AssessmentRecord, reply: Callable[[Path | None], None] | None = None) -> None:
        super().__init__(reply)
        self.record = record


class AskAnswerSheetImport(Ask[int]):
    """Read a filled-in answer sheet into ``record``; the reply is the number of measures changed."""

    def __init__(self, record: AssessmentRecord, reply: Callable[[int | None], None] | None = None) -> None:
        super().__init__(reply)
        self.record = record


class AskImport(Ask[int]):
    """Import submission files; the reply is how many were new or updated."""


class AskConfirmation(Ask[bool]):
    """A yes/no question before something that cannot be undone."""

    def __init__(self, title: str, text: str, confirm_label: str, reply: Callable[[bool | None], None]) -> None:
        super().__init__(reply)
        self.title = title
        self.text = text
        self.confirm_label = confirm_label


class AskSharing(Ask[str]):
    """Choose a sharing level; ``current`` is selected first."""

    def __init__(self, description: str, current: str, reply: Callable[[str | None], None]) -> None:
        super().__init__(reply)
        self.description = description
        self.current = current


class AskNaReason(Ask[str]):
    """Why measure ``code`` does not apply; ``reason`` is the one given before."""

    def __init__(self, code: str, reason: str, reply: Callable[[str | None], None]) -> None:
        super().__init__(reply)
        self.code = code
        self.reason = reason


FinaliseOutcome = tuple[str, str | None]
"""``("final", None)`` after locking, ``("goto", code)`` to go to a measure that is still missing."""


class AskFinalise(Ask[FinaliseOutcome]):
    """Check an assessment and finalise it; ``flush`` writes what is still pending first."""

    def __init__(self, assessment_id: int, titles: dict[str, str], flush: Callable[[], object],
                 reply: Callable[[FinaliseOutcome | None], None]) -> None:
        super().__init__(reply)
        self.assessment_id = assessment_id
        self.titles = titles
        self.flush = flush


class ShowActionPlan(Message):
    """Show the action plan of an organisation: its open actions across periods."""

    def __init__(self, organisation_code: str) -> None:
        super().__init__()
        self.organisation_code = organisation_code


class ShowHistory(Message):
    """Show the history of one measure of ``record`` (or with ``item_code=None`` its whole change log)."""

    def __init__(self, record: AssessmentRecord, item_code: str | None) -> None:
        super().__init__()
        self.record = record
        self.item_code = item_code


class ShowAttachments(Ask[list[str]]):
    """Show (open, add) the documents of a measure; the reply is the names of its documents."""

    def __init__(self, record: AssessmentRecord, item_code: str,
                 reply: Callable[[list[str] | None], None] | None = None) -> None:
        super().__init__(reply)
        self.record = record
        self.item_code = item_code
