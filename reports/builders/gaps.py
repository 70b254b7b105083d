"""The RIEC gap review: what is missing where, what changed, and who (benoemd only) needs support."""

from __future__ import annotations

from norm.aggregate import ItemChange, ItemStat, SharedData
from norm.labels import explained, organisation_type_plural
from reports.builders.common import (
    code_with_ref,
    delta_tone,
    regional_document,
    rules_section,
    suggested_action,
    with_notes,
)
from reports.document import (
    Cell,
    Column,
    Document,
    Figure,
    Figures,
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

NEARLY_ALL = 0.8
TOP_CHANGES = 10
TOP_PRIORITIES = 5


def missing_share(stat: ItemStat) -> float | None:
    share = stat.stat.share
    return None if share is None else 1 - share


def ranked(stats: list[ItemStat]) -> tuple[list[ItemStat], list[ItemStat]]:
    """Shown measures by how many organisations miss the target; the suppressed ones apart (measures that
    no participant was asked are in neither)."""
    shown = [s for s in stats if s.stat.shown]
    shown.sort(key=lambda s: (-(s.stat.missing or 0), -(missing_share(s) or 0), s.code))
    return shown, sorted((s for s in stats if s.stat.suppressed), key=lambda s: s.code)


def guidance(data: SharedData, code: str) -> str:
    """The suggested action for a measure (``suggested_action``), whole."""
    return suggested_action(data.checklist.item(code))


def summary_section(data: SharedData, period: str, shown: list[ItemStat]) -> Section:
    majority = [s for s in shown if (missing_share(s) or 0) > 0.5]
    nearly = [s for s in shown if (missing_share(s) or 0) >= NEARLY_ALL]
    named = data.named_organisations(period)
    figures = Figures([
        Figure("Deelnemers", Cell(data.count(period), "count"), f"periode {period}"),
        Figure("Gemist door de meerderheid", Cell(len(majority), "count", tone="slecht" if majority else "goed"),
               f"van {len(shown)} getoonde maatregelen"),
        Figure("Gemist door bijna iedereen", Cell(len(nearly), "count", tone="slecht" if nearly else "goed"),
               f"{percent(NEARLY_ALL)} of meer mist het streefniveau"),
        Figure("Benoemde organisaties", Cell(len(named), "count"), "staan toe dat ze genoemd worden"),
    ])
    return Section("samenvatting", "Samenvatting", [Paragraph(
        f"Welke maatregelen ontbreken bij veel organisaties, waar, en wat veranderde sinds de vorige periode. "
        f"Namen staan alleen bij organisaties die daarvoor kozen (‘benoemd’). Cijfers over minder dan "
        f"{data.min_group} organisaties zijn onderdrukt."), figures])


def ranking_section(data: SharedData, shown: list[ItemStat], suppressed: list[ItemStat]) -> Section:
    rows = [
        [Cell(index, "count"), code_with_ref(data.checklist, s.code), text(s.title), text("ja" if s.basisnorm else ""),
         Cell(s.stat.missing, "count", tone="slecht" if (missing_share(s) or 0) > 0.5 else None),
         Cell(s.stat.n, "count"), Cell(missing_share(s), "percent"), text(guidance(data, s.code))]
        for index, s in enumerate(shown, start=1)
    ]
    notes = ["‘Mist’: aantal organisaties met een niveau onder het streefniveau; n telt de organisaties met een "
             "niveau. De voorgestelde actie is de verbeteractie die de norm bij de maatregel geeft."]
    if suppressed:
        notes.append(f"Niet gerangschikt, want onderdrukt: {', '.join(s.code for s in suppressed)} "
                     f"({'; '.join(sorted({s.stat.suppressed or '' for s in suppressed}))}).")
    table = Table(
        "Rangorde", "Maatregelen naar het aantal organisaties dat het streefniveau mist",
        [Column("#", "count", width=4), Column("Code", "code", width=10), Column("Maatregel", width=30),
         Column("Basisnorm", width=9), agg("Mist", "count", width=6), Column("n", "count", width=5),
         agg("Aandeel mist", "percent", width=8), Column("Voorgestelde actie", width=60)],
        rows, notes=notes, empty_text="Geen maatregel heeft genoeg deelnemers om te tonen.")
    return Section("rangorde", "Rangorde van tekorten", [table], page_break=True)


def priorities_section(data: SharedData, shown: list[ItemStat]) -> Section:
    """The most missed measures (top 5, plus every measure nearly everyone misses) with full guidance."""
    selection = [s for index, s in enumerate(shown) if index < TOP_PRIORITIES or (missing_share(s) or 0) >= NEARLY_ALL]
    rows = [[code_with_ref(data.checklist, s.code), text(s.title),
             Cell(s.stat.missing, "count", n=s.stat.n, tone="slecht"),
             Cell(missing_share(s), "percent"),
             text("ja" if (missing_share(s) or 0) >= NEARLY_ALL else "nee"),
             text(guidance(data, s.code))] for s in selection]
    table = Table(
        "Prioriteiten", "De meest gemiste maatregelen, met de voorgestelde actie uit de norm",
        [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Mist", "count", width=8, with_n=True),
         Column("Aandeel mist", "percent", width=13),
         Column(f"Bijna iedereen ({percent(NEARLY_ALL)}+)", width=16), Column("Voorgestelde actie", width=80)],
        rows, style="cards", empty_text="Geen maatregel heeft genoeg deelnemers om te tonen.")
    nearly = sum(1 for s in shown if (missing_share(s) or 0) >= NEARLY_ALL)
    subject = "1 maatregel wordt" if nearly == 1 else f"{nearly} maatregelen worden"
    intro = (f"{subject} door {percent(NEARLY_ALL)} of meer van de organisaties gemist. " if nearly else
             f"Geen maatregel wordt door {percent(NEARLY_ALL)} of meer van de organisaties gemist. ")
    return Section("prioriteiten", "Prioriteiten", [Paragraph(
        intro + "Waar bijna iedereen een maatregel mist, ligt een gezamenlijke aanpak voor de hand: een model, een "
                "training of een regionale voorziening helpt meer dan losse trajecten."), table])


def shown_delta(change: ItemChange) -> float | None:
    """The difference of the two shares as shown (whole percentages), so the reader's subtraction of
    the shown figures gives the shown difference exactly."""
    if change.share_before is None or change.share_after is None:
        return None
    return (round(change.share_after * 100) - round(change.share_before * 100)) / 100


def changes_section(data: SharedData, period: str) -> Section:
    previous = data.previous_period(period)
    if previous is None:
        return Section("veranderingen", "Verbeteringen en verslechteringen", [
            Paragraph("Er is geen eerdere periode om mee te vergelijken.")])
    changes = data.item_changes(period, previous)
    shown = [c for c in changes if c.suppressed is None]

    def rows(selection: list[ItemChange]) -> list[list[Cell]]:
        return [[code(c.code), text(c.title), Cell(c.share_before, "percent"), Cell(c.share_after, "percent"),
                 Cell(shown_delta(c), "delta_pp", tone=delta_tone(shown_delta(c))),
                 Cell(c.improved, "count"), Cell(c.worsened, "count"), Cell(c.n, "count")] for c in selection]

    columns = [Column("Code", "code", width=12), Column("Maatregel", width=38),
               agg(f"Op streef {previous}", "percent", width=15), agg(f"Op streef {period}", "percent", width=15),
               agg("Verschil", "delta_pp", width=10), agg("Erop vooruit", "count", width=12),
               agg("Achteruit", "count", width=10), Column("n", "count", width=6)]
    better = sorted((c for c in shown if (c.delta or 0) > 0), key=lambda c: (-(c.delta or 0), c.code))[:TOP_CHANGES]
    worse = sorted((c for c in shown if (c.worsened or 0) > 0),
                   key=lambda c: (c.delta or 0, -(c.worsened or 0), c.code))[:TOP_CHANGES]
    note = (f"Over de organisaties die in {previous} én {period} meededen en de maatregel beide keren een niveau "
            "gaven (n). ‘Erop vooruit’: haalde het streefniveau eerst niet en nu wel; ‘achteruit’: andersom.")
    hidden = [c.code for c in changes if c.suppressed]
    notes = [note] + ([f"Onderdrukt (te weinig organisaties in beide perioden): {', '.join(hidden)}."]
                      if hidden else [])
    return Section("veranderingen", f"Verbeteringen en verslechteringen sinds {previous}", [
        Table("Verbeterd", "Grootste verbeteringen", columns, rows(better), notes=notes,
              empty_text="Geen maatregel verbeterde."),
        Table("Verslechterd", "Verslechteringen: waar organisaties terugvielen onder het streefniveau", columns,
              rows(worse), notes=[note, "Gesorteerd op het verschil (meest gedaald eerst), dan op het aantal "
                                        "organisaties dat terugviel."],
              empty_text="Geen organisatie viel bij een maatregel terug onder het streefniveau."),
    ])


def district_section(data: SharedData, period: str) -> Section:
    breakdown = data.breakdown(period, "police_district")
    groups, items = data.item_breakdown(period, "police_district")
    summary_rows = []
    for index, group in enumerate(breakdown.groups):
        overall, basis = breakdown.overall[index].stat, breakdown.basisnorm[index].stat
        missed = sorted(
            ((stat, cells[index].stat) for stat, cells in items if cells[index].stat.shown),
            key=lambda pair: (-(pair[1].missing or 0), pair[0].code),
        )[:3]
        summary_rows.append([
            text(group), Cell(breakdown.group_sizes[group], "count"),
            Cell(overall.median, "percent", suppressed=overall.suppressed),
            Cell(basis.share, "percent", suppressed=basis.suppressed),
            Cell(tuple(f"{s.code} {s.title}: {g.missing} van {g.n}" for s, g in missed if g.missing) or None,
                 "lines", suppressed=None if missed or overall.shown else overall.suppressed),
        ])
    notes = []
    if data.district_indicative:
        notes.append("De indeling naar politiedistrict is voor een deel afgeleid uit openbare bronnen en daarom "
                     "indicatief.")
    summary = with_notes(Table(
        "Districten", "Per politiedistrict",
        [Column("District", width=22), Column("Deelnemers", "count", width=12),
         Column("Mediaan totaalscore", "percent", width=18), Column("Voldoet aan basisnorm", "percent", width=20),
         Column("Meest gemist", "lines", width=60)], summary_rows, notes=notes), data.min_group)
    heat_rows = []
    for stat, cells in items:
        heat_rows.append([text(f"{stat.code} {stat.title}")] + [
            Cell(None if c.stat.share is None else 1 - c.stat.share, "percent", n=c.stat.n,
                 suppressed=c.stat.suppressed, fill=None if c.stat.share is None else 1 - c.stat.share)
            for c in cells])
    heatmap = with_notes(Table(
        "Mist per district", "Aandeel dat het streefniveau mist, per maatregel en district",
        [Column("Maatregel", width=44)] + [Column(g, "percent", width=14, with_n=True) for g in groups],
        heat_rows, style="heatmap", notes=["Hoe donkerder, hoe meer organisaties het streefniveau missen."]),
        data.min_group)
    return Section("districten", "Per district", [summary, heatmap], page_break=True)


def named_sections(data: SharedData, period: str) -> tuple[Section, ...]:
    organisations = data.named_organisations(period)
    if not organisations:
        return (Section("benoemd", "Benoemde organisaties", [Paragraph(
            "Geen organisatie heeft voor deze periode gekozen voor ‘benoemd’; daarom staan hier geen namen.")]),)
    overview = Table(
        "Benoemd", "Benoemde organisaties",
        [Column("Organisatie", width=34), Column("Type", width=16), Column("Totaalscore", "percent", width=12),
         Column("Basisnorm", width=14), Column("Tekorten", "count", width=10),
         Column("Basisnorm-tekorten", "count", width=18), Column("Groeifase", width=18)],
        [[text(o.name), text(organisation_type_plural(o.type)), Cell(o.overall, "percent"),
          text(o.basisnorm, tone="goed" if o.basisnorm == "voldoet" else "slecht"),
          Cell(o.gaps, "count"), Cell(o.basisnorm_gaps, "count"), text(o.tier or "nog geen fase")]
         for o in organisations],
        notes=[f"Alleen organisaties met deelniveau {explained('sharing', 'benoemd')}."])
    named_gaps = data.named_gaps(period)
    order = {item.code: index for index, item in enumerate(data.checklist.items())}
    per_org: dict[str, list[str]] = {}
    for item_code in sorted(named_gaps, key=lambda c: order.get(c, len(order))):
        item = data.checklist.item(item_code)
        for entry in named_gaps[item_code]:
            mark = " (basisnorm)" if item and item.basisnorm else ""
            per_org.setdefault(entry.code, []).append(
                f"{item_code} {item.title if item else ''}: niveau {entry.level}, streef {entry.target}{mark}")
    cards = Table(
        "Tekorten benoemd", "Tekorten per benoemde organisatie",
        [Column("Code", "code", width=12), Column("Organisatie", width=34), Column("Totaalscore", "percent", width=12),
         Column("Basisnorm", width=14), Column("Tekorten", "lines", width=80)],
        [[code(o.code), text(o.name), Cell(o.overall, "percent"),
          text(o.basisnorm, tone="goed" if o.basisnorm == "voldoet" else "slecht"),
          Cell(tuple(per_org.get(o.code, [])) or ("geen tekorten",), "lines")] for o in organisations],
        style="cards")
    rows = []
    for item_code in sorted(named_gaps, key=lambda c: (-len(named_gaps[c]), order.get(c, len(order)), c)):
        item = data.checklist.item(item_code)
        entries = named_gaps[item_code]
        rows.append([
            code_with_ref(data.checklist, item_code), text(item.title if item else item_code),
            Cell(len(entries), "count"),
            text(", ".join(e.name for e in entries)), text(guidance(data, item_code)),
        ])
    support = Table(
        "Ondersteuning", "Wie heeft steun nodig bij welke maatregel",
        [Column("Code", "code", width=10), Column("Maatregel", width=28), Column("Aantal", "count", width=7),
         Column("Benoemde organisaties onder streef", width=30),
         Column("Voorgestelde actie", width=45)], rows)
    notice = Notice("Deze namen staan hier omdat de organisaties daar uitdrukkelijk voor kozen (‘benoemd’). Andere "
                    "deelnemers tellen mee in de cijfers, maar worden nergens genoemd.", "info")
    return (Section("benoemd", "Benoemde organisaties en ondersteuning", [notice, overview, support], page_break=True),
            Section("bijlage-benoemd", "Bijlage: tekorten per benoemde organisatie", [cards], page_break=True))


def build_gaps_report(data: SharedData, period: str, *, language: str | None = None) -> Document:
    """The gap analysis for the RIEC; with ``language="en"`` the headings, table titles and column headers are
    English, the sentences stay Dutch."""
    words = Words(language)
    shown, suppressed = ranked(data.items(period))
    sections = [
        summary_section(data, period, shown),
        ranking_section(data, shown, suppressed),
        priorities_section(data, shown),
        changes_section(data, period),
        district_section(data, period),
        *named_sections(data, period),
        rules_section(data.checklist, k=data.min_group, words=words),
    ]
    return translate_headings(regional_document(data, period, kind="gaps", title=words("gaps.title"),
                                                sections=sections, confidential=True, words=words), words)
