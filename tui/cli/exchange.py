"""CLI commands for the exchange: ``export``, ``import`` and ``collect`` (docs/bundle.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from norm.labels import counted
from norm.vocabulary import ORGANISATION_TYPES, SHARING_LEVELS
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
    from norm.exchange.importer import ImportOutcome, Outcome

SHEET_SUFFIXES = (".xlsx",)
READ_SHEET_SUFFIXES = (".xlsx", ".ods")
"""An answer sheet is written as .xlsx; one saved by LibreOffice (.ods) is read too."""


@click.command("export")
@assessment_id_argument
@db_option
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Het bestand dat wordt geschreven.")
@click.option("--sharing", type=click.Choice(SHARING_LEVELS), default=None,
              help="Hoe de ontvanger de beoordeling mag gebruiken; wordt op de beoordeling vastgelegd.")
@click.option("--scrub", is_flag=True, help="Laat toelichting, bewijs, namen en verbeteracties weg.")
@click.option("--attachments", "with_attachments", is_flag=True,
              help="Stuur de bijgevoegde documenten mee (nooit samen met --scrub).")
@click.option("--format", "file_format", type=click.Choice(["json", "xlsx"]), default=None,
              help="json: inzending voor provincie/RIEC (standaard); xlsx: antwoordblad voor collega's.")
@click.option("--to", "receiver", default=None, metavar="ORG",
              help="Versleutel voor deze ontvanger (standaard: de ontvanger uit het register, als die er is).")
@click.option("--no-encrypt", "no_encrypt", is_flag=True, help="Niet versleutelen (alleen ondertekenen).")
@pass_app
def export(app: CliApp, assessment_id: int, output: Path, sharing: str | None, scrub: bool, with_attachments: bool,
           file_format: str | None, receiver: str | None, no_encrypt: bool) -> None:
    """Exporteer een beoordeling als ondertekende inzending (json) of als antwoordblad (xlsx).

    De inzending wordt ondertekend met de eigen sleutel ('weerbaar keys new') en versleuteld voor
    de ontvanger wanneer diens sleutel in het register staat (--to ORG, of de ontvanger die met
    'keys trust … --receiver' is vastgelegd); --no-encrypt slaat dat over. Bijgevoegde documenten
    gaan alleen mee met --attachments.
    """
    if with_attachments and scrub:
        raise UserError("--attachments en --scrub sluiten elkaar uit: een geschoonde inzending bevat geen documenten")
    file_format = file_format or ("xlsx" if output.suffix.lower() in SHEET_SUFFIXES else "json")
    store = app.store()
    if file_format == "xlsx":
        if sharing is not None or scrub or receiver or no_encrypt or with_attachments:
            raise UserError(say("cli.export.sheet_options"))
        from norm.exchange.answer_sheet import export_answer_sheet  # openpyxl: only when a sheet is asked for

        count = export_answer_sheet(store, assessment_id, output)
        echo(say("cli.export.sheet_written", path=output, count=count, id=assessment_id))
        return
    from norm.exchange.bundle import export_bundle
    from norm.signing import public_key_b64
    from tui.cli.keys import load_own_key, next_key

    if receiver and no_encrypt:
        raise UserError(say("cli.export.to_and_plain"))
    store.assessment(assessment_id)  # an unknown or forbidden assessment is refused before the key is unlocked
    key = load_own_key()
    assert key is not None
    if not no_encrypt and receiver is None:
        default = store.receiver_key()
        receiver = default.organisation_code if default else None
    upcoming = next_key()
    result = export_bundle(store, assessment_id, output, sharing=sharing, scrub=scrub, key=key,
                           encrypt_to=None if no_encrypt else receiver,
                           announce_key=public_key_b64(upcoming.public_key()) if upcoming else None,
                           attachments=with_attachments)
    record = store.assessment(assessment_id)
    recorded = " (nu vastgelegd op de beoordeling)" if result.sharing_changed else ""
    echo(f"Inzending geschreven naar {one_line(output)}: {one_line(record.organisation_name)}, "
         f"{one_line(record.checklist_id)} {one_line(record.checklist_version)}, periode {one_line(record.period)}, "
         f"{result.status}.")
    echo(f"  deelniveau: {result.sharing}{recorded}; {counted(result.answers, 'answer')}, "
         f"{counted(result.actions, 'action')}" + ("; zonder toelichting, bewijs, namen en acties"
                                                if result.scrubbed else "")
         + (f"; {counted(result.attachments, 'document')} meegestuurd" if with_attachments else ""))
    echo(f"  ondertekend met sleutel {result.fingerprint}, volgnummer {result.sequence}; "
         + (f"versleuteld voor {one_line(result.encrypted_to)}" if result.encrypted_to
            else "niet versleuteld (leesbaar voor wie het bestand heeft)"))
    if upcoming is not None:
        echo("  kondigt de nieuwe sleutel aan ('weerbaar keys rotate --voltooi' rondt de vervanging af)")
    if result.status != "definitief":
        echo(say("cli.export.concept"))


def _print_table(outcomes: list[ImportOutcome], details: dict[int, list[str] | None]) -> None:
    """One row per file; the reason (or the problems) on indented lines below it."""
    show_checklist = len({o.checklist for o in outcomes if o.checklist}) > 1
    sources = [one_line(o.source) for o in outcomes]
    file_width = min(max([len("Bestand"), *(len(source) for source in sources)]), 48)
    header = f"{'Uitkomst':<12} {'Bestand':<{file_width}} {'Organisatie':<28} {'Periode':<8} {'Status':<11} "
    header += "Deelniveau" + ("   Checklist" if show_checklist else "")
    echo(header.rstrip())
    for index, outcome in enumerate(outcomes):
        organisation = (f"{one_line(outcome.organisation_name)} ({one_line(outcome.organisation_code)})"
                        if outcome.organisation_code else "")
        line = (f"{outcome.outcome:<12} {sources[index]:<{file_width}} {organisation[:28]:<28} "
                f"{one_line(outcome.period):<8} {outcome.status or '':<11} {outcome.sharing or '':<12}")
        if show_checklist:
            line += f" {one_line(outcome.checklist)}"
        echo(line.rstrip())
        for reason in details.get(index) or ([outcome.reason] if outcome.reason else []):
            echo(f"{'':<12} → {one_line(reason)}")


def _sheet_outcome(app: CliApp, assessment_id: int, path: Path) -> tuple[ImportOutcome, list[str] | None]:
    store = app.store()
    record = store.assessment(assessment_id)
    if path.suffix.lower() not in READ_SHEET_SUFFIXES:
        raise UserError(say("cli.import.sheet_only"))
    from norm.exchange.answer_sheet import AnswerSheetError, import_answer_sheet, read_sheet_file  # openpyxl
    from norm.exchange.importer import ImportOutcome

    def outcome(what: Outcome, reason: str) -> ImportOutcome:
        return ImportOutcome(
            str(path), what, reason, organisation_code=record.organisation_code,
            organisation_name=record.organisation_name,
            checklist=f"{record.checklist_id} {record.checklist_version}", period=record.period,
            status=record.status, sharing=record.sharing, assessment_id=assessment_id,
        )

    try:
        result = import_answer_sheet(store, assessment_id, read_sheet_file(path))
    except AnswerSheetError as error:
        return outcome("geweigerd", str(error)), error.problems
    if not result.changed:
        return outcome("ongewijzigd", f"{result.rows} rijen gelezen, niets gewijzigd"), None
    return outcome("bijgewerkt", f"{len(result.changed)} van {result.rows} maatregelen gewijzigd"), None


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@db_option
@click.option("--assessment", "assessment_id", type=click.IntRange(min=1), default=None, metavar="ID",
              help="Lees een ingevuld antwoordblad (.xlsx of .ods) in deze beoordeling in.")
@json_option
@pass_app
def import_command(app: CliApp, paths: tuple[Path, ...], assessment_id: int | None, as_json: bool) -> None:
    """Lees inzendingen in (bestanden of mappen met .json), of een antwoordblad met --assessment.

    Elk bestand wordt apart en in zijn geheel verwerkt: nieuw, bijgewerkt, ongewijzigd of
    geweigerd (met de reden). Een geweigerd bestand verandert niets. De exitstatus is 1 als er
    een bestand is geweigerd, anders 0.
    """
    from norm.exchange.importer import OUTCOMES, BundleImporter, ImportOutcome

    details: dict[int, list[str] | None] = {}
    if assessment_id is not None:
        if len(paths) != 1:
            raise UserError(say("cli.import.one_sheet"))
        outcome, problems = _sheet_outcome(app, assessment_id, paths[0])
        outcomes = [outcome]
        details[0] = problems
    else:
        from tui.cli.keys import load_own_key

        sheets = [p for p in paths if p.suffix.lower() in READ_SHEET_SUFFIXES]
        importer = BundleImporter(app.store(), load_own_key(required=False))
        outcomes = [ImportOutcome(str(p), "geweigerd", "een antwoordblad (.xlsx) lees je in met --assessment ID")
                    for p in sheets]
        outcomes += importer.import_paths(p for p in paths if p not in sheets)
    counts = Counter(outcome.outcome for outcome in outcomes)
    if as_json:
        output_json({"files": [o.as_dict() for o in outcomes],
                     "counts": {name: counts.get(name, 0) for name in OUTCOMES}})
    else:
        _print_table(outcomes, details)
        summary = ", ".join(f"{counts.get(name, 0)} {name}" for name in OUTCOMES)
        echo(f"\n{counted(len(outcomes), 'file')}: {summary}.")
    if counts.get("geweigerd"):
        raise UserError(say("cli.import.refused", refused=counts["geweigerd"],
                            files=counted(len(outcomes), "file", cli_language())))


@click.command("collect")
@db_option
@click.option("--checklist", "checklist_id", required=True, help="Checklist-id.")
@click.option("--period", required=True, help="Periode, bijvoorbeeld 2026.")
@click.option("--type", "org_type", default=None,
              help="Alleen organisaties van dit type (gemeente, provincie, … of een type dat een checklist noemt).")
@json_option
@pass_app
def collect(app: CliApp, checklist_id: str, period: str, org_type: str | None, as_json: bool) -> None:
    """Inzamelronde: wie heeft voor een checklist en periode ingediend, en wie ontbreekt."""
    from norm.exchange.collection import STATE_HELP, collection_round

    store = app.store()
    if org_type is not None and org_type not in ORGANISATION_TYPES:
        known = store.organisation_types()
        if org_type not in known:
            raise UserError(f"onbekend type '{one_line(org_type)}'; kies uit: {', '.join(known)}")
    state = collection_round(store, checklist_id, period, org_type)
    if as_json:
        output_json(state.as_dict())
        return
    echo(f"Inzamelronde {one_line(checklist_id)}, periode {one_line(period)}"
         + (f", alleen {org_type}" if org_type else ""))
    echo(f"{'Code':<9} {'Organisatie':<28} {'Stand':<10} {'Deelniveau':<13} {'Geëxporteerd':<12} "
         "Ondertekend door")
    for row in state.rows:
        name = one_line(row.name) + ("" if row.reference else " *")
        exported = one_line(row.exported_at)[:10]
        signed = f"{row.signed_by} (nr. {row.sequence})" if row.signed_by else ""
        echo(f"{one_line(row.code):<9} {name[:28]:<28} {row.state:<10} {row.sharing or '':<13} {exported:<12} "
             f"{signed}".rstrip())
    echo("")
    if not state.expected:
        echo("Er staan geen referentieorganisaties in deze database; 'weerbaar init' laadt ze.")
    echo(f"{state.submitted} van {state.expected} referentieorganisaties hebben een beoordeling; "
         f"{state.counted} daarvan definitief en gedeeld (tellen mee).")
    if state.missing:
        echo(f"Ontbreekt ({len(state.missing)}): "
             + ", ".join(f"{one_line(row.name)} ({one_line(row.code)})" for row in state.missing))
    if any(not row.reference for row in state.rows):
        echo("* geen referentieorganisatie")
    for name in ("ingediend", "concept", "intern"):
        echo(f"  {name}: {STATE_HELP[name]}")
