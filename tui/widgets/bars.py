"""Horizontal score bars with a marker at the target, sized to the width they get."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from tui.i18n import percentage


@dataclass(frozen=True)
class BarRow:
    label: str
    score: float | None
    target: float | None
    note: str = ""


def render_bar(score: float | None, target: float | None, width: int) -> Text:
    """``width`` cells: filled up to the score, ``│`` at the target."""
    width = max(width, 4)
    filled = 0 if score is None else round(max(0.0, min(score, 1.0)) * width)
    marker = None if target is None else min(round(max(0.0, min(target, 1.0)) * width), width - 1)
    meets = score is not None and target is not None and score >= target - 1e-9
    fill_style = "green" if meets else "yellow" if score is not None else "dim"
    bar = Text()
    for cell in range(width):
        if cell == marker:
            bar.append("│", style="bold")
        elif cell < filled:
            bar.append("█", style=fill_style)
        else:
            bar.append("░", style="dim")
    return bar


class ScoreBars(Widget):
    """One bar per row: label, bar, percentage."""

    rows: reactive[list[BarRow]] = reactive(list, layout=True)

    def render(self) -> Text:
        width = self.content_size.width or 60
        if not self.rows:
            return Text("")
        label_width = min(max(len(row.label) for row in self.rows), max(12, width // 3))
        number_width = 5
        bar_width = max(width - label_width - number_width - 3, 6)
        lines = Text()
        for index, row in enumerate(self.rows):
            label = row.label if len(row.label) <= label_width else row.label[: label_width - 1] + "…"
            if index:
                lines.append("\n")
            lines.append(f"{label:<{label_width}} ")
            lines.append_text(render_bar(row.score, row.target, bar_width))
            lines.append(f" {percentage(row.score):>{number_width}}")
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.rows), 1)
