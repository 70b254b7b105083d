"""The assessment editor: the measures as a tree, the detail of the measure under the cursor, and
everything the user types saved as it is typed."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static, TextArea, Tree

from norm.answers import Answer
from norm.errors import ConflictError
from norm.store import Store
from tui.i18n import action_status_label, local, status_label, t
from tui.messages import (
    AskConfirmation,
    AskFinalise,
    AskNaReason,
    FinaliseOutcome,
    ShowActionPlan,
    ShowAttachments,
    ShowHistory,
    ShowResult,
)
from tui.safe_text import terminal_safe
from tui.screens.base import WeerbaarScreen
from tui.state import FILTERS, EditorState
from tui.widgets.autosave import SAVE_DELAY, AutoSaver, SaveFailure, SaveIndicator
from tui.widgets.base import MemoField, Plain, TextField, field_text, localise_bindings, memo_text
from tui.widgets.detail import LevelList, MeasureDetail
from tui.widgets.measure_tree import MeasureTree, NodeData

WRITE_ACTIONS = {"level", "not_applicable", "clear", "review", "finalise", "undo", "next_open", "next_carried"}
UNDO_DEPTH = 50
ACTION_FIELDS = ("action-description", "action-owner", "action-deadline")
ACTION_STATUS_CYCLE = {"open": "lopend", "lopend": "gereed", "gereed": "open"}
RETRY_DELAY = 2.0


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _answer_text(answer: Answer | None) -> str:
    """An answer in one line for the conflict question: level or n.v.t., and the comment."""
    if answer is None or not answer.is_answered:
        state = t("editor.conflict_open")
    elif answer.not_applicable:
        state = f"n.v.t. ({answer.na_reason})"
    else:
        state = t("editor.conflict_level", level=answer.level)
    return f"{state}; {answer.comment}" if answer is not None and answer.comment else state


class EditorScreen(WeerbaarScreen):
    """Fill in (or, when definitive, read) one assessment."""

    BINDINGS = [
        *(
            Binding(str(digit), f"level({digit})", "b.level", id=f"weerbaar.editor.level{digit}")
            for digit in range(10)
        ),
        Binding("n", "not_applicable", "b.nvt", id="weerbaar.editor.nvt"),
        Binding("v", "next_open", "b.next_open", id="weerbaar.editor.next_open"),
        Binding("r", "result", "b.result", id="weerbaar.editor.result"),
        Binding("d", "finalise", "b.finalise", id="weerbaar.editor.finalise"),
        Binding("f", "cycle_filter", "b.filter", show=False, id="weerbaar.editor.filter"),
        Binding("slash", "search", "b.search", key_display="/", show=False, id="weerbaar.editor.search"),
        Binding("x", "clear", "b.clear", show=False, id="weerbaar.editor.clear"),
        Binding("b", "review", "b.review", show=False, id="weerbaar.editor.review"),
        Binding("j", "next_carried", "b.next_carried", show=False, id="weerbaar.editor.next_carried"),
        Binding("u", "undo", "b.undo", show=False, id="weerbaar.editor.undo"),
        # One key, two bindings: in the footer on a definitive assessment (where it is one of the few
        # keys that work), hidden in a concept (whose footer is full with answering keys).
        Binding("s", "plan_status", "b.plan_status", id="weerbaar.editor.plan_status"),
        Binding("s", "concept_status", "b.plan_status", show=False, id="weerbaar.editor.concept_status"),
        Binding("h", "history", "b.history", show=False, id="weerbaar.editor.history"),
        Binding("l", "changelog", "b.changelog", show=False, id="weerbaar.editor.changelog"),
        Binding("o", "attachments", "b.attachments", show=False, id="weerbaar.editor.attachments"),
        Binding("p", "action_plan", "b.plan", show=False, id="weerbaar.editor.plan"),
        Binding("c", "focus_field('comment')", "b.comment", show=False, id="weerbaar.editor.comment"),
        Binding("e", "focus_field('evidence')", "b.evidence", show=False, id="weerbaar.editor.evidence"),
        Binding("a", "focus_field('action-description')", "b.action", show=False,
                id="weerbaar.editor.action"),
        Binding("t", "toggle_tree", "b.tree", show=False, id="weerbaar.editor.tree"),
        Binding("ctrl+s", "save", "b.save", show=False, id="weerbaar.editor.save"),
        Binding("escape", "back", "b.back", show=False, id="weerbaar.editor.back"),
    ]

    def __init__(self, store: Store, state: EditorState, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__()
        self.store = store
        self.state = state
        self.clock = clock
        self.saver = AutoSaver()
        self.mode = "all"
        self.search_text = ""
        self.current: str | None = None
        self._save_timer: Any = None
        self._conflicts: list[tuple[ConflictError, dict[str, Any]]] = []
        self.ready = False
        self._undo: list[tuple[str, Answer]] = []
        # One footer entry for the level keys ("0–3 Niveau"); the other digits work but stay hidden.
        values = [value for value in state.checklist.scale_values if value < 10]
        first = str(values[0]) if values else "0"
        localise_bindings(
            self,
            key_display={first: f"{values[0]}–{values[-1]}"} if len(values) > 1 else None,
            hidden={str(digit) for digit in range(10)} - {first},
        )

    # -- layout ---------------------------------------------------------------------------------

    @property
    def help_title(self) -> str:
        return t("editor.title")

    def compose(self) -> ComposeResult:
        record = self.state.record
        yield Header()
        with Horizontal(id="editor-status"):
            yield Plain(id="editor-progress")
            yield SaveIndicator(id="save-indicator")
        with Horizontal(id="editor-body"):
            with Vertical(id="tree-pane"):
                yield TextField(placeholder=t("editor.search_placeholder"), id="search")
                yield Plain(id="filter-info")
                yield MeasureTree(id="tree", on_cursor=self._cursor_moved)
            yield MeasureDetail(id="detail")
        yield Footer(compact=True, show_command_palette=False)
        self.title = terminal_safe(f"{record.organisation_name} — {local(self.state.checklist, 'title')}",
                                   one_line=True)
        # The assessment's status, then the norm's own ("conceptnorm": a checklist with status concept).
        norm_status = f" · {t('header.concept_norm')}" if self.state.checklist.status == "concept" else ""
        self.sub_title = terminal_safe(f"{record.period} · {status_label(record.status)}{norm_status}", one_line=True)

    def on_mount(self) -> None:
        self.set_class(self.state.read_only, "-read-only")
        self.query_one("#search", TextField).display = False
        self._rebuild()
        tree = self.query_one(MeasureTree)
        start = self.state.record.position
        if not (start and self._go_to(start)):
            first_open = self.state.next_open(None)
            if not (first_open and self._go_to(first_open)):
                self._go_to_first()
        tree.focus()
        self._update_progress()
        self.ready = True

    # -- tree and filters -----------------------------------------------------------------------

    def _rebuild(self) -> None:
        tree = self.query_one(MeasureTree)
        shown = tree.build(self.state, self.mode, self.search_text)
        info = self.query_one("#filter-info", Static)
        parts = []
        if self.mode != "all":
            parts.append(t("editor.filter_now", name=t(f"editor.filter.{self.mode}")))
        if not shown:
            parts.append(t("editor.search_none", text=self.search_text) if self.search_text
                         else t("editor.filter_empty"))
        info.update("\n".join(parts))
        info.display = bool(parts)
        if self.current and self._go_to(self.current):
            return
        self._go_to_first()

    def _go_to(self, code: str) -> bool:
        """Put the tree cursor on a measure and show it at once (not only when the tree says so)."""
        if not self.query_one(MeasureTree).select_code(code):
            return False
        self._show_item(code)
        return True

    def _go_to_first(self) -> None:
        codes = self.query_one(MeasureTree).codes
        if codes:
            self._go_to(codes[0])

    def _cursor_moved(self, data: tuple[str, str]) -> None:
        """The tree cursor moved (called by the tree straight away)."""
        if not self.is_mounted:
            return
        kind, code = data
        if kind == "item":
            self._show_item(code)
        elif self.current is not None or not self.query_one("#theme-info").display:
            self._commit_fields()
            self.current = None
            self.query_one(MeasureDetail).show_theme(self.state, code)

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        event.stop()
        if event.node.data is not None:
            self._cursor_moved(event.node.data)

    @on(Tree.NodeSelected, "#tree")
    def _node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data[0] == "theme":
            event.node.toggle()
            return
        self._show_item(data[1])
        if not self.state.read_only:
            self.query_one(LevelList).focus()

    def _show_item(self, code: str) -> None:
        if code == self.current:
            return
        self._commit_fields()
        self.current = code
        self.query_one(MeasureDetail).show(self.state, code)
        self._queue(("position",), partial(self.store.set_position, self.state.record.id, code), quiet=True)

    def _refresh_current(self, *, levels: bool = True) -> None:
        code = self.current
        if code is None:
            return
        self.query_one(MeasureTree).refresh_item(self.state, code)
        detail = self.query_one(MeasureDetail)
        detail.refresh_state(self.state, code)
        if levels:
            detail.refresh_levels(self.state, code)
        self._update_progress()

    def _update_progress(self) -> None:
        answered, total = self.state.total_progress()
        text = t("editor.progress", answered=answered, total=total)
        if self.state.imported:
            text = f"{text} · {t('editor.imported_short')}"
        elif self.state.plan_open:
            text = f"{text} · {status_label(self.state.record.status)}, {t('editor.plan_short')}"
        elif self.state.read_only:
            text = f"{text} · {t('editor.readonly')}"
        self.query_one("#editor-progress", Static).update(text)

    # -- answering ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hidden (not merely dimmed) on a definitive assessment: no level keys that silently do nothing.
        if self.state.read_only and action in WRITE_ACTIONS:
            return False
        if action == "plan_status":
            return self.state.plan_open
        if action == "concept_status":
            return not self.state.read_only
        if action == "undo" and not self._undo:
            return None
        return True

    def _sync_current(self) -> None:
        """Follow the tree cursor now: keys can arrive before the tree's highlight message."""
        tree = self.query_one(MeasureTree)
        node = tree.cursor_node
        if node is None or node.data is None:
            return
        kind, code = node.data
        if kind == "item" and code != self.current:
            self._show_item(code)
        elif kind == "theme" and self.current is not None:
            self._commit_fields()
            self.current = None
            self.query_one(MeasureDetail).show_theme(self.state, code)

    def _editable_code(self) -> str | None:
        self._sync_current()
        if self.state.read_only:
            self.show_error(t("editor.imported_refused") if self.state.imported else t("editor.readonly_refused"))
            return None
        if self.current is None:
            self.show_error(t("editor.pick_measure"))
            return None
        return self.current

    def action_level(self, value: int) -> None:
        code = self._editable_code()
        if code is None:
            return
        values = self.state.checklist.scale_values
        if value not in values:
            self.show_error(t("editor.not_on_scale", level=value, values=", ".join(map(str, values))))
            return
        self._remember(code)
        self.state.update_answer(code, level=value, not_applicable=False, na_reason="", carried_over=False)
        self._queue(("answer", code), partial(self._save_answer, code, level=value),
                    soon=True)
        self._refresh_current()
        self._advance(code)

    @on(OptionList.OptionSelected, "#levels")
    def _level_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("level-"):
            self.action_level(int(option_id.removeprefix("level-")))
            self.query_one(MeasureTree).focus()

    def action_not_applicable(self) -> None:
        code = self._editable_code()
        if code is None:
            return
        item = self.state.item(code)
        if item is not None and not item.allows_na:
            key = ("editor.na_refused_basisnorm" if item.basisnorm
                   else "editor.na_refused_mandatory" if item.mandatory else "editor.na_refused")
            self.show_error(t(key, code=code))
            return

        def chosen(reason: str | None) -> None:
            if reason is None or code is None:
                return
            self._remember(code)
            self.state.update_answer(code, level=None, not_applicable=True, na_reason=reason, carried_over=False)
            self._queue(("answer", code),
                        partial(self._save_answer, code, not_applicable=reason),
                        soon=True)
            if code == self.current:
                self._refresh_current()
            else:
                self.query_one(MeasureTree).refresh_item(self.state, code)
                self._update_progress()

        self.post_message(AskNaReason(code, self.state.answer(code).na_reason, chosen))

    def action_clear(self) -> None:
        code = self._editable_code()
        if code is None:
            return
        self._remember(code)
        self.state.update_answer(code, level=None, not_applicable=False, na_reason="", carried_over=False)
        self._queue(("answer", code), partial(self._save_answer, code, level=None), soon=True)
        self._refresh_current()

    def action_review(self) -> None:
        code = self._editable_code()
        if code is None:
            return
        if not self.state.carried(code):
            self.show_info(t("editor.nothing_to_review"))
            return
        self._remember(code)
        self.state.update_answer(code, carried_over=False)
        self._queue(("review", code), partial(self._mark_reviewed, code), soon=True)
        self._refresh_current(levels=False)
        self._advance(code)

    # -- undo, moving on ------------------------------------------------------------------------

    def _remember(self, code: str) -> None:
        self._undo.append((code, self.state.answer(code)))
        del self._undo[:-UNDO_DEPTH]
        self.refresh_bindings()

    def _advance(self, code: str) -> None:
        """After an answer: on to the next measure that needs attention (or stay while this one does)."""
        target = self.state.next_attention(code)
        if target is None or target == code:
            return
        tree = self.query_one(MeasureTree)
        if tree.contains(target):
            self._go_to(target)

    def action_undo(self) -> None:
        code = self._editable_code()
        if code is None:
            return
        if not self._undo:
            self.show_info(t("editor.nothing_to_undo"))
            return
        code, previous = self._undo.pop()
        self.refresh_bindings()
        self.state.answers[code] = previous
        self._queue(("answer", code), partial(self._restore_answer, code, previous), soon=True)
        tree = self.query_one(MeasureTree)
        if not tree.contains(code):
            self._set_filter("all", "")
        tree.refresh_item(self.state, code)
        if code == self.current:
            self._refresh_current()
        else:
            self._go_to(code)
            self._update_progress()
        self.show_info(t("editor.undone", code=code, state=self._answer_words(previous)))

    @staticmethod
    def _answer_words(answer: Answer) -> str:
        if not answer.is_answered:
            return t("state.open")
        return t("state.nvt") if answer.not_applicable else t("state.level", level=answer.level)

    def action_next_carried(self) -> None:
        self._sync_current()
        self._jump_to(self.state.next_carried(self.current), "editor.none_to_confirm")

    # -- the action plan, history, documents ------------------------------------------------------

    def action_plan_status(self) -> None:
        self._sync_current()
        code = self.current
        if code is None:
            self.show_error(t("editor.pick_measure"))
            return
        if self.state.imported:
            self.show_error(t("editor.no_plan_here"))
            return
        draft = self.state.action(code)
        if draft.id is None:
            self.show_info(t("editor.no_action"))
            return
        status = ACTION_STATUS_CYCLE.get(draft.status, "open")
        self.state.update_action(code, status=status)
        self._queue(("plan", code, "status"), partial(self.store.update_plan, draft.id, status=status), soon=True)
        self.query_one(MeasureDetail).refresh_state(self.state, code)
        self.show_info(t("editor.plan_status_set", code=code, status=action_status_label(status)))

    def action_concept_status(self) -> None:
        self.action_plan_status()

    def action_history(self) -> None:
        self._sync_current()
        if self.current is not None:
            self.flush_now()
            self.post_message(ShowHistory(self.state.record, self.current))

    def action_changelog(self) -> None:
        self.flush_now()
        self.post_message(ShowHistory(self.state.record, None))

    def action_attachments(self) -> None:
        self._sync_current()
        if self.current is not None:
            self.flush_now()
            self.post_message(ShowAttachments(self.state.record, self.current, self._attachments_changed))

    def _attachments_changed(self, names: list[str] | None) -> None:
        if names is None or self.current is None:
            return
        self.state.attachments[self.current] = names
        self.query_one(MeasureDetail).refresh_state(self.state, self.current)

    def action_action_plan(self) -> None:
        self.flush_now()
        self.post_message(ShowActionPlan(self.state.record.organisation_code))

    # -- typing ---------------------------------------------------------------------------------

    @on(TextArea.Changed, "#comment, #evidence")
    def _memo_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if isinstance(area, MemoField):
            self._text_changed(area.item_field, area.text)

    @on(Input.Changed, "#action-description, #action-owner, #action-deadline, #action-note")
    def _action_field_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.state.plan_open:
            self._plan_changed()
        else:
            self._action_changed()

    def _plan_changed(self) -> None:
        """Deadline or note of an action of a definitive assessment: the plan lives on."""
        code = self.current
        if code is None:
            return
        draft = self.state.action(code)
        if draft.id is None:
            return
        deadline = self.query_one("#action-deadline", TextField).value.strip()
        note = self.query_one("#action-note", TextField).value
        if (field_text(draft.deadline), field_text(draft.note)) == (deadline, note):
            return
        detail = self.query_one(MeasureDetail)
        if deadline and not _valid_date(deadline):
            detail.set_action_hint(t("detail.deadline_format"))
            self.state.update_action(code, note=note)
            self._queue(("plan", code, "note"), partial(self.store.update_plan, draft.id, note=note))
            return
        detail.set_action_hint(t("detail.action_plan_hint"))
        self.state.update_action(code, deadline=deadline, note=note)
        self._queue(("plan", code, "fields"),
                    partial(self.store.update_plan, draft.id, deadline=deadline or None, note=note))

    def _text_changed(self, field_name: str, value: str) -> None:
        code = self.current
        if code is None or self.state.read_only:
            return
        if memo_text(getattr(self.state.answer(code), field_name)) == value:
            return  # what the field shows of the stored text (control characters made visible)
        changes: dict[str, Any] = {field_name: value}
        self.state.update_answer(code, **changes)
        self._queue(("text", code, field_name),
                    partial(self._save_answer, code, **changes))

    def _action_changed(self) -> None:
        code = self.current
        if code is None or self.state.read_only:
            return
        description, owner, deadline = (self.query_one(f"#{name}", TextField).value for name in ACTION_FIELDS)
        draft = self.state.action(code)
        if tuple(map(field_text, (draft.description, draft.owner, draft.deadline))) == (description, owner, deadline):
            return
        self.state.update_action(code, description=description, owner=owner, deadline=deadline)
        detail = self.query_one(MeasureDetail)
        deadline_ok = not deadline.strip() or _valid_date(deadline.strip())
        if not description.strip() and (owner.strip() or deadline.strip()):
            detail.set_action_hint(t("detail.action_needs_description"))
            return
        detail.set_action_hint("" if deadline_ok else t("detail.deadline_format"))
        self._queue(("action", code), partial(self._write_action, code, description, owner,
                                              deadline.strip() if deadline_ok else None, deadline_ok))

    def _write_action(self, code: str, description: str, owner: str, deadline: str | None,
                      deadline_ok: bool) -> None:
        """Runs in the save worker: create, update or (when emptied) delete the first action."""
        store = self.store
        assessment_id = self.state.record.id
        existing = [action for action in store.actions(assessment_id) if action.item_code == code]
        if not description.strip():
            if existing and not owner.strip() and not deadline:
                store.delete_action(existing[0].id)  # type: ignore[arg-type]
            return
        if existing:
            changes: dict[str, Any] = {"description": description, "owner": owner}
            if deadline_ok:
                changes["deadline"] = deadline or None
            store.update_action(existing[0].id, **changes)  # type: ignore[arg-type]
        else:
            store.add_action(assessment_id, code, description, owner, (deadline or None) if deadline_ok else None)

    def _commit_fields(self) -> None:
        """Take what is in the fields for the current measure (before showing another one)."""
        if self.current is not None and self.state.plan_open:
            self._plan_changed()
            return
        if self.current is None or self.state.read_only:
            return
        for memo in self.query(MemoField):
            self._text_changed(memo.item_field, memo.text)
        self._action_changed()

    # -- saving ---------------------------------------------------------------------------------

    def _queue(self, key: object, write: Any, *, soon: bool = False, quiet: bool = False) -> None:
        self.saver.put(key, write, quiet=quiet)
        if not quiet:
            self.query_one(SaveIndicator).state = "pending"
        if soon:
            self._start_flush()
        elif self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._start_flush)

    def _start_flush(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._flush_worker()

    @work(thread=True, group="save", exit_on_error=False)
    def _flush_worker(self) -> None:
        failures = self.saver.flush()
        # RuntimeError: the app is shutting down; on_unmount writes what is left.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._after_flush, failures)

    def _after_flush(self, failures: list[SaveFailure]) -> None:
        if not self.is_attached:
            return
        self._resolve_conflicts()
        indicator = self.query_one(SaveIndicator)
        if failures:
            indicator.message = failures[-1].message
            indicator.state = "error"
            self.show_error(failures[-1].message)
            if any(f.retry for f in failures) and self._save_timer is None:
                self._save_timer = self.set_timer(RETRY_DELAY, self._start_flush)
            return
        if self.saver.has_pending_changes:
            indicator.state = "pending"
            return
        if indicator.state != "saved":  # not after writing only the cursor position
            indicator.saved_at = self.clock().strftime("%H:%M")
            indicator.state = "saved"

    # -- working side by side: a colleague's newer answer is never overwritten silently ---------------

    def _save_answer(self, code: str, **changes: Any) -> None:
        """Runs in the save worker: save against the revision this editor loaded (``Store.save_answer``).

        When a colleague saved the measure in the meantime nothing is written; the conflict waits in
        ``_conflicts`` until ``_resolve_conflicts`` asks the user which value stays.
        """
        revisions = self.state.revisions
        try:
            saved = self.store.save_answer(self.state.record.id, code, expected_revision=revisions.get(code, 0),
                                           **changes)
        except ConflictError as error:
            self._conflicts.append((error, changes))
            return
        revisions[code] = saved.revision

    def _restore_answer(self, code: str, previous: Answer) -> None:
        """Runs in the save worker: undo (``Store.restore_answer``) and take the answer's new revision."""
        self.store.restore_answer(self.state.record.id, code, previous)
        self.state.revisions.update(self.store.answer_revisions(self.state.record.id))

    def _mark_reviewed(self, code: str) -> None:
        """Runs in the save worker: confirm a carried-over answer and take its new revision."""
        self.store.mark_reviewed(self.state.record.id, code)
        self.state.revisions.update(self.store.answer_revisions(self.state.record.id))

    def _resolve_conflicts(self) -> None:
        """Show each refused save: the colleague's value beside the user's; keep one of the two."""
        while self._conflicts:
            error, changes = self._conflicts.pop(0)
            self.post_message(AskConfirmation(
                t("editor.conflict_title", code=error.item_code),
                t("editor.conflict_text", by=error.by or "?", at=error.at or "",
                  theirs=_answer_text(error.theirs if isinstance(error.theirs, Answer) else None),
                  mine=_answer_text(self.state.answer(error.item_code))),
                t("editor.conflict_keep"),
                partial(self._conflict_chosen, error, changes),
            ))

    def _conflict_chosen(self, error: ConflictError, changes: dict[str, Any], keep: bool | None) -> None:
        code = error.item_code
        self.state.revisions[code] = error.revision
        if keep:
            self._queue(("answer", code), partial(self._save_answer, code, **changes), soon=True)
            return
        theirs = error.theirs if isinstance(error.theirs, Answer) else Answer(code)
        self.state.answers[code] = theirs
        self.query_one(MeasureTree).refresh_item(self.state, code)
        if code == self.current:
            self.query_one(MeasureDetail).show(self.state, code)
        self._update_progress()
        self.show_info(t("editor.conflict_taken", by=error.by or "?"))

    def flush_now(self) -> list[SaveFailure]:
        """Write everything pending right now, on this thread (leaving the editor, quitting)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.is_mounted:
            self._commit_fields()
        failures = self.saver.flush()
        if self.is_attached:
            self._after_flush(failures)
        return failures

    def action_save(self) -> None:
        self._commit_fields()
        self._start_flush()

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.saver.flush()

    # -- moving around --------------------------------------------------------------------------

    def action_next_open(self) -> None:
        self._sync_current()
        self._jump_to(self.state.next_open(self.current), "editor.all_answered")

    def _jump_to(self, code: str | None, none_left: str) -> None:
        """Put the cursor on ``code`` (showing the whole list if a filter hides it), or say ``none_left``."""
        if code is None:
            self.show_info(t(none_left))
            return
        tree = self.query_one(MeasureTree)
        if not tree.contains(code):
            self._set_filter("all", "")
        self._go_to(code)
        tree.focus()

    def _set_filter(self, mode: str, search: str) -> None:
        self.mode = mode
        self.search_text = search
        search_field = self.query_one("#search", TextField)
        if not search and search_field.value:
            search_field.value = ""
        search_field.display = bool(search)
        self._rebuild()

    def action_cycle_filter(self) -> None:
        self.mode = FILTERS[(FILTERS.index(self.mode) + 1) % len(FILTERS)]
        self._rebuild()
        self.query_one(MeasureTree).focus()

    def action_search(self) -> None:
        self.query_one("#tree-pane").display = True
        search_field = self.query_one("#search", TextField)
        search_field.display = True
        search_field.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search_text = event.value
        self._rebuild()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tree = self.query_one(MeasureTree)
        tree.focus()

    def action_focus_field(self, field_id: str) -> None:
        self._sync_current()
        if self.current is None:
            return
        if field_id == "action-description" and self.state.plan_open:
            if self.state.action(self.current).id is None:
                self.show_info(t("editor.no_action"))
                return
            field_id = "action-deadline"  # the plan lives on: its deadline and note can still change
        widget = self.query_one(f"#{field_id}")
        box = self.query_one("#action-box")
        if field_id.startswith("action") and not box.display:
            box.display = True
            self.call_after_refresh(widget.focus)  # after the box has its place in the layout
            return
        widget.focus()

    def action_toggle_tree(self) -> None:
        pane = self.query_one("#tree-pane")
        pane.display = not pane.display
        if not pane.display:
            self.query_one(LevelList).focus()
        else:
            self.query_one(MeasureTree).focus()

    def action_back(self) -> None:
        focused = self.focused
        search_field = self.query_one("#search", TextField)
        if focused is search_field or self.search_text:
            # Esc after a search clears the search first; the next Esc leaves the screen.
            self._set_filter(self.mode, "")
            self.query_one("#tree-pane").display = True
            self.query_one(MeasureTree).focus()
            return
        if focused is not None and focused is not self.query_one(MeasureTree):
            self.query_one("#tree-pane").display = True
            self.query_one(MeasureTree).focus()
            return
        self.flush_now()
        self.dismiss()

    # -- finalise and result --------------------------------------------------------------------

    def action_finalise(self) -> None:
        if self.state.read_only:
            self.show_error(t("editor.readonly_refused"))
            return
        self._commit_fields()
        titles = {item.code: local(item, "title") for item in self.state.items}

        def done(outcome: FinaliseOutcome | None) -> None:
            self._after_flush([])  # the dialog wrote what was pending: show it
            if outcome is None:
                return
            what, code = outcome
            if what == "goto" and code:
                self._set_filter("all", "")
                self._go_to(code)
                self.query_one(MeasureTree).focus()
            elif what == "final":
                self.show_info(t("finalise.done"))
                self._open_result(replace=True)

        self.post_message(AskFinalise(self.state.record.id, titles, self.saver.flush, done))

    def action_result(self) -> None:
        self._open_result(replace=False)

    def _open_result(self, *, replace: bool) -> None:
        failures = self.flush_now()
        if failures:
            return
        self.post_message(ShowResult(self.state.record.id, replace=replace))

    def on_screen_resume(self) -> None:
        # Back from the result screen: the answers in memory are still current.
        self._update_progress()
