"""The editor's state: what the editor shows, loaded in one go from the store (in a worker) and kept
up to date in memory as the user answers, so moving through the measures needs no database round trip.

The editor screen owns one ``EditorState``; the widgets that draw it (``tui.widgets.measure_tree``,
``tui.widgets.detail``) get it passed in and import this module, never a screen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from norm.answers import Action, Answer
from norm.checklist import Checklist, Item, Theme
from norm.store import AssessmentRecord, Store
from norm.store.mappings import AnswerOrigin
from norm.vocabulary import DONE_ACTION_STATUS, LOCAL

Mark = Literal["open", "nvt", "meets", "below"]
FILTERS: tuple[str, ...] = ("all", "open", "below", "carried")


@dataclass(frozen=True)
class ActionDraft:
    """The first improvement action of a measure, as the editor shows it."""

    description: str = ""
    owner: str = ""
    deadline: str = ""
    others: int = 0
    id: int | None = None
    status: str = "open"
    note: str = ""
    origin_id: int | None = None
    """The action of the previous period this one was carried over from."""

    def overdue(self, today: str) -> bool:
        """Not done and the deadline lies before ``today`` (``JJJJ-MM-DD``)."""
        return self.status != DONE_ACTION_STATUS and bool(self.deadline) and self.deadline < today


@dataclass
class EditorState:
    record: AssessmentRecord
    checklist: Checklist
    themes: list[tuple[Theme, list[Item]]]
    answers: dict[str, Answer]
    actions: dict[str, ActionDraft]
    previous: dict[str, Answer] = field(default_factory=dict)
    previous_period: str | None = None
    origins: dict[str, AnswerOrigin] = field(default_factory=dict)
    """Answers pre-filled from a mapped measure of another checklist ("overgenomen uit …")."""
    today: str = ""
    """Today's date (``JJJJ-MM-DD``) by the store's clock: what an overdue action is measured against."""
    attachments: dict[str, list[str]] = field(default_factory=dict)
    """The names of the documents attached to each measure."""
    revisions: dict[str, int] = field(default_factory=dict)
    """The revision of each answer as loaded (saving checks it: ``Store.save_answer``)."""
    mine: frozenset[str] = frozenset()
    """The measures assigned to the user ("mijn maatregelen", shown first)."""
    _index: dict[str, Item] = field(default_factory=dict, repr=False)
    _theme_index: dict[str, Theme] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for theme, items in self.themes:
            for item in items:
                self._index[item.code] = item
                self._theme_index[item.code] = theme

    @classmethod
    def load(cls, store: Store, assessment_id: int) -> EditorState:
        record = store.assessment(assessment_id)
        checklist = store.checklist(record.snapshot_id)
        themes = [
            (theme, [item for item in theme.items if item.applies(record.organisation_type)])
            for theme in checklist.themes
        ]
        themes = [(theme, items) for theme, items in themes if items]
        previous_record = store.previous_assessment(assessment_id)
        previous = store.answers(previous_record.id) if previous_record else {}
        return cls(
            record=record,
            checklist=checklist,
            themes=themes,
            answers=store.answers(assessment_id),
            actions=_drafts(store.actions(assessment_id)),
            previous=previous,
            previous_period=previous_record.period if previous_record else None,
            origins=store.answer_origins(assessment_id),
            today=store.today(),
            attachments=_names(store, assessment_id),
            revisions=store.answer_revisions(assessment_id),
            mine=store.assigned_items(assessment_id, store.principal.username if store.principal else store.actor),
        )

    # -- lookups --------------------------------------------------------------------------------

    @property
    def imported(self) -> bool:
        """A submission read from another organisation: its data, not ours to change."""
        return self.record.origin == "import"

    @property
    def read_only(self) -> bool:
        return self.record.is_definitive or self.imported

    @property
    def plan_open(self) -> bool:
        """A definitive assessment of our own: the answers are fixed, the action plan is not."""
        return self.record.is_definitive and self.record.origin == LOCAL

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.themes for item in items]

    def item(self, code: str) -> Item | None:
        return self._index.get(code)

    def theme_of(self, code: str) -> Theme | None:
        return self._theme_index.get(code)

    def answer(self, code: str) -> Answer:
        return self.answers.get(code) or Answer(code)

    def action(self, code: str) -> ActionDraft:
        return self.actions.get(code) or ActionDraft()

    # -- state of a measure ---------------------------------------------------------------------

    def mark(self, code: str) -> Mark:
        answer = self.answers.get(code)
        if answer is None or not answer.is_answered:
            return "open"
        if answer.not_applicable:
            return "nvt"
        item = self.item(code)
        if item is not None and answer.level is not None and answer.level < item.target:
            return "below"
        return "meets"

    def carried(self, code: str) -> bool:
        answer = self.answers.get(code)
        return bool(answer and answer.carried_over)

    def origin(self, code: str) -> AnswerOrigin | None:
        """Where a pre-filled answer came from; None for the user's own answer."""
        return self.origins.get(code)

    def progress(self, items: list[Item]) -> tuple[int, int]:
        answered = sum(1 for item in items if self.mark(item.code) != "open")
        return answered, len(items)

    def total_progress(self) -> tuple[int, int]:
        return self.progress(self.items)

    def passes(self, code: str, mode: str) -> bool:
        if mode == "open":
            return self.mark(code) == "open"
        if mode == "below":
            return self.mark(code) == "below"
        if mode == "carried":
            return self.carried(code)
        return True

    def next_open(self, after: str | None) -> str | None:
        """The first open measure after ``after`` (wrapping round), or None when all are answered."""
        codes = [item.code for item in self.items]
        start = codes.index(after) + 1 if after in codes else 0
        for code in codes[start:] + codes[:start]:
            if self.mark(code) == "open":
                return code
        return None

    def needs_attention(self, code: str) -> bool:
        """Open, carried over and not yet confirmed, or short of the target without an action."""
        mark = self.mark(code)
        if mark == "open" or self.carried(code):
            return True
        origin = self.origins.get(code)
        if origin is not None and origin.needs_review:
            return True
        return mark == "below" and not self.action(code).description.strip()

    def next_attention(self, current: str) -> str | None:
        """The measure to go to after answering ``current``: ``current`` itself while it still needs
        attention (short of the target without an action), else the next one that does (wrapping
        round); None when nothing needs attention."""
        codes = [item.code for item in self.items]
        if current in codes and self.needs_attention(current):
            return current
        start = codes.index(current) + 1 if current in codes else 0
        return next((code for code in codes[start:] + codes[:start] if self.needs_attention(code)), None)

    def next_carried(self, after: str | None) -> str | None:
        """The next answer to confirm (carried over or pre-filled) after ``after``, wrapping round."""
        codes = [item.code for item in self.items]
        start = codes.index(after) + 1 if after in codes else 0
        for code in codes[start:] + codes[:start]:
            origin = self.origins.get(code)
            if self.carried(code) or (origin is not None and origin.needs_review):
                return code
        return None

    # -- optimistic updates (the writes are queued separately) ----------------------------------

    def update_answer(self, code: str, **changes: Any) -> Answer:
        answer = dataclasses.replace(self.answer(code), **changes)
        self.answers[code] = answer
        # As the store does: a level or n.v.t. of the user's own ends a pre-fill; confirming keeps it.
        origin = self.origins.get(code)
        if origin is not None and ("level" in changes or "not_applicable" in changes):
            del self.origins[code]
        elif origin is not None and changes.get("carried_over") is False:
            self.origins[code] = dataclasses.replace(origin, confirmed=True)
        return answer

    def update_action(self, code: str, **changes: Any) -> ActionDraft:
        draft = dataclasses.replace(self.action(code), **changes)
        self.actions[code] = draft
        return draft


def _drafts(actions: list[Action]) -> dict[str, ActionDraft]:
    drafts: dict[str, ActionDraft] = {}
    for action in actions:
        if action.item_code in drafts:
            drafts[action.item_code] = dataclasses.replace(
                drafts[action.item_code], others=drafts[action.item_code].others + 1
            )
            continue
        drafts[action.item_code] = ActionDraft(action.description, action.owner, action.deadline or "", 0,
                                               action.id, action.status, action.note, action.origin_id)
    return drafts


def _names(store: Store, assessment_id: int) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for attachment in store.attachments(assessment_id):
        names.setdefault(attachment.item_code, []).append(attachment.name)
    return names


def matches(item: Item, query: str, *texts: str) -> bool:
    """Whether every word of ``query`` occurs in the code, title or statement (case-insensitive)."""
    words = query.lower().split()
    if not words:
        return True
    haystack = " ".join((item.code, item.title, item.statement, *texts)).lower()
    return all(word in haystack for word in words)
