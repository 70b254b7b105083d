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

TOP = 10


NO_SIGN_OFF = "geen vaststelling vastgelegd"


def _state(result: ItemResult) -> str:
    if result.state == "niveau":
        return str(result.level)
    return "open" if result.state == "open" else "n.v.t."


def _tone(delta: float | int | None) -> Tone | None:
    return delta_tone(delta)


def _change_rows(changes: list[ItemChange]) -> list[list[Cell]]:
    return [[code(c.code), text(c.title), text(_state(c.before)), text(_state(c.after)),
             Cell(c.delta, "delta_level", tone=_tone(c.delta))] for c in changes]


CHANGE_COLUMNS = [Column("Code", "code", width=12), Column("Maatregel", width=45), Column("Toen", width=8),
                  Column("Nu", width=8), Column("Verschil", "delta_level", width=10)]


def build_compare_report(store: Store, first_id: int, second_id: int) -> Document:
    """Two assessments of one organisation, earlier against later."""
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
    label_before, label_after = f"periode {before_record.period}", f"periode {after_record.period}"

    notices = [demo_notice()] if DEMO_ORIGIN in (before_record.origin, after_record.origin) else []
    for record in records:
        if not record.is_definitive:
            notices.append(Notice(f"Beoordeling {record.id} ({record.period}) is nog een concept.", "waarschuwing"))
    if not comparison.same_version:
        notices.append(Notice(
            f"De checklistversies verschillen ({before_record.checklist_version} en "
            f"{after_record.checklist_version}); vergeleken zijn de {comparison.items_in_common} maatregelen die "
            "beide gemeen hebben.", "info"))

    # A change shown beside two rounded figures is their difference (41,5% -> 42,4%: 42% and 42%, change 0).
    overall_delta = shown_delta(comparison.overall_before, comparison.overall_after)
    summary = Figures([
        Figure("Totaalscore", Cell(comparison.overall_after, "percent"),
               f"was {percent(comparison.overall_before)} in {before_record.period}"),
        Figure("Verschil", Cell(None if overall_delta is None else round(overall_delta * 100), "delta_level",
                                tone=_tone(overall_delta)), "procentpunt (verschil van de afgeronde scores)"),
        Figure("Basisnorm", Cell(after.basisnorm, tone=verdict_tone(after.basisnorm)),
               f"was: {before.basisnorm}"),
        Figure("Tekorten", Cell(len(after.gaps), "count"),
               f"was {len(before.gaps)}; {len(comparison.new_gaps)} nieuw, {len(comparison.closed_gaps)} opgelost"),
    ])
    tiers = Paragraph(f"Groeifase: {before.tier.name if before.tier else 'nog geen fase'} in "
                      f"{before_record.period}, {after.tier.name if after.tier else 'nog geen fase'} in "
                      f"{after_record.period}. {comparison.items_in_common} maatregelen vergeleken.")
    theme_table = Table(
        "Thema's", "Themascore toen en nu",
        [Column("Code", "code", width=8), Column("Thema", width=40),
         Column(label_before.capitalize(), "percent", width=14), Column(label_after.capitalize(), "percent", width=14),
         Column("Verschil", "delta_pp", width=10)],
        [[code(d.code), text(d.title), Cell(d.before, "percent"), Cell(d.after, "percent"),
          Cell(shown_delta(d.before, d.after), "delta_pp", tone=_tone(shown_delta(d.before, d.after)))]
         for d in comparison.theme_deltas]
        + [[text("Totaal"), text("Alle thema's"), Cell(comparison.overall_before, "percent"),
            Cell(comparison.overall_after, "percent"),
            Cell(overall_delta, "delta_pp", tone=_tone(overall_delta))]],
    )
    chart = Chart(Dumbbell("Themascore toen en nu",
                           [Change(d.title, d.before, d.after) for d in comparison.theme_deltas],
                           label_before, label_after),
                  "Open cirkel: toen; gevulde cirkel: nu; rechts het verschil in procentpunt.")
    new_gap_rows = []
    for change in comparison.new_gaps:
        item = checklist.item(change.code)
        new_gap_rows.append([code_with_ref(checklist, change.code), text(change.title), text(_state(change.before)),
                             text(level_label(checklist, change.after.level)),
                             text(level_label(checklist, change.after.target)),
                             text(suggested_action(item))])
    sections = [
        Section("samenvatting", "Samenvatting", [summary, tiers, chart, theme_table]),
        Section("vooruitgang", "Meest verbeterd", [Table(
            "Verbeterd", f"Grootste stijgingen (top {TOP})", CHANGE_COLUMNS, _change_rows(comparison.improved[:TOP]),
            empty_text="Geen maatregel ging omhoog.")]),
        Section("nieuwe-tekorten", "Nieuwe tekorten", [Table(
            "Nieuwe tekorten", "Maatregelen die nu onder het streefniveau zitten en dat eerst niet deden",
            [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Toen", width=8),
             Column("Nu", width=20), Column("Streefniveau", width=20), Column("Voorgestelde actie", width=60)],
            new_gap_rows, style="cards", empty_text="Geen nieuwe tekorten.")]),
        Section("achteruit", "Achteruitgang", [Table(
            "Achteruit", "Maatregelen die daalden", CHANGE_COLUMNS, _change_rows(comparison.worsened),
            empty_text="Geen maatregel ging omlaag.")]),
        Section("alle-veranderingen", "Alle veranderingen per maatregel", [Table(
            "Veranderingen", "Alle maatregelen die veranderden", CHANGE_COLUMNS, _change_rows(comparison.changed),
            empty_text="Geen maatregel veranderde.")], page_break=True),
        rules_section(checklist),
    ]
    return Document(
        kind="compare",
        title=f"{after_record.organisation_name}: {before_record.period} en {after_record.period} vergeleken",
        subtitle=f"{after_record.checklist_title}",
        meta=[
            ("Organisatie", f"{after_record.organisation_name} ({after_record.organisation_code})"),
            ("Checklist", f"{after_record.checklist_title}"),
            ("Eerder", f"beoordeling {before_record.id}, {before_record.period}, versie "
                       f"{before_record.checklist_version}, {before_record.status}"),
            ("Later", f"beoordeling {after_record.id}, {after_record.period}, versie "
                      f"{after_record.checklist_version}, {after_record.status}"),
            # The sign-off of each assessment: who answers for the figures compared.
            ("Vastgesteld (eerder)", sign_off_text(store, before_record.id) or NO_SIGN_OFF),
            ("Vastgesteld (later)", sign_off_text(store, after_record.id) or NO_SIGN_OFF),
        ],
        sections=sections,
        notices=notices,
        demo=DEMO_ORIGIN in (before_record.origin, after_record.origin),
        confidential=True,
        date=after_record.finalised_at or after_record.updated_at,
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
