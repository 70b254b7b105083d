"""The detail pane of the editor: what a measure asks, the meaning of each level, and the fields
for the answer (comment, evidence, improvement action).

Moving through the measures refreshes this pane on every key, so it is built for speed: few
widgets, fixed heights where the content varies, and nothing is updated that did not change."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from norm.answers import Answer
from norm.checklist import Checklist, Item
from tui.i18n import action_status_label, item_kind_label, local, local_level, relation_label, t
from tui.safe_text import terminal_safe
from tui.state import EditorState
from tui.widgets.base import EditorField, MemoField, Plain, PlainLabel, field_text, memo_text

INDENT = "    "


class LevelList(OptionList):
    """The levels of the scale with their meaning for this measure; Enter chooses one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None
        self._levels: tuple[Checklist, Item, int | None] | None = None

    def on_focus(self) -> None:
        # Bring all levels into view at once (the pane scrolls, not the list).
        for ancestor in self.ancestors:
            if isinstance(ancestor, MeasureDetail):
                ancestor.scroll_to_widget(self, top=True, animate=False)
                break

    def on_resize(self) -> None:
        if self._levels is not None:
            self.show_levels(*self._levels)

    def show_levels(self, checklist: Checklist, item: Item, current: int | None) -> None:
        self._levels = (checklist, item, current)
        # Two cells of slack, so the list never wraps a line again by itself.
        width = max((self.scrollable_content_region.width or 40) - 2, 20)
        key = (id(checklist), item.code, current, width)
        if key == self._shown:
            return
        self._shown = key
        options = []
        highlight = None
        lines = 0
        for index, level in enumerate(checklist.scale):
            chosen = current == level.value
            if chosen:
                highlight = index
            head = f"{'●' if chosen else '○'} {level.value} {local(level, 'label')}"
            if level.value == item.target:
                head += f"  ({t('detail.target', target=item.target)})"
            meaning = local_level(item, level.value) or local(level, "description")
            # Wrapped here, so that the meaning keeps its indent under the label and the height of
            # the list is known before it is drawn.
            head_lines = textwrap.wrap(head, width=width, subsequent_indent=INDENT)
            wrapped = textwrap.wrap(meaning, width=width, initial_indent=INDENT, subsequent_indent=INDENT)
            prompt = Text("\n".join(head_lines), style="bold")
            prompt.append("\n" + "\n".join(wrapped), style="dim")
            lines += len(head_lines) + len(wrapped)
            options.append(Option(prompt, id=f"level-{level.value}"))
        # The height is known here: setting it now saves the layout a second pass.
        self.styles.height = lines + self.styles.gutter.height
        self.set_options(options)
        if highlight is None:
            values = checklist.scale_values
            highlight = values.index(item.target) if item.target in values else 0
        self.highlighted = highlight


class MeasureDetail(VerticalScroll):
    """Everything about the measure under the cursor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._last: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Plain(id="theme-info")
        with Vertical(id="item-parts"):
            yield Plain(id="d-head")
            yield PlainLabel(t("detail.levels"), classes="field-label")
            yield LevelList(id="levels")
            yield Plain(id="d-text")
            yield PlainLabel(t("detail.comment"), classes="field-label")
            yield MemoField(id="comment", item_field="comment")
            yield PlainLabel(t("detail.evidence"), classes="field-label")
            yield MemoField(id="evidence", item_field="evidence")
            with Vertical(id="action-box"):
                yield PlainLabel(t("detail.action"), classes="field-label", id="action-title")
                yield EditorField(placeholder=t("detail.action_description"), id="action-description", compact=True)
                yield EditorField(placeholder=t("detail.action_owner"), id="action-owner", compact=True)
                yield EditorField(placeholder=t("detail.action_deadline"), id="action-deadline", compact=True,
                                  max_length=10)
                yield EditorField(placeholder=t("detail.action_note"), id="action-note", compact=True)
                yield Plain(id="action-hint")

    def on_mount(self) -> None:
        self._theme_info = self.query_one("#theme-info", Static)
        self._item_parts = self.query_one("#item-parts", Vertical)
        self._head = self.query_one("#d-head", Static)
        self._text = self.query_one("#d-text", Static)
        self._levels = self.query_one(LevelList)
        self._memos = [self.query_one("#comment", MemoField), self.query_one("#evidence", MemoField)]
        self._action_box = self.query_one("#action-box", Vertical)
        self._action_fields = [self.query_one(f"#{name}", EditorField)
                               for name in ("action-description", "action-owner", "action-deadline")]
        self._note = self.query_one("#action-note", EditorField)
        self._action_title = self.query_one("#action-title", PlainLabel)
        self._hint = self.query_one("#action-hint", Static)
        self._item: Item | None = None

    # -- small helpers that skip what did not change ---------------------------------------------

    def _update(self, widget: Static, content: Text | str) -> None:
        key = widget.id or ""
        if self._last.get(key) != content:
            self._last[key] = content
            widget.update(content)

    @staticmethod
    def _show(widget: Widget, visible: bool) -> None:
        if widget.display != visible:
            widget.display = visible

    # -- filling the pane ------------------------------------------------------------------------

    def show_theme(self, state: EditorState, theme_code: str) -> None:
        """A theme under the cursor: its description and progress instead of a measure."""
        found = next(((theme, items) for theme, items in state.themes if theme.code == theme_code), None)
        if found is None:
            return
        theme, items = found
        answered, total = state.progress(items)
        below = sum(1 for item in items if state.mark(item.code) == "below")
        text = Text.assemble((f"{theme.code}  {local(theme, 'title')}", "bold"), "\n\n")
        description = local(theme, "description")
        if description:
            text.append(description + "\n\n")
        text.append(t("editor.progress", answered=answered, total=total))
        if below:
            text.append("  ·  " + t("detail.theme_below", count=below), style="red")
        text.append("\n\n" + t("detail.theme_hint"), style="italic dim")
        self._update(self._theme_info, text)
        self._show(self._theme_info, True)
        self._show(self._item_parts, False)

    def show(self, state: EditorState, code: str) -> None:
        """Fill the pane with the measure ``code``."""
        item = state.item(code)
        if item is None:
            return
        self._item = item
        self._show(self._theme_info, False)
        self._show(self._item_parts, True)
        answer = state.answer(code)
        self.refresh_state(state, code)
        self._levels.show_levels(state.checklist, item, answer.level)
        for memo, stored in zip(self._memos, (answer.comment, answer.evidence), strict=True):
            value = memo_text(stored)
            if memo.text != value:
                memo.load_text(value)
            if memo.read_only != state.read_only:
                memo.read_only = state.read_only
        draft = state.action(code)
        # On a definitive assessment of our own the plan lives on: deadline and note stay editable.
        plan = state.plan_open and draft.id is not None
        fields = (*self._action_fields, self._note)
        for field, stored, locked in zip(fields, (draft.description, draft.owner, draft.deadline, draft.note),
                                         (state.read_only, state.read_only, state.read_only and not plan,
                                          state.read_only and not plan), strict=True):
            value = field_text(stored)
            if field.value != value:
                field.value = value
            if field.disabled != locked:
                field.disabled = locked
        self._show(self._note, plan or bool(draft.note))
        hint = t("detail.action_plan_hint") if plan else ""
        if draft.others:
            hint = f"{hint}\n{t('detail.action_more', count=draft.others)}".strip()
        self.set_action_hint(hint)
        texts = self._texts(item)
        previous = state.previous.get(code)
        if previous is not None and previous.is_answered and state.previous_period:
            texts.append("\n\n" + t("detail.previous",
                                     state=f"{state.previous_period}: {self._state_text(state, previous)}"),
                         style="italic")
        self._update(self._text, texts)
        if self.scroll_y:
            self.scroll_home(animate=False)

    def refresh_state(self, state: EditorState, code: str) -> None:
        """Update what depends on the answer: the state line under the title and the action box."""
        item = state.item(code)
        if item is None:
            return
        answer = state.answer(code)
        mark = state.mark(code)
        parts: list[Text] = []
        if state.imported:
            parts.append(Text(t("editor.imported", name=state.record.organisation_name), style="bold"))
        elif state.plan_open:
            parts.append(Text(t("editor.plan_open"), style="bold"))
        elif state.read_only:
            parts.append(Text(t("editor.readonly"), style="bold"))
        origin = state.origin(code)
        if origin is not None and mark != "open":
            key = "detail.taken_over_review" if state.carried(code) else "detail.taken_over"
            parts.append(Text(t(key, origin=origin.describe(), code=origin.source_code,
                                title=origin.source_title or origin.source_checklist,
                                relation=relation_label(origin.relation)),
                              style="bold yellow" if state.carried(code) else "bold cyan"))
        elif state.carried(code):
            parts.append(Text(t("detail.carried"), style="bold yellow"))
        if mark == "nvt":
            parts.append(Text(t("detail.nvt", reason=answer.na_reason)))
        elif mark == "below":
            # A definitive assessment cannot take a new action: say where it stands, not what to do.
            key = "detail.below_final" if state.read_only else "detail.below"
            parts.append(Text(t(key, level=answer.level, target=item.target), style="bold red"))
            if item.suggested_action:
                parts.append(Text(t("detail.suggested_action", action=local(item, "suggested_action"))))
        elif mark == "meets":
            parts.append(Text(t("detail.meets"), style="green"))
        draft = state.action(code)
        if mark == "below" and state.read_only and not draft.description:
            parts.append(Text(t("detail.no_action_final"), style="italic"))
        names = state.attachments.get(code)
        if names:
            parts.append(Text(t("detail.attachments", count=len(names), names=", ".join(names))))
        head = self._head_text(item)
        if parts:
            # One widget for title, state and statement: it changes in one go, in one frame.
            head.append("\n\n")
            head.append_text(Text("\n").join(parts))
        head.append("\n\n")
        head.append(local(item, "statement"), style="bold")
        self._update(self._head, head)
        has_action = bool(draft.description or draft.owner or draft.deadline)
        self._show(self._action_box, has_action if state.read_only else mark == "below" or has_action)
        if draft.id is not None:
            status = action_status_label(draft.status)
            title = (t("detail.action_overdue", status=status, deadline=draft.deadline)
                     if draft.overdue(state.today) else t("detail.action_state", status=status))
            if draft.origin_id is not None:
                title = f"{title} · {t('detail.action_from_previous')}"
        else:
            title = t("detail.action")
        if self._last.get("action-title") != title:
            self._last["action-title"] = title
            self._action_title.update(title)

    def refresh_levels(self, state: EditorState, code: str) -> None:
        item = state.item(code)
        if item is not None:
            self._levels.show_levels(state.checklist, item, state.answer(code).level)

    def set_action_hint(self, text: str) -> None:
        self._update(self._hint, text)
        self._show(self._hint, bool(text))

    @staticmethod
    def _state_text(state: EditorState, answer: Answer) -> str:
        if answer.not_applicable:
            return t("mark.nvt")
        level = state.checklist.level(answer.level) if answer.level is not None else None
        return f"{answer.level} {local(level, 'label')}" if level else t("mark.open")

    @staticmethod
    def _head_text(item: Item) -> Text:
        tags = [t("detail.target", target=item.target), item_kind_label(item.kind)]
        if item.mandatory:
            tags.insert(0, t("detail.mandatory"))
        if item.basisnorm:
            tags.insert(0, t("detail.basisnorm"))
        if not item.allows_na:
            tags.append(t("detail.no_na"))
        if item.weight != 1:
            tags.append(t("detail.weight", weight=f"{item.weight:g}"))
        code = f"{item.code} ({terminal_safe(item.ref_id, one_line=True)})" if item.ref_id else item.code
        return Text.assemble(
            (code, "bold"), "  ", (local(item, "title"), "bold"), "\n",
            (" · ".join(tags), "italic"),
        )

    @staticmethod
    def _texts(item: Item) -> Text:
        text = Text.assemble(
            (t("detail.toelichting") + ": ", "italic bold"), local(item, "toelichting"), "\n",
            (t("detail.evidence_hint") + ": ", "italic bold"), local(item, "evidence"),
        )
        if item.questions:
            text.append("\n" + t("detail.questions") + ":", "italic bold")
            for question in item.questions:
                text.append("\n• " + local(question, "text"))
        if item.legal_basis:
            laws = "; ".join(", ".join(part for part in (basis.law, basis.article) if part)
                             for basis in item.legal_basis)
            text.append("\n" + t("detail.legal_basis") + ": ", "italic bold")
            text.append(terminal_safe(laws))
        return text
