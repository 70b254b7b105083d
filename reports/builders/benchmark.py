""""U tegenover de provincie en uw vergelijkingsgroep" in the organisation's own report (issue #11).

The figures come from the newest benchmark file the province sent (``norm.benchmark``), imported
into this database: the province's published medians per theme and those of the peer group (the
organisation's type and merged size class, as the province report publishes them). Nothing of
another organisation is read: the benchmark holds only published figures.
"""

from __future__ import annotations

from norm.benchmark import BenchmarkGroup, Figure, comparison_for
from norm.scoring import AssessmentScore
from norm.store import AssessmentRecord, Store
from reports.builders.common import score_cell
from reports.document import Cell, Column, Paragraph, Section, Table, code, text
from reports.formatting import date

TITLE = "U tegenover de provincie en uw vergelijkingsgroep"


def _cell(figure: Figure | None) -> Cell:
    if figure is None:
        return Cell(None, "percent")
    return Cell(figure.median, "percent", n=figure.n)


def _share(figure: Figure | None) -> Cell:
    return Cell(None if figure is None else figure.share, "percent")


def _theme(group: BenchmarkGroup | None, theme_code: str) -> Figure | None:
    return None if group is None else group.themes.get(theme_code)


def benchmark_section(store: Store, record: AssessmentRecord, score: AssessmentScore) -> Section | None:
    """The comparison with the province's benchmark, or None when no benchmark was imported."""
    comparison = comparison_for(store, record.id)
    if comparison is None:
        return None
    province, peers = comparison.province, comparison.peers
    peer_name = "\u2014" if peers is None else peers.label
    rows = [[code(t.code), text(t.title), score_cell(t.score, t.target_score),
             _cell(_theme(province, t.code)), _share(_theme(province, t.code)),
             _cell(_theme(peers, t.code)), _share(_theme(peers, t.code))] for t in score.themes]
    rows.append([text("Totaal"), text("Alle thema's"), score_cell(score.overall, score.target_score),
                 _cell(province.overall if province else None), _share(province.overall if province else None),
                 _cell(peers.overall if peers else None), _share(peers.overall if peers else None)])
    table = Table(
        "Benchmark", "Score per thema tegenover de mediaan van de provincie en van de vergelijkingsgroep",
        [Column("Code", "code", width=8), Column("Thema", width=40), Column("Uw score", "percent", width=10),
         Column("Provincie (mediaan)", "percent", width=20, with_n=True),
         Column("Provincie op streefniveau", "percent", width=14),
         Column("Groep (mediaan)", "percent", width=20, with_n=True),
         Column("Groep op streefniveau", "percent", width=14)],
        rows)
    intro = Paragraph(
        f"Cijfers uit de benchmark van {comparison.issuer}, gemaakt uit de release van "
        f"{date(comparison.release_date)}: de mediaan per thema en het deel van de organisaties dat de "
        f"streefscore haalt, voor de hele provincie en voor uw vergelijkingsgroep ({peer_name}). De benchmark "
        "bevat alleen cijfers die de provincie publiceert; een streepje betekent dat het cijfer niet wordt "
        "gepubliceerd omdat de groep te klein is. Er staan geen gegevens van andere organisaties in.")
    return Section("benchmark", TITLE, [intro, table])
