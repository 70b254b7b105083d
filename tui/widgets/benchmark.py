"""The province's benchmark on the result screen: the own score per theme against the province and
the peer group, from the benchmark file the province sent (``norm.benchmark``). Hidden when none
was imported; loaded in a worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical

from norm.benchmark import Comparison, Figure, comparison_for
from norm.errors import WeerbaarError
from norm.scoring import AssessmentScore
from norm.store import Store
from tui.i18n import percentage, t
from tui.widgets.base import Plain, PlainLabel


@dataclass(frozen=True)
class BenchmarkData:
    comparison: Comparison
    score: AssessmentScore

    @classmethod
    def load(cls, store: Store, assessment_id: int) -> BenchmarkData | None:
        comparison = comparison_for(store, assessment_id)
        if comparison is None:
            return None
        return cls(comparison, store.score(assessment_id))


def _figure(figure: Figure | None) -> str:
    if figure is None:
        return t("benchmark.not_published")
    return t("benchmark.figure", median=percentage(figure.median), n=figure.n)


def benchmark_text(data: BenchmarkData) -> Text:
    """The lines of the panel: the source, then a line per theme and one for the whole."""
    comparison, score = data.comparison, data.score
    province, peers = comparison.province, comparison.peers
    text = Text(t("benchmark.source", issuer=comparison.issuer, date=comparison.release_date[:10],
                  group=peers.label if peers else t("benchmark.no_group")), style="italic")
    rows = [(f"{theme.code} {theme.title}", theme.score,
             province.themes.get(theme.code) if province else None,
             peers.themes.get(theme.code) if peers else None) for theme in score.themes]
    rows.append((t("benchmark.overall"), score.overall, province.overall if province else None,
                 peers.overall if peers else None))
    width = max(len(label) for label, *_ in rows)
    for label, own, province_figure, peer_figure in rows:
        text.append("\n")
        text.append(f"{label[:40]:<{min(width, 40)}}  ", style="bold")
        text.append(t("benchmark.line", own=percentage(own), province=_figure(province_figure),
                      peers=_figure(peer_figure)))
    return text


class BenchmarkPanel(Vertical):
    """"U tegenover de provincie en uw vergelijkingsgroep"; hidden until a benchmark is found."""

    DEFAULT_CSS = """
    BenchmarkPanel { height: auto; display: none; }
    BenchmarkPanel.-shown { display: block; }
    """

    def __init__(self, store: Store, assessment_id: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.store = store
        self.assessment_id = assessment_id

    def compose(self) -> ComposeResult:
        yield PlainLabel(t("benchmark.title"), classes="section-title")
        yield Plain(id="benchmark-body")

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="benchmark-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            data = await asyncio.to_thread(BenchmarkData.load, self.store, self.assessment_id)
        except WeerbaarError:
            return  # the result screen itself says what is wrong with the assessment
        if data is None:
            return
        self.query_one("#benchmark-body", Plain).update(benchmark_text(data))
        self.add_class("-shown")
