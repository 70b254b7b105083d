"""The themes and measures of an assessment as a tree, with a mark per measure and progress per
theme. Marks: ``·`` open, ``✓n`` level n meets the target, ``▼n`` below target, ``–`` n.v.t.,
``↻`` carried over from the previous assessment and not yet confirmed, ``⇄`` taken over from a mapped
measure of another checklist (yellow while it waits for confirmation)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from norm.checklist import Item, Theme
from tui.i18n import local, t
from tui.state import EditorState, matches

NodeData = tuple[str, str]


def item_mark(state: EditorState, item: Item) -> Text:
    """The two-cell mark in front of a measure."""
    mark = state.mark(item.code)
    answer = state.answer(item.code)
    level = "" if answer.level is None else str(answer.level)
    if mark == "open":
        text = Text("· ", style="dim")
    elif mark == "nvt":
        text = Text("– ", style="italic")
    elif mark == "below":
        text = Text(f"▼{level}", style="bold red")
    else:
        text = Text(f"✓{level}", style="bold green")
    origin = state.origin(item.code)
    if origin is not None and mark != "open":
        style = "bold yellow" if state.carried(item.code) else "bold cyan"
        text = Text("⇄", style=style) + Text(text.plain[1:], style=text.style)
    elif state.carried(item.code):
        text = Text("↻", style="bold yellow") + Text(text.plain[1:], style=text.style)
    return text


def item_label(state: EditorState, item: Item) -> Text:
    return Text.assemble(item_mark(state, item), " ", (item.code, "bold"), " ", local(item, "title"))


def theme_label(state: EditorState, theme: Theme, items: list[Item]) -> Text:
    answered, total = state.progress(items)
    style = "bold green" if answered == total else "bold"
    return Text.assemble((theme.code, "bold"), " ", (f"{answered}/{total}", style), " ",
                         (local(theme, "title"), "bold"))


def mine_first(state: EditorState) -> list[tuple[Theme, list[Item]]]:
    """The themes and measures with "mijn maatregelen" (assigned to the user) first, else in order."""
    if not state.mine:
        return state.themes
    ordered = [(theme, sorted(items, key=lambda item: item.code not in state.mine)) for theme, items in state.themes]
    return sorted(ordered, key=lambda pair: not any(item.code in state.mine for item in pair[1]))


class MeasureTree(Tree[NodeData]):
    """Themes with their measures; the cursor is the measure shown in the detail pane."""

    def __init__(self, *, id: str | None = None, on_cursor: Callable[[NodeData], None] | None = None) -> None:
        super().__init__(t("editor.tree_label"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self._items: dict[str, TreeNode[NodeData]] = {}
        self._themes: dict[str, TreeNode[NodeData]] = {}
        self._on_cursor = on_cursor

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        # Tell the editor at once (not through a message), so the tree and the detail pane are
        # updated in the same frame.
        callback = getattr(self, "_on_cursor", None)  # not set yet while the tree initialises
        node = self.cursor_node
        if callback is not None and node is not None and node.data is not None:
            callback(node.data)

    def build(self, state: EditorState, mode: str = "all", query: str = "") -> int:
        """Show the measures that pass the filter and the search; returns how many."""
        self.clear()
        self._items = {}
        self._themes = {}
        shown_total = 0
        for theme, items in mine_first(state):
            shown = [
                item
                for item in items
                if state.passes(item.code, mode)
                and matches(item, query, local(item, "title"), local(item, "statement"))
            ]
            if not shown:
                continue
            theme_node = self.root.add(theme_label(state, theme, items), data=("theme", theme.code),
                                       expand=True)
            self._themes[theme.code] = theme_node
            for item in shown:
                self._items[item.code] = theme_node.add_leaf(item_label(state, item),
                                                              data=("item", item.code))
            shown_total += len(shown)
        return shown_total

    def refresh_item(self, state: EditorState, code: str) -> None:
        """Redraw the mark of one measure and the progress of its theme."""
        item = state.item(code)
        node = self._items.get(code)
        if item is not None and node is not None:
            node.set_label(item_label(state, item))
        theme = state.theme_of(code)
        if theme is not None and theme.code in self._themes:
            items = next(items for th, items in state.themes if th.code == theme.code)
            self._themes[theme.code].set_label(theme_label(state, theme, items))

    @property
    def codes(self) -> list[str]:
        return list(self._items)

    def contains(self, code: str) -> bool:
        return code in self._items

    @property
    def current_code(self) -> str | None:
        node = self.cursor_node
        if node is None or node.data is None or node.data[0] != "item":
            return None
        return node.data[1]

    def select_code(self, code: str) -> bool:
        """Put the cursor on a measure; False when it is not shown."""
        node = self._items.get(code)
        if node is None:
            return False
        _ = self.last_line  # make sure the lines of a freshly built tree are laid out
        self.move_cursor(node)

        def scroll() -> None:
            if node.parent is not None and node.parent.data is not None:
                self.scroll_to_node(node.parent, animate=False)  # show the theme too where it fits
            self.scroll_to_node(node, animate=False)

        if self.size.height:
            scroll()
        else:  # not laid out yet: scrolling now would use a viewport of zero lines
            self.call_after_refresh(scroll)
        return True
