"""The organisation's own report: scores, basisnorm, gaps with guidance and actions, change, answers."""

from __future__ import annotations

from norm.aggregate import DEMO_ORIGIN, require_individual_report
from norm.answers import Action, Answer
from norm.checklist import Checklist
from norm.scoring import AssessmentScore, ItemResult, compare_scores
from norm.store import AssessmentRecord, Store
from reports.builders.benchmark import benchmark_section
from reports.builders.common import (
    checklist_name,
    code_with_ref,
    delta_tone,
    demo_notice,
    item_title,
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
from reports.wording import Words


def action_lines(actions: list[Action], words: Words | None = None) -> tuple[str, ...]:
    words = words or Words()
    lines = []
    for action in actions:
        details = [part for part in (action.owner, words("org.deadline_by", date=date(action.deadline, words.language))
                                     if action.deadline else "", words.label("action_status", action.status))
                   if part]
        lines.append(f"{action.description} ({', '.join(details)})" if details else action.description)
    return tuple(lines)


def meta_for(record: AssessmentRecord, score: AssessmentScore, checklist: Checklist,
             words: Words | None = None) -> list[tuple[str, str]]:
    words = words or Words()
    return [
        (words("meta.organisation"), f"{record.organisation_name} ({record.organisation_code})"),
        (words("meta.checklist"), words("org.meta.checklist", checklist=checklist_name(checklist, words),
                                        version=record.checklist_version)),
        (words("meta.period"), f"{record.period} ({words.label('kind', record.kind)})"),
        (words("meta.status"), words.explained("status", record.status)
         + (f", {date(record.finalised_at, words.language)}" if record.finalised_at else "")),
        (words("meta.sharing"), words.explained("sharing", record.sharing)),
        (words("meta.completeness"), words("org.meta.completeness", completeness=percent(score.completeness),
                                           answered=score.answered, applicable=score.applicable)),
    ]


def status_notices(record: AssessmentRecord, score: AssessmentScore, words: Words | None = None) -> list[Notice]:
    words = words or Words()
    notices = [demo_notice(words)] if record.origin == DEMO_ORIGIN else []
    if not record.is_definitive:
        notices.append(Notice(words("org.notice.concept"), "waarschuwing"))
    if score.open_items:
        notices.append(Notice(words("org.notice.open", measures=words.counted(len(score.open_items), "measure")),
                              "waarschuwing"))
    return notices


def summary_section(checklist: Checklist, score: AssessmentScore, words: Words | None = None) -> Section:
    w = words or Words()
    basis_failing = len(score.basisnorm_failing)
    figures = Figures([
        Figure(w("org.fig.overall"), score_cell(score.overall, score.target_score),
               w("org.fig.target", target=percent(score.target_score))),
        Figure(w("org.fig.basisnorm"), Cell(w.verdict(score.basisnorm), tone=verdict_tone(score.basisnorm)),
               w("org.fig.basis_failing", measures=w.counted(basis_failing, "basis_measure")) if basis_failing
               else w("org.fig.basis_all")),
        Figure(w("org.fig.tier"), text(score.tier.name if score.tier else w("org.fig.no_tier")),
               w("org.fig.tier_of", index=score.tier_index + 1, count=len(checklist.tiers))
               if score.tier_index is not None else ""),
        Figure(w("org.fig.gaps"), Cell(len(score.gaps), "count", tone="slecht" if score.gaps else "goed"),
               w("org.fig.gaps_basis", count=sum(1 for g in score.gaps if g.basisnorm))),
    ])
    themes = Table(
        w("org.themes.key"), w("org.themes.title"),
        [Column(w("col.code"), "code", width=8), Column(w("col.theme"), width=40), Column(w("col.score"), "percent"),
         Column(w("col.target_score"), "percent", width=12), Column(w("col.meeting_target"), "count", width=15),
         Column(w("col.scored"), "count", width=12), Column(w("col.nvt"), "count", width=8),
         Column(w("col.completeness"), "percent", width=13)],
        [[code(t.code), text(t.title), score_cell(t.score, t.target_score), Cell(t.target_score, "percent"),
          Cell(t.meeting_target, "count"), Cell(t.scored, "count"), Cell(t.not_applicable, "count"),
          Cell(t.completeness, "percent")] for t in score.themes]
        + [[text(w("total")), text(w("all_themes")), score_cell(score.overall, score.target_score),
            Cell(score.target_score, "percent"),
            Cell(sum(t.meeting_target for t in score.themes), "count"),
            Cell(sum(t.scored for t in score.themes), "count"), Cell(score.not_applicable, "count"),
            Cell(score.completeness, "percent")]],
    )
    chart = Chart(ScoreBars(w("org.chart.themes"),
                            [Bar(t.title, t.score, t.target_score) for t in score.themes],
                            w("org.chart.description"), w("org.chart.target_word")),
                  w("org.chart.themes_caption"))
    return Section("samenvatting", w("org.summary"), [figures, chart, themes])


def basisnorm_section(checklist: Checklist, score: AssessmentScore, words: Words | None = None) -> Section:
    w = words or Words()
    rows = [
        [code_with_ref(checklist, r.code), text(item_title(checklist, r.code, r.title, w)), Cell(r.level, "level"),
         Cell(r.target, "level"),
         text(state_text(r, w), tone="goed" if r.meets_target else ("slecht" if r.state == "niveau" else None))]
        for r in score.items if r.basisnorm
    ]
    failing = len(score.basisnorm_failing)
    verdict = {
        "voldoet": w("org.basisnorm.voldoet"),
        "voldoet niet": w.one_or_many(failing, "org.basisnorm.voldoet_niet",
                                      measures=w.counted(failing, "basis_measure")),
        "onvolledig": w("org.basisnorm.onvolledig"),
        "geen basisnorm": w("org.basisnorm.geen"),
    }[score.basisnorm]
    table = Table(w("org.basisnorm"), w("org.basisnorm.table"),
                  [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=45),
                   Column(w("col.level"), "level"), Column(w("col.target_level"), "level", width=12),
                   Column(w("col.verdict"), width=10)], rows)
    return Section("basisnorm", w("org.basisnorm"), [Paragraph(verdict), table] if rows else [Paragraph(verdict)])


def gaps_section(checklist: Checklist, score: AssessmentScore, actions: list[Action],
                 words: Words | None = None) -> Section:
    w = words or Words()
    by_item: dict[str, list[Action]] = {}
    for action in actions:
        by_item.setdefault(action.item_code, []).append(action)
    rows = []
    for gap in score.gaps:
        item = checklist.item(gap.code)
        rows.append([
            code_with_ref(checklist, gap.code), text(item_title(checklist, gap.code, gap.title, w)),
            text(level_label(checklist, gap.level, w, item)),
            text(level_label(checklist, gap.target, w, item)), Cell(gap.gap, "count", tone="slecht"),
            text(w("common.yes") if gap.basisnorm else w("common.no")), text(suggested_action(item, w)),
            text(legal_text(item, w) or "\u2014"),
            Cell(action_lines(by_item.get(gap.code, []), w) or (w("org.gaps.no_action"),), "lines"),
        ])
    table = Table(
        w("org.gaps.key"), w("org.gaps.title"),
        [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=40),
         Column(w("col.level"), width=20), Column(w("col.target_level"), width=20),
         Column(w("col.backlog"), "count", width=12), Column(w("col.basisnorm"), width=10),
         Column(w("col.suggested_action"), width=60), Column(w("col.legal"), width=40),
         Column(w("col.actions"), "lines", width=60)],
        rows, style="cards", empty_text=w("org.gaps.empty"),
    )
    return Section("tekorten", w("org.gaps"), [Paragraph(w("org.gaps.intro")), table], page_break=True)


def not_applicable_section(score: AssessmentScore, answers: dict[str, Answer], words: Words | None = None) -> Section:
    w = words or Words()
    rows = [[code(r.code), text(r.title), text(answers[r.code].na_reason if r.code in answers else "")]
            for r in score.items if r.state == "nvt"]
    table = Table(w("col.nvt"), w("org.nvt.title"),
                  [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=45),
                   Column(w("col.reason"), width=70)],
                  rows, empty_text=w("org.nvt.empty"))
    return Section("nvt", w("org.nvt"), [table])


def change_section(store: Store, record: AssessmentRecord, score: AssessmentScore,
                   words: Words | None = None) -> Section:
    w = words or Words()
    previous = store.previous_assessment(record.id)
    if previous is None:
        return Section("verandering", w("org.change"), [Paragraph(w("org.change.none"))])
    before = store.score(previous.id)
    comparison = compare_scores(before, score, same_version=previous.snapshot_id == record.snapshot_id)
    blocks: list[Block] = [Paragraph(w("org.change.intro", period=previous.period,
                                       status=w.label("status", previous.status),
                                       version=previous.checklist_version, count=comparison.items_in_common))]
    # A change shown beside two rounded figures is their difference (41,5% -> 42,4%: 42% and 42%, change 0).
    overall_delta = shown_delta(comparison.overall_before, comparison.overall_after)
    period_before, period_after = w("org.change.period", period=previous.period), w("org.change.period",
                                                                                      period=record.period)
    blocks.append(Figures([
        Figure(w("org.change.before"), Cell(comparison.overall_before, "percent"), period_before),
        Figure(w("org.change.after"), Cell(comparison.overall_after, "percent"), period_after),
        Figure(w("org.change.difference"), Cell(None if overall_delta is None else round(overall_delta * 100),
                                                "delta_level", tone=_delta_tone(overall_delta)),
               w("org.change.difference_detail")),
        Figure(w("org.change.new_gaps"), Cell(len(comparison.new_gaps), "count"),
               w("org.change.closed", gaps=w.counted(len(comparison.closed_gaps), "gap"))),
    ]))
    blocks.append(Chart(Dumbbell(w("org.change.chart"),
                                 [Change(d.title, d.before, d.after) for d in comparison.theme_deltas],
                                 period_before, period_after),
                        w("org.change.chart_caption")))
    rows = [[code(c.code), text(c.title), text(_state_level(c.before, w)), text(_state_level(c.after, w)),
             Cell(c.delta, "delta_level", tone=_delta_tone(c.delta))]
            for c in comparison.changed]
    blocks.append(Table("Veranderingen", w("org.change.table"),
                        [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=45),
                         Column(w("col.then"), width=10), Column(w("col.now"), width=10),
                         Column(w("col.difference"), "delta_level", width=10)],
                        rows, empty_text=w("org.change.empty")))
    if comparison.new_gaps:
        blocks.append(Bullets([w("org.change.new_gap", code=c.code, title=c.title) for c in comparison.new_gaps]))
    return Section("verandering", w("org.change"), blocks)


def _state_level(result: ItemResult, words: Words | None = None) -> str:
    if result.state == "niveau":
        return str(result.level)
    return (words or Words())("common.state.open" if result.state == "open" else "common.state.nvt")


def _delta_tone(delta: float | int | None) -> Tone | None:
    return delta_tone(delta)


def taken_over_section(store: Store, record: AssessmentRecord, score: AssessmentScore,
                       words: Words | None = None) -> Section | None:
    """"Ook beantwoord via …": the answers pre-filled from a mapped measure of another checklist
    (``norm.store.mappings``); None when there are none."""
    w = words or Words()
    origins = store.answer_origins(record.id)
    rows = []
    sources: set[str] = set()
    for result in score.items:
        origin = origins.get(result.code)
        if origin is None or result.state == "open":
            continue
        sources.add(origin.source_title or origin.source_checklist)
        relation = w.label("relation", origin.relation) + (w("org.taken.needs_review") if origin.needs_review else "")
        rows.append([code(result.code), text(result.title), text(_state_level(result, w)), code(origin.source_code),
                     text(origin.source_title or origin.source_checklist), text(relation)])
    if not rows:
        return None
    table = Table("Overgenomen", w("org.taken.title"),
                  [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=40),
                   Column(w("col.answer"), width=10), Column(w("col.from"), "code", width=12),
                   Column(w("col.checklist"), width=40), Column(w("col.relation"), width=24)],
                  rows)
    joined = w("org.and").join(sorted(sources))
    intro = Paragraph(w.one_or_many(len(rows), "org.taken.intro", measures=w.counted(len(rows), "measure"),
                                    sources=joined))
    return Section("overgenomen", w("org.taken.heading", sources=joined), [intro, table])


def answers_section(checklist: Checklist, score: AssessmentScore, answers: dict[str, Answer],
                    words: Words | None = None) -> Section:
    w = words or Words()
    rows = []
    for result in score.items:
        answer = answers.get(result.code, Answer(result.code))
        status = state_text(result, w) + (w("org.answers.carried") if result.carried_over else "")
        rows.append([
            code_with_ref(checklist, result.code), text(item_title(checklist, result.code, result.title, w)),
            text(result.theme_code),
            Cell(result.level, "level"), Cell(result.target, "level"),
            text(status, tone="goed" if result.meets_target else ("slecht" if result.state == "niveau" else None)),
            text(answer.na_reason or answer.comment), text(answer.evidence),
        ])
    table = Table("Antwoorden", w("org.answers.title"),
                  [Column(w("col.code"), "code", width=12), Column(w("col.measure"), width=40),
                   Column(w("col.theme"), width=8), Column(w("col.level"), "level", width=8),
                   Column(w("col.target_short"), "level", width=8), Column(w("col.verdict"), width=14),
                   Column(w("col.explanation"), width=60), Column(w("col.evidence"), width=50)],
                  rows)
    return Section("antwoorden", w("org.answers"), [table], page_break=True)


def build_org_report(store: Store, assessment_id: int, language: str | None = None) -> Document:
    """The own report of one assessment, its fixed texts in ``language`` (default Dutch).

    :raises ReportError, StoreError: the assessment does not exist or may not be reported on its own.
    """
    words = Words(language)
    record = store.assessment(assessment_id)
    require_individual_report(record)
    checklist = store.checklist(record.snapshot_id)
    answers = store.answers(assessment_id)
    actions = store.actions(assessment_id)
    score = store.score(assessment_id)
    sections = [
        summary_section(checklist, score, words),
        basisnorm_section(checklist, score, words),
        benchmark_section(store, record, score),
        gaps_section(checklist, score, actions, words),
        plan_section(store, record, words),
        not_applicable_section(score, answers, words),
        change_section(store, record, score, words),
        taken_over_section(store, record, score, words),
        answers_section(checklist, score, answers, words),
        documents_section(store, record, words),
        rules_section(checklist, words=words),
    ]
    return Document(
        kind="org",
        title=words("org.title", name=record.organisation_name),
        subtitle=words("org.subtitle", checklist=checklist_name(checklist, words), period=record.period),
        meta=[*meta_for(record, score, checklist, words), *sign_off_meta(store, assessment_id, words)],
        sections=[section for section in sections if section is not None],
        notices=status_notices(record, score, words),
        demo=record.origin == DEMO_ORIGIN,
        confidential=True,
        date=record.finalised_at or record.updated_at,
        language=words.language,
    )


def sign_off_meta(store: Store, assessment_id: int, words: Words | None = None) -> list[tuple[str, str]]:
    """Who established the assessment (the sign-off), when it was recorded."""
    w = words or Words()
    text = sign_off_text(store, assessment_id, w)
    return [] if text is None else [(w("meta.signed_off"), text)]


def sign_off_text(store: Store, assessment_id: int, words: Words | None = None) -> str | None:
    """``M. de Boer (gemeentesecretaris), 1 maart 2026, besluit B&W 2026/12``; None without a sign-off."""
    w = words or Words()
    sign_off = store.sign_off(assessment_id)
    if sign_off is None:
        return None
    text = f"{sign_off.name} ({sign_off.role}), {date(sign_off.decided_on, w.language)}"
    return text + (w("org.decision", decision=sign_off.decision) if sign_off.decision else "")


