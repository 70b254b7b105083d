"""The detail pane of the editor: what a measure asks, the meaning of each level, and the fields
for the answer (comment, evidence, improvement action)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from norm.checklist import Checklist, Item
from tui.i18n import item_kind_label, local, t
from tui.screens.model import EditorState
from tui.widgets.base import EditorField, MemoField, TextField


class LevelList(OptionList):
    """The levels of the scale with their meaning for this measure; Enter chooses one."""

    def on_focus(self) -> None:
        # Bring all levels into view at once (the pane scrolls, not the list).
        for ancestor in self.ancestors:
            if isinstance(ancestor, MeasureDetail):
                ancestor.scroll_to_widget(self, top=True, animate=False)
                break

    def show_levels(self, checklist: Checklist, item: Item, current: int | None) -> None:
        options = []
        highlight = 0
        for index, level in enumerate(checklist.scale):
            chosen = current == level.value
            if chosen:
                highlight = index
            marker = "●" if chosen else "○"
            head = Text(local(level, "label"), style="bold")
            if level.value == item.target:
                head.append(f"  ({t('detail.target', target=item.target)})", style="italic")
            meaning = item.levels.get(level.value) or local(level, "description")
            # A grid gives the meaning a hanging indent under the label when it wraps.
            prompt = Table.grid(padding=(0, 1))
            prompt.add_column(width=3, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(Text(f"{marker} {level.value}", style="bold"),
                           Text.assemble(head, "\n", (meaning, "dim")))
            options.append(Option(prompt, id=f"level-{level.value}"))
        self.set_options(options)
        if current is None:
            values = checklist.scale_values
            highlight = values.index(item.target) if item.target in values else 0
        self.highlighted = highlight


class MeasureDetail(VerticalScroll):
    """Everything about the measure under the cursor."""

    def compose(self) -> ComposeResult:
        yield Static(id="theme-info")
        with Vertical(id="item-parts"):
            yield Static(id="d-head")
            yield Static(id="d-banner")
            yield Static(id="d-statement")
            yield Label(t("detail.levels"), classes="field-label")
            yield LevelList(id="levels")
            yield Static(id="d-text")
            yield Label(t("detail.comment"), classes="field-label")
            yield MemoField(id="comment", item_field="comment")
            yield Label(t("detail.evidence"), classes="field-label")
            yield MemoField(id="evidence", item_field="evidence")
            with Vertical(id="action-box"):
                yield Label(t("detail.action"), classes="field-label", id="action-title")
                yield EditorField(placeholder=t("detail.action_description"), id="action-description", compact=True)
                yield EditorField(placeholder=t("detail.action_owner"), id="action-owner", compact=True)
                yield EditorField(placeholder=t("detail.action_deadline"), id="action-deadline", compact=True,
                                  max_length=10)
                yield Static(id="action-hint")
            yield Static(id="d-previous")

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
        info = self.query_one("#theme-info", Static)
        info.update(text)
        info.display = True
        self.query_one("#item-parts").display = False

    def show(self, state: EditorState, code: str) -> None:
        """Fill the pane with the measure ``code``."""
        item = state.item(code)
        if item is None:
            return
        self.query_one("#theme-info").display = False
        self.query_one("#item-parts").display = True
        answer = state.answer(code)
        self.query_one("#d-head", Static).update(self._head(state, item))
        self.refresh_state(state, code)
        self.query_one("#d-statement", Static).update(Text(local(item, "statement"), style="bold"))
        self.query_one("#d-text", Static).update(self._texts(item))
        self.query_one(LevelList).show_levels(state.checklist, item, answer.level)
        for field_id, value in (("comment", answer.comment), ("evidence", answer.evidence)):
            memo = self.query_one(f"#{field_id}", MemoField)
            if memo.text != value:
                memo.load_text(value)
            memo.read_only = state.read_only
        draft = state.action(code)
        for field_id, value in (("action-description", draft.description), ("action-owner", draft.owner),
                                ("action-deadline", draft.deadline)):
            field = self.query_one(f"#{field_id}", TextField)
            if field.value != value:
                field.value = value
            field.disabled = state.read_only
        self.set_action_hint(t("detail.action_more", count=draft.others) if draft.others else "")
        previous = state.previous.get(code)
        previous_text = ""
        if previous is not None and previous.is_answered and state.previous_period:
            previous_text = t("detail.previous", state=f"{state.previous_period}: {self._state_text(state, previous)}")
        self.query_one("#d-previous", Static).update(previous_text)
        self.scroll_home(animate=False)

    def refresh_state(self, state: EditorState, code: str) -> None:
        """Update what depends on the answer: the banner, the level marks, the action box."""
        item = state.item(code)
        if item is None:
            return
        answer = state.answer(code)
        mark = state.mark(code)
        banner = self.query_one("#d-banner", Static)
        parts: list[Text] = []
        if state.read_only:
            parts.append(Text(t("editor.readonly"), style="bold"))
        if state.carried(code):
            parts.append(Text(t("detail.carried"), style="bold yellow"))
        if mark == "nvt":
            parts.append(Text(t("detail.nvt", reason=answer.na_reason)))
        elif mark == "below":
            parts.append(Text(t("detail.below", level=answer.level, target=item.target), style="bold red"))
        elif mark == "meets":
            parts.append(Text(t("detail.meets"), style="green"))
        banner.update(Text("\n").join(parts))
        banner.display = bool(parts)
        banner.set_class(mark == "below", "-below")
        action_box = self.query_one("#action-box")
        draft = state.action(code)
        action_box.display = mark == "below" or bool(draft.description or draft.owner or draft.deadline)

    def refresh_levels(self, state: EditorState, code: str) -> None:
        item = state.item(code)
        if item is not None:
            self.query_one(LevelList).show_levels(state.checklist, item, state.answer(code).level)

    def set_action_hint(self, text: str) -> None:
        hint = self.query_one("#action-hint", Static)
        hint.update(text)
        hint.display = bool(text)

    @staticmethod
    def _state_text(state: EditorState, answer) -> str:
        if answer.not_applicable:
            return t("mark.nvt")
        level = state.checklist.level(answer.level) if answer.level is not None else None
        return f"{answer.level} {local(level, 'label')}" if level else t("mark.open")

    @staticmethod
    def _head(state: EditorState, item: Item) -> Text:
        tags = [t("detail.target", target=item.target), item_kind_label(item.kind)]
        if item.basisnorm:
            tags.insert(0, t("detail.basisnorm"))
        if item.weight != 1:
            tags.append(t("detail.weight", weight=f"{item.weight:g}"))
        return Text.assemble(
            (item.code, "bold"), "  ", (local(item, "title"), "bold"), "\n",
            (" · ".join(tags), "italic"),
        )

    @staticmethod
    def _texts(item: Item) -> Text:
        return Text.assemble(
            (t("detail.toelichting") + ": ", "italic bold"), local(item, "toelichting"), "\n",
            (t("detail.evidence_hint") + ": ", "italic bold"), local(item, "evidence"),
        )
