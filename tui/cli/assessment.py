"""``weerbaar assessment``: start, fill in, share, show and finalise assessments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from norm.labels import label
from norm.vocabulary import ACTION_STATUSES, KINDS, SHARING_LEVELS
from tui.cli.base import (
    CliApp,
    UserError,
    assessment_id_argument,
    cli_language,
    db_option,
    echo,
    json_option,
    one_line,
    output_json,
    pass_app,
    say,
)

if TYPE_CHECKING:
    from norm.answers import Answer
    from norm.scoring import ItemResult
    from norm.store import AssessmentRecord, Store
    from norm.store.mappings import AnswerOrigin


@click.group()
def assessment() -> None:
    """Beoordelingen aanmaken, invullen en afronden."""


@assessment.command("new")
@db_option
@click.option("--org", "org_code", required=True, help="Organisatiecode, bijvoorbeeld GM0344.")
@click.option("--checklist", "checklist_id", required=True, help="Checklist-id.")
@click.option("--period", required=True, help="Periode, bijvoorbeeld 2026.")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Soort meting (standaard: nulmeting als er geen eerdere is).")
@click.option("--from-previous", is_flag=True, help="Neem de antwoorden van de vorige beoordeling over.")
@pass_app
def assessment_new(app: CliApp, org_code: str, checklist_id: str, period: str, kind: str | None,
                   from_previous: bool) -> None:
    """Begin een nieuwe beoordeling; drukt het id af."""
    new_id = app.store().new_assessment(org_code, checklist_id, period, kind=kind, from_previous=from_previous)
    echo(new_id)


def _origin_json(origin: AnswerOrigin | None) -> dict[str, Any] | None:
    if origin is None:
        return None
    return {"checklist": origin.source_checklist, "checklist_title": origin.source_title, "item": origin.source_code,
            "relation": origin.relation, "confirmed": origin.confirmed, "needs_review": origin.needs_review,
            "assessment_id": origin.source_assessment_id, "text": origin.describe()}


def _answer_json(result_item: ItemResult, answer: Answer, origin: AnswerOrigin | None = None) -> dict[str, Any]:
    return {
        "item": result_item.code,
        "theme": result_item.theme_code,
        "state": result_item.state,
        "level": result_item.level,
        "target": result_item.target,
        "meets_target": result_item.meets_target,
        "na_reason": answer.na_reason,
        "comment": answer.comment,
        "evidence": answer.evidence,
        "carried_over": result_item.carried_over,
        "taken_over_from": _origin_json(origin),
        "updated_at": answer.updated_at,
        "updated_by": answer.updated_by,
    }


def assessment_summary(store: Store, record: AssessmentRecord) -> dict[str, Any]:
    result = store.score(record.id)
    return {
        "id": record.id,
        "uid": record.uid,
        "organisation": {"code": record.organisation_code, "name": record.organisation_name,
                         "type": record.organisation_type},
        "checklist": {"id": record.checklist_id, "version": record.checklist_version},
        "period": record.period,
        "kind": record.kind,
        "status": record.status,
        "sharing": record.sharing,
        "origin": record.origin,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "finalised_at": record.finalised_at,
        "completeness": round(result.completeness, 4),
        "overall": None if result.overall is None else round(result.overall, 4),
        "basisnorm": result.basisnorm,
        "tier": result.tier.id if result.tier else None,
    }


@assessment.command("list")
@db_option
@click.option("--org", "org_code", default=None, help="Alleen deze organisatie.")
@json_option
@pass_app
def assessment_list(app: CliApp, org_code: str | None, as_json: bool) -> None:
    """Toon de beoordelingen."""
    from norm.scoring import as_percentage

    store = app.store()
    if org_code is not None:
        org_code = store.require_organisation(org_code).code
    rows = [assessment_summary(store, record) for record in store.assessments(organisation_code=org_code)]
    if as_json:
        output_json(rows)
        return
    if not rows:
        echo(say("cli.assessment.none"))
        return
    for row in rows:
        echo(
            f"{row['id']:>5}  {one_line(row['organisation']['name']):<28} {one_line(row['checklist']['id']):<28} "
            f"{one_line(row['period']):<8} {row['status']:<10} {row['sharing']:<13} "
            f"{as_percentage(row['completeness']):>5} compleet  score {as_percentage(row['overall'])}"
        )


@assessment.command("show")
@assessment_id_argument
@db_option
@json_option
@pass_app
def assessment_show(app: CliApp, assessment_id: int, as_json: bool) -> None:
    """Toon een beoordeling met scores en antwoorden."""
    from norm.answers import Answer
    from norm.scoring import as_percentage

    store = app.store()
    record = store.assessment(assessment_id)
    checklist_def = store.checklist(record.snapshot_id)
    answers = store.answers(assessment_id)
    origins = store.answer_origins(assessment_id)
    actions = store.actions(assessment_id)
    result = store.score(assessment_id)
    summary = assessment_summary(store, record)
    sign_off = store.sign_off(assessment_id)
    if as_json:
        summary["sign_off"] = sign_off.as_dict() if sign_off else None
        summary["themes"] = [
            {"code": t.code, "title": t.title, "score": None if t.score is None else round(t.score, 4),
             "target_score": None if t.target_score is None else round(t.target_score, 4),
             "applicable": t.applicable, "answered": t.answered, "not_applicable": t.not_applicable}
            for t in result.themes
        ]
        summary["answers"] = [
            _answer_json(result_item, answers.get(result_item.code) or Answer(result_item.code),
                         origins.get(result_item.code))
            for result_item in result.items
        ]
        summary["actions"] = [
            {"id": a.id, "item": a.item_code, "description": a.description, "owner": a.owner,
             "deadline": a.deadline, "status": a.status}
            for a in actions
        ]
        summary["gaps"] = [{"item": g.code, "level": g.level, "target": g.target, "gap": g.gap,
                            "basisnorm": g.basisnorm} for g in result.gaps]
        summary["open_items"] = result.open_items
        output_json(summary)
        return
    echo(say("cli.show.header", id=record.id, name=record.organisation_name, code=record.organisation_code))
    echo(say("cli.show.checklist", checklist=record.checklist_id, version=record.checklist_version,
             period=record.period, kind=record.kind, status=record.status, sharing=record.sharing))
    echo(say("cli.show.completeness", completeness=as_percentage(result.completeness), answered=result.answered,
             applicable=result.applicable, score=as_percentage(result.overall),
             target=as_percentage(result.target_score)))
    tier = result.tier.name if result.tier else "–"
    echo(say("cli.show.verdict", verdict=label("verdict", result.basisnorm, cli_language()), tier=tier))
    if sign_off is not None:
        echo(say("cli.show.signed_off", name=sign_off.name, role=sign_off.role, date=sign_off.decided_on)
             + (say("cli.show.decision", decision=sign_off.decision) if sign_off.decision else ""))
    elif record.is_definitive:
        echo(say("cli.show.not_signed_off"))
    for theme in result.themes:
        echo(f"  {one_line(theme.code):<4} {as_percentage(theme.score):>5}  {theme.answered}/{theme.applicable}  "
             f"{one_line(theme.title)}")
    labels = {lvl.value: one_line(lvl.label) for lvl in checklist_def.scale}
    echo("")
    for r in result.items:
        answer = answers.get(r.code)
        if r.state == "nvt":
            state = f"n.v.t. ({one_line(answer.na_reason) if answer else ''})"
        elif r.state == "open" or r.level is None:
            state = "open"
        else:
            state = f"{r.level} {labels.get(r.level, '')}" + (
                "" if r.meets_target else f"  onder streefniveau {r.target}")
        origin = origins.get(r.code)
        if origin is not None and r.state != "open":
            mark = " — te bevestigen" if origin.needs_review else ""
            state += f"  [{one_line(origin.describe())}, {label('relation', origin.relation)}{mark}]"
        echo(f"  {one_line(r.code):<12} {state}")


@assessment.command("set")
@assessment_id_argument
@click.argument("item_code", metavar="ITEM")
@db_option
@click.option("--level", type=int, default=None, help="Niveau op de schaal.")
@click.option("--na", "na_reason", default=None, help="N.v.t., met de reden.")
@click.option("--comment", default=None, help="Toelichting.")
@click.option("--evidence", default=None, help="Bewijs (documenten, vindplaats).")
@pass_app
def assessment_set(app: CliApp, assessment_id: int, item_code: str, level: int | None, na_reason: str | None,
                   comment: str | None, evidence: str | None) -> None:
    """Geef een maatregel een niveau of n.v.t., met toelichting en bewijs."""
    if level is not None and na_reason is not None:
        raise UserError(say("cli.set.level_or_na"))
    if level is None and na_reason is None and comment is None and evidence is None:
        raise UserError(say("cli.set.nothing"))
    # Only the fields given change: the store tells "not given" from None (None clears a level).
    changes: dict[str, Any] = {}
    if level is not None:
        changes["level"] = level
    if na_reason is not None:
        changes["not_applicable"] = na_reason
    if comment is not None:
        changes["comment"] = comment
    if evidence is not None:
        changes["evidence"] = evidence
    answer = app.store().set_answer(assessment_id, item_code, **changes)
    if answer.not_applicable:
        echo(say("cli.set.na", code=answer.item_code, reason=answer.na_reason))
    elif answer.level is not None:
        echo(say("cli.set.level", code=answer.item_code, level=answer.level))
    else:
        echo(say("cli.set.open", code=answer.item_code))


@assessment.command("share")
@assessment_id_argument
@click.argument("level", type=click.Choice(SHARING_LEVELS))
@db_option
@pass_app
def assessment_share(app: CliApp, assessment_id: int, level: str) -> None:
    """Stel het deelniveau in: intern, geaggregeerd of benoemd."""
    changed = app.store().set_sharing(assessment_id, level)
    echo(say("cli.share.changed" if changed else "cli.share.same", level=level))


@assessment.command("finalise")
@assessment_id_argument
@db_option
@click.option("--vastgesteld-door", "established_by", default=None, metavar="NAAM",
              help="Wie de beoordeling vaststelt (bijvoorbeeld de gemeentesecretaris).")
@click.option("--rol", "role", default=None, metavar="ROL", help="In welke rol (gemeentesecretaris, MT, directeur, …).")
@click.option("--datum", "decided_on", default=None, metavar="JJJJ-MM-DD",
              help="Datum van vaststelling (standaard: vandaag).")
@click.option("--besluit", "decision", default="", metavar="KENMERK", help="Kenmerk van het besluit (optioneel).")
@click.option("--ondanks-tekorten", "acknowledge", is_flag=True,
              help="Rond af hoewel basisnorm-maatregelen tekortschieten zonder verbeteractie.")
@pass_app
def assessment_finalise(app: CliApp, assessment_id: int, established_by: str | None, role: str | None,
                        decided_on: str | None, decision: str, acknowledge: bool) -> None:
    """Rond een complete beoordeling af en leg vast wie haar vaststelt; daarna is ze alleen-lezen."""
    import datetime as dt

    from norm.scoring import as_percentage
    from norm.store.keys import SignOff

    if (established_by is None) != (role is None):
        raise UserError(say("cli.finalise.both"))
    sign_off = None
    if established_by is not None and role is not None:
        sign_off = SignOff(established_by, role, decided_on or dt.date.today().isoformat(), decision)
    elif decided_on or decision:
        raise UserError(say("cli.finalise.extra"))
    result = app.store().finalise(assessment_id, sign_off=sign_off, acknowledge_shortfalls=acknowledge)
    echo(say("cli.finalise.done", id=assessment_id, score=as_percentage(result.overall),
             verdict=label("verdict", result.basisnorm, cli_language())))
    if sign_off is not None:
        echo(say("cli.finalise.signed", name=sign_off.name, role=sign_off.role, date=sign_off.decided_on)
             + (say("cli.finalise.decision", decision=sign_off.decision) if sign_off.decision else "."))


@assessment.command("log")
@assessment_id_argument
@db_option
@json_option
@pass_app
def assessment_log(app: CliApp, assessment_id: int, as_json: bool) -> None:
    """Toon het wijzigingslogboek van een beoordeling: wie wat wanneer veranderde."""
    store = app.store()
    store.assessment(assessment_id)  # an unknown id is an error, not an empty log
    entries = store.changelog(assessment_id)
    if as_json:
        output_json([
            {"id": e.id, "at": e.at, "actor": e.actor, "assessment_id": e.assessment_id,
             "organisation": e.organisation_code, "entity": e.entity, "item": e.item_code, "field": e.field,
             "old": e.old_value, "new": e.new_value}
            for e in entries
        ])
        return
    if not entries:
        echo("Geen wijzigingen.")
        return
    for e in entries:
        change = f"{one_line(e.old_value)} → {one_line(e.new_value)}" if e.old_value is not None else one_line(
            e.new_value)
        echo(f"{e.at}  {one_line(e.actor):<16} {one_line(e.entity):<10} {one_line(e.item_code or '–'):<12} "
             f"{one_line(e.field)}: {change}")


# -- the action plan (also after finalising) and attached documents ---------------------------------


@assessment.command("actions")
@click.option("--org", "org_code", required=True, help="Organisatiecode, bijvoorbeeld GM0344.")
@click.option("--all", "include_done", is_flag=True, help="Ook acties die gereed zijn.")
@db_option
@json_option
@pass_app
def assessment_actions(app: CliApp, org_code: str, include_done: bool, as_json: bool) -> None:
    """Het actieplan van een organisatie: openstaande verbeteracties over alle perioden, te late eerst."""
    store = app.store()
    organisation = store.require_organisation(org_code)
    entries = store.action_plan(organisation.code, include_done=include_done)
    if as_json:
        output_json([
            {"id": e.action.id, "assessment_id": e.assessment_id, "period": e.period, "checklist": e.checklist_id,
             "assessment_status": e.assessment_status, "item": e.action.item_code,
             "description": e.action.description, "owner": e.action.owner, "deadline": e.action.deadline,
             "status": e.action.status, "note": e.action.note, "origin_id": e.action.origin_id,
             "overdue": e.overdue, "editable": e.editable}
            for e in entries
        ])
        return
    if not entries:
        echo(f"{organisation.name} heeft geen openstaande verbeteracties.")
        return
    for e in entries:
        late = " (te laat)" if e.overdue else ""
        echo(f"{e.action.id:>5}  {one_line(e.period):<8} {one_line(e.action.item_code):<12} "
             f"{label('action_status', e.action.status):<7} {e.action.deadline or '–':<10}{late}  "
             f"{one_line(e.action.description)}" + (f" — {one_line(e.action.owner)}" if e.action.owner else ""))


@assessment.command("action")
@click.argument("action_id", type=int, metavar="ACTIE")
@click.option("--status", type=click.Choice(ACTION_STATUSES), default=None, help="Nieuwe status.")
@click.option("--deadline", default=None, help="Nieuwe deadline (JJJJ-MM-DD; leeg haalt haar weg).")
@click.option("--note", default=None, help="Notitie bij de voortgang.")
@db_option
@pass_app
def assessment_action(app: CliApp, action_id: int, status: str | None, deadline: str | None,
                      note: str | None) -> None:
    """Werk een verbeteractie bij: status, deadline of notitie (ook na afronden; gelogd)."""
    if status is None and deadline is None and note is None:
        raise click.UsageError("Geef --status, --deadline of --note.")
    changes: dict[str, Any] = {}
    if status is not None:
        changes["status"] = status
    if deadline is not None:
        changes["deadline"] = deadline or None
    if note is not None:
        changes["note"] = note
    changed = app.store().update_plan(action_id, **changes)
    echo(f"Verbeteractie {action_id} {'bijgewerkt' if changed else 'was al zo'}.")


@assessment.command("attach")
@assessment_id_argument
@click.argument("item_code", metavar="ITEM")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), metavar="BESTAND")
@db_option
@pass_app
def assessment_attach(app: CliApp, assessment_id: int, item_code: str, path: Path) -> None:
    """Voeg een document als bewijs toe aan een maatregel (max. 20 MB); drukt het id af."""
    echo(app.store().add_attachment_file(assessment_id, item_code, path))


@assessment.command("attachments")
@assessment_id_argument
@db_option
@json_option
@pass_app
def assessment_attachments(app: CliApp, assessment_id: int, as_json: bool) -> None:
    """Toon de documenten van een beoordeling: naam, grootte, SHA-256 en datum."""
    store = app.store()
    store.assessment(assessment_id)
    documents = store.attachments(assessment_id)
    if as_json:
        output_json([{"id": d.id, "item": d.item_code, "name": d.name, "size": d.size, "sha256": d.sha256,
                      "added_at": d.added_at, "added_by": d.added_by} for d in documents])
        return
    if not documents:
        echo("Geen documenten.")
        return
    for d in documents:
        echo(f"{d.id:>5}  {one_line(d.item_code):<12} {one_line(d.name)}  {d.size} bytes  sha256 {d.sha256}  "
             f"{d.added_at or ''}")


@assessment.command("document")
@click.argument("attachment_id", type=int, metavar="DOCUMENT")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Map (of bestandsnaam) om het document in op te slaan.")
@db_option
@pass_app
def assessment_document(app: CliApp, attachment_id: int, output: Path) -> None:
    """Sla een document op (nooit uitgevoerd); de inhoud wordt tegen de SHA-256 gecontroleerd."""
    from norm.store.attachments import sanitise_name

    store = app.store()
    found = store.attachment(attachment_id)
    content = store.attachment_content(attachment_id)
    target = output / sanitise_name(found.name) if output.is_dir() else output
    if target.exists():
        raise UserError(f"{target} bestaat al; kies een andere naam of map.")
    try:
        with target.open("xb") as handle:
            handle.write(content)
    except OSError as error:
        raise UserError(f"Kan {target} niet schrijven: {error.strerror or error}.") from None
    echo(target)


# Assigning measures to colleagues lives beside the roles (tui.cli.access); it belongs to this group.
from tui.cli.access import assessment_assign, assessment_assignments  # noqa: E402

assessment.add_command(assessment_assign)
assessment.add_command(assessment_assignments)
