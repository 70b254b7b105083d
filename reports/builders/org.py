"""The organisation's own report: scores, basisnorm, gaps with guidance and actions, change, answers."""

from __future__ import annotations

from norm.aggregate import DEMO_ORIGIN, require_individual_report
from norm.answers import Action, Answer
from norm.checklist import Checklist
from norm.labels import counted, explained, label
from norm.scoring import AssessmentScore, ItemResult, compare_scores
from norm.store import AssessmentRecord, Store
from reports.builders.common import (
    checklist_name,
    code_with_ref,
    delta_tone,
    demo_notice,
    legal_text,
    level_label,
    rules_section,
    score_cell,
    state_text,
    suggested_action,
    verdict_tone,
)
from reports.builders.plan import documents_section, plan_section
from reports.charts import Bar, Change, Dumbbell, ScoreBars
from reports.document import (
    Block,
    Bullets,
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
    code,
    text,
)
from reports.formatting import date, percent, shown_delta


def action_lines(actions: list[Action]) -> tuple[str, ...]:
    lines = []
    for action in actions:
        details = [part for part in (action.owner, f"uiterlijk {date(action.deadline)}" if action.deadline else "",
                                     action.status) if part]
        lines.append(f"{action.description} ({', '.join(details)})" if details else action.description)
    return tuple(lines)


def meta_for(record: AssessmentRecord, score: AssessmentScore, checklist: Checklist) -> list[tuple[str, str]]:
    return [
        ("Organisatie", f"{record.organisation_name} ({record.organisation_code})"),
        ("Checklist", f"{checklist_name(checklist)}, versie {record.checklist_version}"),
        ("Periode", f"{record.period} ({record.kind})"),
        ("Status", explained("status", record.status)
         + (f", {date(record.finalised_at)}" if record.finalised_at else "")),
        ("Delen", explained("sharing", record.sharing)),
        ("Volledigheid", f"{percent(score.completeness)} ({score.answered} van {score.applicable} beantwoord)"),
    ]


def status_notices(record: AssessmentRecord, score: AssessmentScore) -> list[Notice]:
    notices = [demo_notice()] if record.origin == DEMO_ORIGIN else []
    if not record.is_definitive:
        notices.append(Notice("Concept: deze beoordeling is nog niet definitief; de cijfers kunnen nog veranderen.",
                              "waarschuwing"))
    if score.open_items:
        notices.append(Notice(f"{counted(len(score.open_items), 'measure')} nog open; open maatregelen tellen niet mee "
                              "in de score.", "waarschuwing"))
    return notices


def summary_section(checklist: Checklist, score: AssessmentScore) -> Section:
    basis_failing = len(score.basisnorm_failing)
    figures = Figures([
        Figure("Totaalscore", score_cell(score.overall, score.target_score),
               f"streefscore {percent(score.target_score)}"),
        Figure("Basisnorm", Cell(score.basisnorm, tone=verdict_tone(score.basisnorm)),
               f"{counted(basis_failing, 'basis_measure')} onder streefniveau" if basis_failing
               else "alle beantwoorde basisnormmaatregelen op streefniveau"),
        Figure("Groeifase", text(score.tier.name if score.tier else "nog geen fase"),
               f"fase {score.tier_index + 1} van {len(checklist.tiers)}" if score.tier_index is not None
               else ""),
        Figure("Tekorten", Cell(len(score.gaps), "count", tone="slecht" if score.gaps else "goed"),
               f"waarvan {sum(1 for g in score.gaps if g.basisnorm)} basisnorm"),
    ])
    themes = Table(
        "Thema's", "Score per thema",
        [Column("Code", "code", width=8), Column("Thema", width=40), Column("Score", "percent"),
         Column("Streefscore", "percent", width=12), Column("Op streefniveau", "count", width=15),
         Column("Meetellend", "count", width=12), Column("N.v.t.", "count", width=8),
         Column("Volledigheid", "percent", width=13)],
        [[code(t.code), text(t.title), score_cell(t.score, t.target_score), Cell(t.target_score, "percent"),
          Cell(t.meeting_target, "count"), Cell(t.scored, "count"), Cell(t.not_applicable, "count"),
          Cell(t.completeness, "percent")] for t in score.themes]
        + [[text("Totaal"), text("Alle thema's"), score_cell(score.overall, score.target_score),
            Cell(score.target_score, "percent"),
            Cell(sum(t.meeting_target for t in score.themes), "count"),
            Cell(sum(t.scored for t in score.themes), "count"), Cell(score.not_applicable, "count"),
            Cell(score.completeness, "percent")]],
    )
    chart = Chart(ScoreBars("Score per thema tegen de streefscore",
                            [Bar(t.title, t.score, t.target_score) for t in score.themes]),
                  "Score per thema; het zwarte streepje is de streefscore.")
    return Section("samenvatting", "Samenvatting", [figures, chart, themes])


def basisnorm_section(checklist: Checklist, score: AssessmentScore) -> Section:
    rows = [
        [code_with_ref(checklist, r.code), text(r.title), Cell(r.level, "level"), Cell(r.target, "level"),
         text(state_text(r), tone="goed" if r.meets_target else ("slecht" if r.state == "niveau" else None))]
        for r in score.items if r.basisnorm
    ]
    verdict = {
        "voldoet": "De organisatie voldoet aan de basisnorm: elke toepasselijke basisnormmaatregel haalt zijn "
                   "streefniveau.",
        "voldoet niet": f"De organisatie voldoet niet aan de basisnorm: "
                        f"{counted(len(score.basisnorm_failing), 'basis_measure')} "
                        f"{'haalt zijn' if len(score.basisnorm_failing) == 1 else 'halen hun'} streefniveau niet.",
        "onvolledig": "Het oordeel over de basisnorm is onvolledig: er staan nog basisnormmaatregelen open.",
        "geen basisnorm": "Voor dit type organisatie bevat de checklist geen basisnormmaatregelen.",
    }[score.basisnorm]
    table = Table("Basisnorm", "Basisnormmaatregelen",
                  [Column("Code", "code", width=12), Column("Maatregel", width=45), Column("Niveau", "level"),
                   Column("Streefniveau", "level", width=12), Column("Oordeel", width=10)], rows)
    return Section("basisnorm", "Basisnorm", [Paragraph(verdict), table] if rows else [Paragraph(verdict)])


def gaps_section(checklist: Checklist, score: AssessmentScore, actions: list[Action]) -> Section:
    by_item: dict[str, list[Action]] = {}
    for action in actions:
        by_item.setdefault(action.item_code, []).append(action)
    rows = []
    for gap in score.gaps:
        item = checklist.item(gap.code)
        rows.append([
            code_with_ref(checklist, gap.code), text(gap.title), text(level_label(checklist, gap.level)),
            text(level_label(checklist, gap.target)), Cell(gap.gap, "count", tone="slecht"),
            text("ja" if gap.basisnorm else "nee"), text(suggested_action(item)), text(legal_text(item) or "\u2014"),
            Cell(action_lines(by_item.get(gap.code, [])) or ("nog geen verbeteractie",), "lines"),
        ])
    table = Table(
        "Tekorten", "Tekorten, van ernstig naar minder ernstig",
        [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Niveau", width=20),
         Column("Streefniveau", width=20), Column("Achterstand", "count", width=12),
         Column("Basisnorm", width=10), Column("Voorgestelde actie", width=60),
         Column("Wettelijke basis", width=40),
         Column("Verbeteracties", "lines", width=60)],
        rows, style="cards", empty_text="Geen tekorten: elke beantwoorde maatregel haalt zijn streefniveau.",
    )
    intro = Paragraph("Eerst de basisnormmaatregelen, dan de grootste achterstand, dan het zwaarste gewicht. "
                      "Bij elk tekort de voorgestelde actie uit de norm (met de wettelijke plicht waar die "
                      "geldt) en de verbeteracties die de organisatie heeft vastgelegd.")
    return Section("tekorten", "Tekorten en verbeteracties", [intro, table], page_break=True)


def not_applicable_section(score: AssessmentScore, answers: dict[str, Answer]) -> Section:
    rows = [[code(r.code), text(r.title), text(answers[r.code].na_reason if r.code in answers else "")]
            for r in score.items if r.state == "nvt"]
    table = Table("N.v.t.", "Maatregelen die niet van toepassing zijn",
                  [Column("Code", "code", width=12), Column("Maatregel", width=45), Column("Reden", width=70)],
                  rows, empty_text="Geen maatregelen als n.v.t. beantwoord.")
    return Section("nvt", "N.v.t. met reden", [table])


def change_section(store: Store, record: AssessmentRecord, score: AssessmentScore) -> Section:
    previous = store.previous_assessment(record.id)
    if previous is None:
        return Section("verandering", "Verandering sinds de vorige beoordeling",
                       [Paragraph("Er is geen eerdere beoordeling van deze organisatie voor deze checklist.")])
    before = store.score(previous.id)
    comparison = compare_scores(before, score, same_version=previous.snapshot_id == record.snapshot_id)
    blocks: list[Block] = [Paragraph(
        f"Vergeleken met periode {previous.period} ({previous.status}, checklistversie "
        f"{previous.checklist_version}); {comparison.items_in_common} maatregelen gemeen."
    )]
    # A change shown beside two rounded figures is their difference (41,5% -> 42,4%: 42% and 42%, change 0).
    overall_delta = shown_delta(comparison.overall_before, comparison.overall_after)
    blocks.append(Figures([
        Figure("Totaalscore toen", Cell(comparison.overall_before, "percent"), f"periode {previous.period}"),
        Figure("Totaalscore nu", Cell(comparison.overall_after, "percent"), f"periode {record.period}"),
        Figure("Verschil", Cell(None if overall_delta is None else round(overall_delta * 100), "delta_level",
                                tone=_delta_tone(overall_delta)), "procentpunt (verschil van de afgeronde scores)"),
        Figure("Nieuwe tekorten", Cell(len(comparison.new_gaps), "count"),
               f"{counted(len(comparison.closed_gaps), 'gap')} opgelost"),
    ]))
    blocks.append(Chart(Dumbbell("Themascore toen en nu",
                                 [Change(d.title, d.before, d.after) for d in comparison.theme_deltas],
                                 f"periode {previous.period}", f"periode {record.period}"),
                        "Themascore in de vorige en deze beoordeling; rechts het verschil in procentpunt."))
    rows = [[code(c.code), text(c.title), text(_state_level(c.before)), text(_state_level(c.after)),
             Cell(c.delta, "delta_level", tone=_delta_tone(c.delta))]
            for c in comparison.changed]
    blocks.append(Table("Veranderingen", "Maatregelen die veranderden",
                        [Column("Code", "code", width=12), Column("Maatregel", width=45), Column("Toen", width=10),
                         Column("Nu", width=10), Column("Verschil", "delta_level", width=10)],
                        rows, empty_text="Geen maatregel veranderde."))
    if comparison.new_gaps:
        blocks.append(Bullets([f"Nieuw tekort: {c.code} {c.title}" for c in comparison.new_gaps]))
    return Section("verandering", "Verandering sinds de vorige beoordeling", blocks)


def _state_level(result: ItemResult) -> str:
    if result.state == "niveau":
        return str(result.level)
    return result.state if result.state == "open" else "n.v.t."


def _delta_tone(delta: float | int | None) -> Tone | None:
    return delta_tone(delta)


def taken_over_section(store: Store, record: AssessmentRecord, score: AssessmentScore) -> Section | None:
    """"Ook beantwoord via …": the answers pre-filled from a mapped measure of another checklist
    (``norm.store.mappings``); None when there are none."""
    origins = store.answer_origins(record.id)
    rows = []
    sources: set[str] = set()
    for result in score.items:
        origin = origins.get(result.code)
        if origin is None or result.state == "open":
            continue
        sources.add(origin.source_title or origin.source_checklist)
        relation = label("relation", origin.relation) + (", nog te bevestigen" if origin.needs_review else "")
        rows.append([code(result.code), text(result.title), text(_state_level(result)), code(origin.source_code),
                     text(origin.source_title or origin.source_checklist), text(relation)])
    if not rows:
        return None
    table = Table("Overgenomen", "Antwoorden overgenomen uit een andere checklist",
                  [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Antwoord", width=10),
                   Column("Uit", "code", width=12), Column("Checklist", width=40), Column("Relatie", width=24)],
                  rows)
    intro = Paragraph(
        f"{counted(len(rows), 'measure')} {'is' if len(rows) == 1 else 'zijn'} beantwoord met het "
        f"antwoord op een gekoppelde maatregel van "
        f"{' en '.join(sorted(sources))} (koppelbestand). Bij 'gelijk' vragen beide maatregelen hetzelfde; "
        "bij 'deels' heeft de organisatie het overgenomen antwoord bevestigd of moet dat nog doen."
    )
    return Section("overgenomen", f"Ook beantwoord via {' en '.join(sorted(sources))}", [intro, table])


def answers_section(checklist: Checklist, score: AssessmentScore, answers: dict[str, Answer]) -> Section:
    rows = []
    for result in score.items:
        answer = answers.get(result.code, Answer(result.code))
        status = state_text(result) + (" (overgenomen, nog te beoordelen)" if result.carried_over else "")
        rows.append([
            code_with_ref(checklist, result.code), text(result.title), text(result.theme_code),
            Cell(result.level, "level"), Cell(result.target, "level"),
            text(status, tone="goed" if result.meets_target else ("slecht" if result.state == "niveau" else None)),
            text(answer.na_reason or answer.comment), text(answer.evidence),
        ])
    table = Table("Antwoorden", "Alle antwoorden",
                  [Column("Code", "code", width=12), Column("Maatregel", width=40), Column("Thema", width=8),
                   Column("Niveau", "level", width=8), Column("Streef", "level", width=8),
                   Column("Oordeel", width=14), Column("Toelichting", width=60), Column("Bewijs", width=50)],
                  rows)
    return Section("antwoorden", "Bijlage: alle antwoorden", [table], page_break=True)


def build_org_report(store: Store, assessment_id: int) -> Document:
    record = store.assessment(assessment_id)
    require_individual_report(record)
    checklist = store.checklist(record.snapshot_id)
    answers = store.answers(assessment_id)
    actions = store.actions(assessment_id)
    score = store.score(assessment_id)
    sections = [
        summary_section(checklist, score),
        basisnorm_section(checklist, score),
        gaps_section(checklist, score, actions),
        plan_section(store, record),
        not_applicable_section(score, answers),
        change_section(store, record, score),
        taken_over_section(store, record, score),
        answers_section(checklist, score, answers),
        documents_section(store, record),
        rules_section(checklist),
    ]
    return Document(
        kind="org",
        title=f"Weerbaarheid van {record.organisation_name}",
        subtitle=f"{checklist_name(checklist)} \u2014 periode {record.period}",
        meta=[*meta_for(record, score, checklist), *sign_off_meta(store, assessment_id)],
        sections=[section for section in sections if section is not None],
        notices=status_notices(record, score),
        demo=record.origin == DEMO_ORIGIN,
        confidential=True,
        date=record.finalised_at or record.updated_at,
    )


def sign_off_meta(store: Store, assessment_id: int) -> list[tuple[str, str]]:
    """Who established the assessment (the sign-off), when it was recorded."""
    text = sign_off_text(store, assessment_id)
    return [] if text is None else [("Vastgesteld door", text)]


def sign_off_text(store: Store, assessment_id: int) -> str | None:
    """``M. de Boer (gemeentesecretaris), 1 maart 2026, besluit B&W 2026/12``; None without a sign-off."""
    sign_off = store.sign_off(assessment_id)
    if sign_off is None:
        return None
    text = f"{sign_off.name} ({sign_off.role}), {date(sign_off.decided_on)}"
    return text + (f", besluit {sign_off.decision}" if sign_off.decision else "")


