"""Pieces every report shares: the rules explanation, notices and small cell helpers."""

from __future__ import annotations

from norm.aggregate import DIMENSION_LABELS, SharedData, Stat
from norm.checklist import Checklist, Item
from norm.errors import WeerbaarError
from norm.scoring import ItemResult
from reports.document import (
    Block,
    Bullets,
    Cell,
    CellKind,
    Document,
    Heading,
    Notice,
    Paragraph,
    Section,
    Table,
    Tone,
    code,
)
from reports.formatting import date, first_sentence, percent
from reports.wording import Words

NOT_REAL_NAMES = "Organisatienamen in demodata horen bij fictieve antwoorden."


class ReportError(WeerbaarError):
    """A report cannot be made; the message is a Dutch sentence for the user."""


def suggested_action(item: Item | None, words: Words | None = None) -> str:
    """The measure's written improvement action (its English one in an English report, where the checklist has
    it); for a checklist without one, the first whole sentence of its toelichting."""
    if item is None:
        return ""
    if words is not None and words.language == "en" and item.en is not None and item.en.suggested_action:
        return item.en.suggested_action
    return item.suggested_action or first_sentence(item.toelichting, limit=len(item.toelichting) + 1)


def item_title(checklist: Checklist, code: str, title: str, words: Words | None = None) -> str:
    """A measure's title: its English one (``en.title``) in an English report where the checklist has it."""
    item = checklist.item(code) if words is not None and words.language == "en" else None
    return item.en.title if item is not None and item.en is not None and item.en.title else title


def code_with_ref(checklist: Checklist, value: str) -> Cell:
    """A measure's code, with its free reference number (``ref_id``) beside it where it has one."""
    item = checklist.item(value)
    return code(f"{value} ({item.ref_id})" if item is not None and item.ref_id else value)


def legal_text(item: Item | None, words: Words | None = None) -> str:
    """"Wettelijke plicht: …" for a mandatory measure, "Wettelijke grondslag: …" for one with a legal basis only."""
    if item is None or not (item.mandatory or item.legal_basis):
        return ""
    laws = "; ".join(", ".join(part for part in (basis.law, basis.article) if part) for basis in item.legal_basis)
    w = words or Words()
    label = w("common.legal_duty") if item.mandatory else w("common.legal_basis")
    return f"{label}: {laws}" if laws else label


def checklist_name(checklist: Checklist, words: Words | None = None) -> str:
    """The checklist's title, with "(concept)" when its status says so."""
    if checklist.status != "concept":
        return checklist.title
    return (words or Words())("common.concept_checklist", title=checklist.title)


def demo_notice(words: Words | None = None) -> Notice:
    return Notice((words or Words())("common.demo"), "demo")


def scale_text(checklist: Checklist) -> str:
    return ", ".join(f"{level.value} = {level.label}" for level in checklist.scale)


def level_label(checklist: Checklist, level: int | None, words: Words | None = None, item: Item | None = None) -> str:
    """"2 · Uitgevoerd": a level with the scale's label. In English the measure's own descriptor of that level
    (``en.levels``) where the checklist has one, else the scale's English label, else the Dutch label."""
    if level is None:
        return "\u2013"
    found = checklist.level(level)
    if words is not None and words.language == "en":
        english = item.en.levels.get(level) if item is not None and item.en and item.en.levels else None
        if not english and found is not None and found.en is not None:
            english = found.en.label
        if english:
            return f"{level} \u00b7 {english}"
    return f"{level} \u00b7 {found.label}" if found else str(level)


def state_text(result: ItemResult, words: Words | None = None) -> str:
    w = words or Words()
    if result.state == "open":
        return w("common.state.open")
    if result.state == "nvt":
        return w("common.state.nvt")
    return w("common.state.meets") if result.meets_target else w("common.state.gap")


def delta_tone(delta: float | int | None) -> Tone | None:
    """Green for a rise, red for a fall; none for no change as shown (a share under half a point)."""
    if delta is None or (isinstance(delta, float) and abs(delta) < 0.005) or delta == 0:
        return None
    return "goed" if delta > 0 else "slecht"


def verdict_tone(verdict: str) -> Tone:
    tones: dict[str, Tone] = {"voldoet": "goed", "voldoet niet": "slecht", "onvolledig": "matig"}
    return tones.get(verdict, "neutraal")


def score_cell(value: float | None, target: float | None = None, n: int | None = None) -> Cell:
    tone = None
    if value is not None and target is not None:
        tone = "goed" if value >= target - 1e-9 else "slecht"
    return Cell(value, "percent", n=n, tone=tone)  # type: ignore[arg-type]


def stat_cells(stat: Stat, *, levels: bool = False) -> list[Cell]:
    """Median, Q1, Q3, share meeting the target and n: suppressed cells carry the reason."""
    kind: CellKind = "level" if levels else "percent"
    if not stat.shown:
        reason = stat.suppressed
        return [Cell(None, kind, suppressed=reason), Cell(None, kind, suppressed=reason),
                Cell(None, kind, suppressed=reason), Cell(None, "percent", suppressed=reason),
                Cell(stat.n, "count")]
    return [Cell(stat.median, kind), Cell(stat.q1, kind), Cell(stat.q3, kind), Cell(stat.share, "percent"),
            Cell(stat.n, "count")]


def suppression_notes(table: Table, k: int) -> list[str]:
    reasons = table.suppression_reasons
    if not reasons:
        return []
    return [f"‘onderdrukt’: niet getoond zodat geen organisatie herkenbaar is (k = {k}); reden: "
            + "; ".join(reasons) + "."]


def with_notes(table: Table, k: int) -> Table:
    """The table with a visible note for every kind of suppression in it."""
    notes = list(table.notes) + suppression_notes(table, k)
    return Table(table.key, table.title, table.columns, table.rows, notes, table.style, table.empty_text)


def share_text(stat: Stat) -> str:
    if not stat.shown:
        return f"onderdrukt ({stat.suppressed}; n = {stat.n})"
    return f"{percent(stat.share)} ({stat.meeting} van {stat.n})"


SCORING_RULE_COUNT = 8
"""The scoring rules are ``rules.1`` .. ``rules.8`` of the report catalogue."""


def privacy_rules(k: int) -> list[str]:
    return [
        "Alleen definitieve beoordelingen die de organisatie heeft gedeeld als ‘geaggregeerd’ of "
        "‘benoemd’ tellen mee, per organisatie per periode de laatste. Is de laatste ‘intern’, dan telt de "
        "organisatie die periode niet mee.",
        f"Een cijfer over minder dan {k} organisaties wordt niet getoond (‘onderdrukt’). Dat gebeurt ook als de "
        f"niet-benoemde organisaties achter een cijfer met 1 tot {k - 1} zijn, omdat het cijfer anders samen "
        "met de benoemde organisaties naar hen te herleiden is.",
        "In een uitsplitsing wordt zo nodig nog een groep onderdrukt, zodat het totaal min de zichtbare "
        "groepen niets over een kleine groep verraadt.",
        "Namen staan alleen bij organisaties die ‘benoemd’ hebben gekozen. Het aantal deelnemers per type "
        "is een telling van deelname en bevat geen scores.",
        "Bij elk cijfer staat n: het aantal organisaties waarover het is berekend. Mediaan en kwartielen "
        "(Q1, Q3) volgen de inclusieve methode (KWARTIEL.INC in een spreadsheet). Een thema ‘voldoet’ als de "
        "themascore ten minste de streefscore van dat thema is.",
        "Groepen: " + ", ".join(DIMENSION_LABELS.values()) + "; organisaties zonder waarde vallen onder ‘overige "
        "organisaties’.",
    ]


def rules_section(checklist: Checklist, *, k: int | None = None, words: Words | None = None) -> Section:
    """How the figures are calculated; the privacy rules (with ``k``) stay Dutch in every language."""
    w = words or Words()
    blocks: list[Block] = [
        Paragraph(w("rules.scale", title=checklist.title, version=checklist.version, scale=scale_text(checklist))),
        Bullets([w(f"rules.{number}") for number in range(1, SCORING_RULE_COUNT + 1)]),
    ]
    if k is not None:
        blocks += [Heading(w("rules.privacy")), Bullets(privacy_rules(k))]
    return Section("uitleg", w("rules.title"), blocks)


def release_text(data: SharedData, period: str) -> str:
    """Where the figures of a period come from: a release (frozen) or the data as it is now."""
    release = data.releases.get(period)
    if release is None:
        return "geen (voorlopige cijfers)"
    return f"release {release.id} van {date(release.created_at)}"


def release_notices(data: SharedData, period: str) -> list[Notice]:
    """A provisional report says so; a release says how many later submissions wait for the next one."""
    release = data.releases.get(period)
    if release is None:
        return [Notice(f"Voorlopige cijfers: voor periode {period} is nog geen release vastgelegd. Een volgende "
                       "versie van dit rapport kan andere cijfers geven; leg de ronde vast met "
                       "'weerbaar release new'.", "info")]
    waiting = data.pending.get(period, 0)
    if not waiting:
        return []
    subject = "1 inzending is" if waiting == 1 else f"{waiting} inzendingen zijn"
    return [Notice(f"{subject} binnengekomen of gewijzigd na release {release.id}; die tellen mee in de "
                   "volgende release.", "info")]


def regional_document(data: SharedData, period: str, *, kind: str, title: str, sections: list[Section],
                      confidential: bool = False, words: Words | None = None) -> Document:
    """A report over many organisations: the header every regional report shares (its release text and notices
    stay Dutch)."""
    w = words or Words()
    checklist = data.checklist
    return Document(
        kind=kind,
        title=title,
        subtitle=w("org.subtitle", checklist=checklist_name(checklist, w), period=period),
        meta=[
            (w("meta.checklist"), w("regional.meta.checklist", checklist=checklist_name(checklist, w),
                                    version=checklist.version)),
            (w("meta.period"), period),
            (w("meta.participants"), w.counted(data.count(period), "organisation")),
            (w("meta.min_group"), f"k = {data.min_group}"),
            (w("meta.release"), release_text(data, period)),
        ],
        sections=sections,
        notices=([demo_notice(w)] if data.demo else []) + release_notices(data, period),
        demo=data.demo,
        date=data.last_finalised(period),
        confidential=confidential,
    )
