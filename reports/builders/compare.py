"""Comparisons: one organisation over time, or one assessment against its anonymised peer group."""

from __future__ import annotations

from norm.aggregate import DEMO_ORIGIN, DIMENSION_LABELS, load_shared, profile_of, require_individual_report
from norm.scoring import ItemChange, ItemResult, compare_scores
from norm.store import AssessmentRecord, Store
from norm.vocabulary import DIMENSIONS
from reports.builders.common import (
    ReportError,
    code_with_ref,
    delta_tone,
    demo_notice,
    level_label,
    rules_section,
    score_cell,
    stat_cells,
    suggested_action,
    verdict_tone,
    with_notes,
)
from reports.builders.org import sign_off_meta, sign_off_text
from reports.charts import Box, BoxPlot, Change, Dumbbell
from reports.document import (
    Cell,
    Chart,
    Column,
    Document,
    Figure,
    Figures,
    Notice,
    Paragraph,
    Section,
    Table,
    Tone,
    agg,
    code,
    text,
)
from reports.formatting import date, organisations, percent, shown_delta
from reports.wording import Words

TOP = 10


def _state(result: ItemResult, words: Words | None = None) -> str:
    if result.state == "niveau":
        return str(result.level)
    return (words or Words())("common.state.open" if result.state == "open" else "common.state.nvt")


def _tone(delta: float | int | None) -> Tone | None:
    return delta_tone(delta)


def _change_rows(changes: list[ItemChange], words: Words | None = None) -> list[list[Cell]]:
    return [[code(c.code), text(c.title), text(_state(c.before, words)), text(_state(c.after, words)),
             Cell(c.delta, "delta_level", tone=_tone(c.delta))] for c in changes]


def change_columns(words: Words | None = None) -> list[Column]:
    w = words or Words()
    return [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=45),
            Column(w("col.then"), width=8), Column(w("col.now"), width=8),
            Column(w("col.difference"), "delta_level", width=10)]



def build_compare_report(store: Store, first_id: int, second_id: int, language: str | None = None) -> Document:
    """Two assessments of one organisation, earlier against later; the fixed texts in ``language`` (default
    Dutch).

    :raises ReportError: the same assessment twice, two organisations or two checklists (Dutch message).
    """
    w = Words(language)
    if first_id == second_id:
        raise ReportError("Kies twee verschillende beoordelingen om te vergelijken.")
    records = sorted((store.assessment(first_id), store.assessment(second_id)), key=lambda r: (r.period, r.id))
    before_record, after_record = records
    for record in records:
        require_individual_report(record)
    if before_record.organisation_code != after_record.organisation_code:
        raise ReportError("Een vergelijking over tijd gaat over één organisatie; gebruik --peers voor een "
                          "vergelijking met andere organisaties.")
    if before_record.checklist_id != after_record.checklist_id:
        raise ReportError(f"De beoordelingen gebruiken verschillende checklists ({before_record.checklist_id} en "
                          f"{after_record.checklist_id}).")
    before, after = store.score(before_record.id), store.score(after_record.id)
    checklist = store.checklist(after_record.snapshot_id)
    comparison = compare_scores(before, after, same_version=before_record.snapshot_id == after_record.snapshot_id)
    label_before = w("compare.period", period=before_record.period)
    label_after = w("compare.period", period=after_record.period)

    notices = [demo_notice(w)] if DEMO_ORIGIN in (before_record.origin, after_record.origin) else []
    for record in records:
        if not record.is_definitive:
            notices.append(Notice(w("compare.notice.concept", id=record.id, period=record.period), "waarschuwing"))
    if not comparison.same_version:
        notices.append(Notice(w("compare.notice.versions", before=before_record.checklist_version,
                                after=after_record.checklist_version, count=comparison.items_in_common), "info"))

    # A change shown beside two rounded figures is their difference (41,5% -> 42,4%: 42% and 42%, change 0).
    overall_delta = shown_delta(comparison.overall_before, comparison.overall_after)
    summary = Figures([
        Figure(w("compare.fig.overall"), Cell(comparison.overall_after, "percent"),
               w("compare.fig.overall_was", score=percent(comparison.overall_before), period=before_record.period)),
        Figure(w("compare.fig.difference"), Cell(None if overall_delta is None else round(overall_delta * 100),
                                                 "delta_level", tone=_tone(overall_delta)),
               w("compare.fig.difference_detail")),
        Figure(w("compare.fig.basisnorm"), Cell(w.verdict(after.basisnorm), tone=verdict_tone(after.basisnorm)),
               w("compare.fig.basisnorm_was", verdict=w.verdict(before.basisnorm))),
        Figure(w("compare.fig.gaps"), Cell(len(after.gaps), "count"),
               w("compare.fig.gaps_was", before=len(before.gaps), new=len(comparison.new_gaps),
                 closed=len(comparison.closed_gaps))),
    ])
    tiers = Paragraph(w("compare.tiers", before=before.tier.name if before.tier else w("compare.no_tier"),
                        period_before=before_record.period,
                        after=after.tier.name if after.tier else w("compare.no_tier"),
                        period_after=after_record.period, count=comparison.items_in_common))
    theme_table = Table(
        "Thema's", w("compare.themes.title"),
        [Column(w("col.code"), "code", width=8), Column(w("col.theme"), width=40),
         Column(label_before.capitalize(), "percent", width=14), Column(label_after.capitalize(), "percent", width=14),
         Column(w("col.difference"), "delta_pp", width=10)],
        [[code(d.code), text(d.title), Cell(d.before, "percent"), Cell(d.after, "percent"),
          Cell(shown_delta(d.before, d.after), "delta_pp", tone=_tone(shown_delta(d.before, d.after)))]
         for d in comparison.theme_deltas]
        + [[text(w("total")), text(w("all_themes")), Cell(comparison.overall_before, "percent"),
            Cell(comparison.overall_after, "percent"),
            Cell(overall_delta, "delta_pp", tone=_tone(overall_delta))]],
    )
    chart = Chart(Dumbbell(w("compare.themes.title"),
                           [Change(d.title, d.before, d.after) for d in comparison.theme_deltas],
                           label_before, label_after),
                  w("compare.chart.caption"))
    new_gap_rows = []
    for change in comparison.new_gaps:
        item = checklist.item(change.code)
        new_gap_rows.append([code_with_ref(checklist, change.code), text(change.title),
                             text(_state(change.before, w)),
                             text(level_label(checklist, change.after.level, w, item)),
                             text(level_label(checklist, change.after.target, w, item)),
                             text(suggested_action(item, w))])
    columns = change_columns(w)
    sections = [
        Section("samenvatting", w("compare.summary"), [summary, tiers, chart, theme_table]),
        Section("vooruitgang", w("compare.improved"), [Table(
            "Verbeterd", w("compare.improved.title", top=TOP), columns,
            _change_rows(comparison.improved[:TOP], w), empty_text=w("compare.improved.empty"))]),
        Section("nieuwe-tekorten", w("compare.new_gaps"), [Table(
            "Nieuwe tekorten", w("compare.new_gaps.title"),
            [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=40),
             Column(w("col.then"), width=8), Column(w("col.now"), width=20), Column(w("col.target_level"), width=20),
             Column(w("col.suggested_action"), width=60)],
            new_gap_rows, style="cards", empty_text=w("compare.new_gaps.empty"))]),
        Section("achteruit", w("compare.worsened"), [Table(
            "Achteruit", w("compare.worsened.title"), columns, _change_rows(comparison.worsened, w),
            empty_text=w("compare.worsened.empty"))]),
        Section("alle-veranderingen", w("compare.all"), [Table(
            "Veranderingen", w("compare.all.title"), columns, _change_rows(comparison.changed, w),
            empty_text=w("compare.all.empty"))], page_break=True),
        rules_section(checklist, words=w),
    ]

    def assessment_text(record: AssessmentRecord) -> str:
        return w("compare.meta.assessment", id=record.id, period=record.period, version=record.checklist_version,
                 status=record.status if w.language == "nl" else w.label("status", record.status))

    return Document(
        kind="compare",
        title=w("compare.title", name=after_record.organisation_name, before=before_record.period,
                after=after_record.period),
        subtitle=f"{after_record.checklist_title}",
        meta=[
            (w("meta.organisation"), f"{after_record.organisation_name} ({after_record.organisation_code})"),
            (w("meta.checklist"), f"{after_record.checklist_title}"),
            (w("compare.meta.before"), assessment_text(before_record)),
            (w("compare.meta.after"), assessment_text(after_record)),
            # The sign-off of each assessment: who answers for the figures compared.
            (w("compare.meta.signed_off_before"),
             sign_off_text(store, before_record.id, w) or w("compare.meta.no_sign_off")),
            (w("compare.meta.signed_off_after"),
             sign_off_text(store, after_record.id, w) or w("compare.meta.no_sign_off")),
        ],
        sections=sections,
        notices=notices,
        demo=DEMO_ORIGIN in (before_record.origin, after_record.origin),
        confidential=True,
        date=after_record.finalised_at or after_record.updated_at,
        language=w.language,
    )


def _position(own: float | None, q1: float | None, median: float | None, q3: float | None) -> str:
    if own is None or median is None or q1 is None or q3 is None:
        return "\u2013"
    if own > q3 + 1e-9:
        return "boven Q3"
    if own < q1 - 1e-9:
        return "onder Q1"
    if own >= median - 1e-9:
        return "Q2–Q3"
    return "Q1–Q2"


def build_peer_report(store: Store, assessment_id: int, *, by: str = "type", min_group: int = 5) -> Document:
    """One assessment against its peers of the same type (and size class or district) in its period."""
    if by not in DIMENSIONS:
        raise ReportError(f"Onbekende indeling '{by}'; kies uit: {', '.join(DIMENSIONS)}.")
    record: AssessmentRecord = store.assessment(assessment_id)
    require_individual_report(record)
    organisation = store.require_organisation(record.organisation_code)
    profile = profile_of(organisation)
    period = record.period
    # Only the period shown is read; the peer group is the audited group of the release (the own
    # organisation included when it counts), never "the group minus me": that difference would give
    # the organisation's own figures to anyone holding the report next to the province's.
    shared = load_shared(store, record.checklist_id, min_group=min_group, periods=[period])
    group = shared.peer_label(period, organisation.type, by, profile.group(by)) if shared.periods else profile.group(by)
    peers = shared.peers(organisation.type, by, profile.group(by), period)
    checklist = store.checklist(record.snapshot_id)
    score = store.score(assessment_id)
    n_peers = peers.count(period)
    group_text = profile.group("type") + ("" if by == "type" else f", {DIMENSION_LABELS[by]} {group}")
    k = shared.min_group

    notices = [demo_notice()] if record.origin == DEMO_ORIGIN or peers.demo else []
    overall = peers.overall(period)
    if not overall.shown:
        notices.append(Notice(
            f"De vergelijkingsgroep ({group_text}, periode {period}) is te klein om cijfers te tonen "
            f"({overall.suppressed}; n = {overall.n})."
            + (" Kies een ruimere groep met --by type." if by != "type" else ""), "waarschuwing"))

    themes = {t.code: t for t in peers.themes(period)}
    theme_rows, boxes = [], []
    for theme in score.themes:
        peer = themes.get(theme.code)
        stat = peer.stat if peer else None
        cells = stat_cells(stat) if stat else [Cell(None, "percent")] * 4 + [Cell(0, "count")]
        theme_rows.append([code(theme.code), text(theme.title), score_cell(theme.score, theme.target_score)]
                          + cells + [text(_position(theme.score, stat.q1, stat.median, stat.q3) if stat else "\u2013")])
        boxes.append(Box(theme.title, stat.q1 if stat else None, stat.median if stat else None,
                         stat.q3 if stat else None, theme.target_score, theme.score,
                         note=stat.suppressed or "" if stat else ""))
    overall_cells = stat_cells(overall)
    theme_rows.append([text("Totaal"), text("Alle thema's"), score_cell(score.overall, score.target_score)]
                      + overall_cells + [text(_position(score.overall, overall.q1, overall.median, overall.q3))])
    theme_columns = [Column("Code", "code", width=8), Column("Thema", width=36),
                     Column("Eigen score", "percent", width=12),
                     agg("Mediaan groep", "percent", width=14), agg("Q1", "percent", width=8),
                     agg("Q3", "percent", width=8), agg("Groep op streef", "percent", width=15),
                     Column("n", "count", width=6), Column("Positie", width=10)]
    theme_table = with_notes(Table("Thema's", "Eigen score tegen de vergelijkingsgroep", theme_columns, theme_rows), k)

    item_stats = {i.code: i for i in peers.items(period)}
    item_rows = []
    for result in score.items:
        stat = item_stats[result.code].stat if result.code in item_stats else None
        suppressed = stat.suppressed if stat else "niet in de nieuwste checklistversie"
        item_rows.append([
            code(result.code), text(result.title),
            Cell(result.level, "level") if result.state == "niveau" else text("n.v.t." if result.state == "nvt"
                                                                               else "open"),
            Cell(result.target, "level"),
            Cell(stat.share if stat and stat.shown else None, "percent", suppressed=suppressed if not (
                stat and stat.shown) else None),
            Cell(stat.median if stat and stat.shown else None, "level", suppressed=suppressed if not (
                stat and stat.shown) else None),
            Cell(stat.n if stat else 0, "count"),
        ])
    item_table = with_notes(Table(
        "Maatregelen", "Per maatregel: eigen niveau en de groep",
        [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Eigen niveau", "level", width=12),
         Column("Streefniveau", "level", width=12), agg("Groep op streef", "percent", width=15),
         agg("Mediaan niveau groep", "level", width=18), Column("n", "count", width=6)], item_rows), k)

    figures = Figures([
        Figure("Eigen totaalscore", score_cell(score.overall, score.target_score),
               f"streefscore {percent(score.target_score)}"),
        Figure("Mediaan groep", Cell(overall.median, "percent", suppressed=overall.suppressed),
               f"n = {overall.n}"),
        Figure("Positie", text(_position(score.overall, overall.q1, overall.median, overall.q3)),
               "ten opzichte van de kwartielen"),
        Figure("Basisnorm", Cell(score.basisnorm, tone=verdict_tone(score.basisnorm)),
               "groep: " + (f"{percent(peers.basisnorm(period).share)} voldoet" if peers.basisnorm(period).shown
                            else "onderdrukt")),
    ])
    intro = Paragraph(
        f"Vergelijkingsgroep: {group_text}, periode {period}, zoals in de cijfers van de provincie (de eigen "
        f"organisatie telt mee als die haar beoordeling deelde). De groep telt {organisations(n_peers)} die hun "
        "definitieve beoordeling deelden; niemand in de groep wordt genoemd.")
    sections = [
        Section("samenvatting", "Samenvatting", [intro, figures, Chart(
            BoxPlot("Eigen themascore tegen de groep", boxes),
            "Blauwe balk: middelste helft van de groep; streep: mediaan; ruit: eigen score."), theme_table]),
        Section("maatregelen", "Per maatregel", [item_table], page_break=True),
        rules_section(checklist, k=k),
    ]
    return Document(
        kind="peers",
        title=f"{record.organisation_name} naast vergelijkbare organisaties",
        subtitle=f"{record.checklist_title} \u2014 periode {period}",
        meta=[
            ("Organisatie", f"{record.organisation_name} ({record.organisation_code})"),
            ("Checklist", f"{record.checklist_title}, versie {record.checklist_version}"),
            ("Vergelijkingsgroep", f"{group_text} (n = {n_peers})"),
            ("Minimale groep", f"k = {k}"),
            ("Beoordeling", f"{record.id}, {record.status}, {date(record.finalised_at or record.updated_at)}"),
            *sign_off_meta(store, assessment_id),
        ],
        sections=sections,
        notices=notices,
        demo=record.origin == DEMO_ORIGIN or peers.demo,
        confidential=True,
        date=record.finalised_at or record.updated_at,
    )
