"""The province-wide picture: coverage, themes, measures, groups, trend and growth stages."""

from __future__ import annotations

from norm.aggregate import DIMENSION_LABELS, SharedData
from norm.disclosure import Merge
from norm.labels import organisation_type_plural
from reports.builders.common import code_with_ref, regional_document, rules_section, stat_cells, with_notes
from reports.charts import Box, BoxPlot, Series, Stack, StackedBars, TrendChart
from reports.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    Column,
    Document,
    Figure,
    Figures,
    Heading,
    Notice,
    Paragraph,
    Section,
    Table,
    agg,
    code,
    text,
)
from reports.formatting import percent
from reports.wording import Words, translate_headings

STAT_COLUMNS = [agg("Mediaan", "percent", width=10), agg("Q1", "percent", width=8),
                agg("Q3", "percent", width=8), agg("Op streef", "percent", width=11),
                Column("n", "count", width=6)]


def key_points(data: SharedData, period: str) -> list[str]:
    """A few plain sentences for executives, only from figures that may be shown."""
    points = []
    known = sum(data.known_by_type.values())
    points.append(f"{data.count(period)} van de {known} organisaties deelden een definitieve beoordeling voor "
                  f"periode {period}.")
    overall, first = data.overall(period), data.periods[0]
    start = data.overall(first) if first < period else None
    if overall.shown and start is not None and start.shown:
        points.append(f"De mediaan van de totaalscore ging van {percent(start.median)} in {first} naar "
                      f"{percent(overall.median)} in {period} ({points_text(overall.median, start.median)}).")
    elif overall.shown:
        points.append(f"De mediaan van de totaalscore is {percent(overall.median)} (n = {overall.n}).")
    basis = data.basisnorm(period)
    if basis.shown:
        points.append(f"{percent(basis.share)} voldoet aan de basisnorm ({basis.meeting} van {basis.n}).")
    themes = [t for t in data.themes(period) if t.stat.shown]
    if len(themes) >= 2:
        ranked = sorted(themes, key=lambda t: (t.stat.median or 0, t.code))
        points.append(f"Sterkste thema: {ranked[-1].title} (mediaan {percent(ranked[-1].stat.median)}); zwakste "
                      f"thema: {ranked[0].title} (mediaan {percent(ranked[0].stat.median)}).")
    items = [i for i in data.items(period) if i.stat.shown]
    if items:
        weakest = min(items, key=lambda i: (i.stat.share or 0, i.code))
        points.append(f"Minst gehaalde maatregel: {weakest.code} {weakest.title} — {percent(weakest.stat.share)} "
                      f"haalt het streefniveau (n = {weakest.stat.n}).")
    return points


def points_text(after: float | None, before: float | None) -> str:
    """The difference in procentpunten of two shown percentages (rounded first, then subtracted)."""
    if after is None or before is None:
        return "–"
    difference = round(after * 100) - round(before * 100)
    if difference == 0:
        return "0 procentpunt"
    return f"{'+' if difference > 0 else '−'}{abs(difference)} procentpunt"


def summary_section(data: SharedData, period: str) -> Section:
    overall, basis = data.overall(period), data.basisnorm(period)
    known = sum(data.known_by_type.values())
    figures = Figures([
        Figure("Deelnemers", Cell(data.count(period), "count"), f"van {known} organisaties in de database"),
        Figure("Mediaan totaalscore", Cell(overall.median, "percent", suppressed=overall.suppressed),
               f"n = {overall.n}" + (f"; middelste helft {percent(overall.q1)}–{percent(overall.q3)}"
                                     if overall.shown else "")),
        Figure("Voldoet aan basisnorm", Cell(basis.share, "percent", suppressed=basis.suppressed),
               f"n = {basis.n}" + (f"; {basis.meeting} organisaties" if basis.shown else "")),
        Figure("Op of boven streefscore", Cell(overall.share, "percent", suppressed=overall.suppressed),
               f"n = {overall.n}" + (f"; {overall.meeting} organisaties" if overall.shown else "")),
    ])
    blocks: list[Block] = [Paragraph(
        f"Dit beeld telt de definitieve beoordelingen die organisaties voor periode {period} hebben gedeeld "
        f"(geaggregeerd of benoemd). Geen cijfer in dit rapport hoort bij één organisatie, en geen organisatie "
        f"wordt genoemd. Cijfers over minder dan {data.min_group} organisaties zijn onderdrukt."), figures,
        Heading("Kernpunten"), Bullets(key_points(data, period))]
    versions = data.versions(period)
    if len(versions) > 1:
        blocks.append(Notice("In deze periode zijn verschillende checklistversies gebruikt: "
                             + ", ".join(f"versie {v.version} ({v.count}×)" for v in versions)
                             + f". Maatregelen en thema's volgen versie {data.checklist.version}; per maatregel "
                             "tellen alleen de beoordelingen waarin hij voorkomt.", "info"))
    return Section("samenvatting", "Samenvatting", blocks)


def coverage_section(data: SharedData, period: str) -> Section:
    periods = [p for p in data.periods if p <= period]
    rows_by_type: dict[str, dict[str, tuple[int, int]]] = {}
    known: dict[str, int] = {}
    for row in data.coverage():
        if row.period in periods:
            rows_by_type.setdefault(row.type, {})[row.period] = (row.participating, row.named)
            known[row.type] = row.known
    rows = []
    for org_type, by_period in rows_by_type.items():
        rows.append([text(organisation_type_plural(org_type)), Cell(known[org_type], "count")]
                    + [Cell(by_period.get(p, (0, 0))[0], "count") for p in periods]
                    + [Cell(by_period.get(period, (0, 0))[1], "count")])
    rows.append([text("Totaal"), Cell(sum(known.values()), "count")]
                + [Cell(sum(v.get(p, (0, 0))[0] for v in rows_by_type.values()), "count") for p in periods]
                + [Cell(sum(v.get(period, (0, 0))[1] for v in rows_by_type.values()), "count")])
    table = Table(
        "Deelname", "Deelnemende organisaties per type en periode",
        [Column("Type", width=20), Column("In database", "count", width=12)]
        + [Column(p, "count", width=9) for p in periods] + [Column(f"Benoemd {period}", "count", width=14)],
        rows,
        notes=["Deelname is een telling van gedeelde, definitieve beoordelingen; er horen geen scores bij. "
               "‘Benoemd’: organisaties die toestaan dat ze bij naam worden genoemd."],
    )
    return Section("deelname", "Deelname", [table])


def themes_section(data: SharedData, period: str) -> Section:
    themes = data.themes(period)
    rows = [[code(t.code), text(t.title)] + stat_cells(t.stat) + [Cell(t.target_score, "percent")] for t in themes]
    overall = data.overall(period)
    rows.append([text("Totaal"), text("Alle thema's")] + stat_cells(overall) + [Cell(None, "percent")])
    table = with_notes(Table(
        "Thema's", "Themascores over de deelnemers",
        [Column("Code", "code", width=8), Column("Thema", width=40)] + STAT_COLUMNS
        + [agg("Streefscore (mediaan)", "percent", width=20)], rows,
        notes=["‘Op streef’: aandeel organisaties met een themascore op of boven hun streefscore."]),
        data.min_group)
    chart = Chart(BoxPlot("Spreiding van de themascores", [
        Box(t.title, t.stat.q1, t.stat.median, t.stat.q3, t.target_score, note=t.stat.suppressed or "")
        for t in themes]), "Blauwe balk: middelste helft van de organisaties (Q1–Q3); streep: mediaan; "
                           "stippellijn: streefscore.")
    return Section("themas", "Thema's", [chart, table])


def merge_note(merges: list[Merge]) -> list[str]:
    """The sentence under a table that merged categories (say what was merged and why)."""
    if not merges:
        return []
    parts = "; ".join(f"‘{m.label}’ ({len(m.parts)} groepen samen)" for m in merges)
    return [f"Samengevoegd, omdat de groepen apart te weinig organisaties tellen om te tonen: {parts}."]


def all_hidden(table: Table) -> bool:
    """Whether every figure cell of a table is suppressed (nothing but labels and n left)."""
    figures = [cell for row in table.rows for cell in row[1:] if cell.kind != "text"]
    return bool(figures) and all(cell.suppressed is not None or cell.value is None for cell in figures)


def visible(table: Table, what: str) -> Block:
    """The table, or one sentence when none of its figures may be shown."""
    if all_hidden(table):
        return Paragraph(f"{what}: geen cijfers te tonen — elke groep is te klein of zou een andere groep "
                         "verraden.")
    return table


def heatmap_table(data: SharedData, period: str, dimension: str) -> Table:
    breakdown = data.breakdown(period, dimension)
    columns = [Column("Thema", width=36)] + [Column(g, "percent", width=14, with_n=True) for g in breakdown.groups]
    rows = []
    for theme_stat, cells in breakdown.themes:
        rows.append([text(theme_stat.title)] + [
            Cell(c.stat.median, "percent", n=c.stat.n, suppressed=c.stat.suppressed,
                 fill=c.stat.median) for c in cells])
    rows.append([text("Totaalscore")] + [
        Cell(c.stat.median, "percent", n=c.stat.n, suppressed=c.stat.suppressed, fill=c.stat.median)
        for c in breakdown.overall])
    rows.append([text("Voldoet aan basisnorm (aandeel)")] + [
        Cell(c.stat.share, "percent", n=c.stat.n, suppressed=c.stat.suppressed) for c in breakdown.basisnorm])
    label = DIMENSION_LABELS[dimension]
    notes = ["Mediaan van de themascore per groep; n onder elk cijfer."] + merge_note(breakdown.merges)
    if breakdown.left_out:
        notes.append(f"Niet als kolom: {', '.join(breakdown.left_out)} — te weinig organisaties om apart te tonen, "
                     "ook samengevoegd; zij tellen in deze cijfers niet mee.")
    partial = [t.title for t in data.checklist.themes if data.left_out(period, f"theme:{t.code}")]
    if partial:
        notes.append("Bij " + ", ".join(partial) + " tellen alleen de groepen mee die groot genoeg zijn om apart te "
                     "tonen; de kleinere groep telt daar niet mee, ook niet in het totaal.")
    if dimension == "police_district" and data.district_indicative:
        notes.append("De indeling naar politiedistrict is voor een deel afgeleid uit openbare bronnen en daarom "
                     "indicatief.")
    return with_notes(Table(f"Per {label}", f"Thema's naar {label}", columns, rows, notes=notes, style="heatmap"),
                      data.min_group)


def groups_section(data: SharedData, period: str) -> Section:
    blocks: list[Block] = [Paragraph(
        "Hoe donkerder de cel, hoe hoger de mediaan. Elke kolom is een groep organisaties; "
        "een groep die te klein is, of die het totaal zou verraden, is onderdrukt.")]
    dimensions = ["police_district", "size_class"] + ([] if data.view else ["type"])
    blocks += [visible(heatmap_table(data, period, dimension), f"Thema's naar {DIMENSION_LABELS[dimension]}")
               for dimension in dimensions]
    return Section("groepen", "Thema's naar groep", blocks)


def items_section(data: SharedData, period: str) -> Section:
    rows = []
    scale = [level.value for level in data.checklist.scale]
    for stat in data.items(period):
        cells = stat_cells(stat.stat, levels=True)
        distribution = [Cell(stat.levels[value] if stat.levels and value < len(stat.levels) else None, "count",
                             suppressed=None if stat.stat.shown else stat.stat.suppressed) for value in scale]
        rows.append([code_with_ref(data.checklist, stat.code), text(stat.title), text(stat.theme_code),
                     text("ja" if stat.basisnorm else ""),
                     Cell(stat.target, "level")] + cells
                    + [Cell(stat.not_applicable, "count", suppressed=None if stat.stat.shown
                            else stat.stat.suppressed)] + distribution)
    table = with_notes(Table(
        "Maatregelen", "Niveau per maatregel over de deelnemers",
        [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Thema", width=7),
         Column("Basisnorm", width=10), Column("Streef", "level", width=7),
         agg("Mediaan", "level", width=9), agg("Q1", "level", width=6), agg("Q3", "level", width=6),
         agg("Op streef", "percent", width=10), Column("n", "count", width=6), Column("N.v.t.", "count", width=7)]
        + [agg(f"Niveau {value}", "count", width=9) for value in scale],
        rows, notes=["Niveaus op de schaal van de checklist; n telt de organisaties met een niveau (n.v.t. niet). "
                     "‘Niveau 0’ tot en met ‘Niveau 3’: hoeveel organisaties op dat niveau staan."]),
        data.min_group)
    return Section("maatregelen", "Per maatregel", [table], page_break=True)


def trend_section(data: SharedData, period: str) -> Section:
    trend = data.trend(up_to=period)
    periods = [s.period for s in trend]
    chart = Chart(TrendChart("Ontwikkeling over de perioden", periods, [
        Series("Mediaan totaalscore", [s.overall.median for s in trend], [s.overall.q1 for s in trend],
               [s.overall.q3 for s in trend]),
        Series("Voldoet aan basisnorm", [s.basisnorm.share for s in trend], dashed=True),
    ]), "Mediaan van de totaalscore (band: middelste helft) en het aandeel dat aan de basisnorm voldoet.")
    theme_codes = [t.code for t in data.checklist.themes]
    rows = []
    for summary in trend:
        themes = {t.code: t.stat for t in summary.themes}
        rows.append([text(summary.period), Cell(summary.n, "count")] + stat_cells(summary.overall)[:3]
                    + [Cell(summary.basisnorm.share, "percent", suppressed=summary.basisnorm.suppressed)]
                    + [Cell(themes[c].median, "percent", n=themes[c].n, suppressed=themes[c].suppressed)
                       for c in theme_codes])
    table = with_notes(Table(
        "Ontwikkeling", "Ontwikkeling per periode",
        [Column("Periode", width=9), Column("n", "count", width=6), agg("Mediaan", "percent", width=10),
         agg("Q1", "percent", width=8), agg("Q3", "percent", width=8),
         agg("Basisnorm", "percent", width=11)]
        + [Column(f"Thema {c}", "percent", width=11, with_n=True) for c in theme_codes], rows,
        notes=["De deelnemers kunnen per periode verschillen; n staat bij elk cijfer."]), data.min_group)
    return Section("ontwikkeling", "Ontwikkeling", [chart, table])


def tiers_section(data: SharedData, period: str) -> Section:
    if not data.checklist.tiers:
        return Section("groeifasen", "Groeifasen", [Paragraph("Deze checklist heeft geen groeimodel.")])
    periods = [p for p in data.periods if p <= period]
    distributions = [data.tiers(p) for p in periods]
    categories = [t.name for t in data.checklist.tiers]
    if any(row.tier_id is None for dist in distributions for row in dist.rows):
        categories.insert(0, "nog geen fase")
    stacks, rows = [], []
    for dist in distributions:
        counts = {row.name: row.count for row in dist.rows}
        values = [counts.get(c, 0) for c in categories]
        stacks.append(Stack(dist.period, values if not dist.suppressed else [0] * len(values),
                            note=dist.suppressed or ""))
        rows.append([text(dist.period), Cell(dist.n, "count")]
                    + [Cell(v, "count", suppressed=dist.suppressed) for v in values])
    chart = Chart(StackedBars("Organisaties per groeifase", categories, stacks),
                  "Aantal organisaties per groeifase, per periode.")
    table = with_notes(Table("Groeifasen", "Verdeling over de groeifasen",
                             [Column("Periode", width=9), Column("n", "count", width=6)]
                             + [Column(c, "count", width=14) for c in categories], rows), data.min_group)
    return Section("groeifasen", "Groeifasen", [chart, table])


def build_province_report(data: SharedData, period: str, organisation_type: str | None = None, *,
                          language: str | None = None) -> Document:
    """The province-wide picture of a period; with ``organisation_type`` only that type (``--type``).

    With ``language="en"`` the headings, table titles and column headers are English; the sentences stay Dutch.
    """
    words = Words(language)
    if organisation_type is not None:
        data = data.of_type(organisation_type)
    checklist = data.checklist
    sections = [
        summary_section(data, period),
        coverage_section(data, period),
        themes_section(data, period),
        groups_section(data, period),
        trend_section(data, period),
        tiers_section(data, period),
        items_section(data, period),
        rules_section(checklist, k=data.min_group, words=words),
    ]
    title = words("province.title")
    if organisation_type is not None:
        title = words("province.title_type", types=organisation_type_plural(organisation_type, words.language))
    return translate_headings(regional_document(data, period, kind="province", title=title, sections=sections,
                                                words=words), words)
