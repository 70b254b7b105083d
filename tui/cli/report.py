"""``weerbaar report`` (org, compare, province, gaps): the kinds and formats come from the tables in
``reports.kinds`` and ``reports.formats``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from norm.aggregate import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR
from norm.files import write_atomically
from reports import OUTPUT_FORMATS, OutputFormat, ReportError, build_report, format_for_path, output_format
from reports.charts import chart_files
from reports.document import Chart
from reports.html import render_html
from tui.cli.base import CliApp, F, UserError, db_option, echo, one_line, pass_app, say

FORMAT_IDS = [fmt.id for fmt in OUTPUT_FORMATS]


def chosen_format(fmt: str | None, output: Path | None) -> OutputFormat:
    """The format: --format, else the suffix of -o, else Markdown."""
    if fmt:
        return output_format(fmt)
    if output is None:
        return output_format("md")
    found = format_for_path(output)
    if found is None:
        raise UserError(say("cli.report.no_format", name=output.name, formats=", ".join(FORMAT_IDS)))
    return found


def write_output(data: bytes, output: Path) -> None:
    """Write atomically, after checking the folder exists (a clear message instead of an OSError)."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(say("cli.report.no_folder", folder=folder))
    write_atomically(output, data)


def emit(app: CliApp, kind: str, fmt: str | None, output: Path | None, **options: Any) -> None:
    chosen = chosen_format(fmt, output)
    if output is None and chosen.file_only:
        raise UserError(say("cli.report.file_only", label=chosen.label, suffix=chosen.suffix))
    files: list[tuple[Chart, str, bytes]] = []
    try:
        document = build_report(app.store(), kind, language=app.lang, **options)
        if output is not None and chosen.id == "html":
            # Each chart also as a separate SVG beside the page, named under the chart in the page.
            files = chart_files(document, output.stem)
            data = render_html(document, {id(block): name for block, name, _ in files}).encode("utf-8")
        else:
            data = chosen.render(document, bom=output is not None)
    except ReportError as error:
        raise UserError(str(error)) from None
    if output is None:
        echo(data.decode("utf-8"), nl=False)
        return
    write_output(data, output)
    for _, name, svg in files:
        write_atomically(output.with_name(name), svg)
    echo(say("cli.report.written", path=output) + (say("cli.report.demo") if document.demo else ""), err=True)


def common_options(function: F) -> F:
    """--format, -o and --min-group, shared by every report."""
    function = click.option("--min-group", "min_group", type=int, default=DEFAULT_MIN_GROUP, show_default=True,
                            help=f"Kleinste groep waarover een cijfer wordt getoond (minstens {MIN_GROUP_FLOOR}).")(
        function)
    function = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                            help="Uitvoerbestand; zonder -o gaan md en csv naar het scherm.")(function)
    function = click.option("--format", "fmt", type=click.Choice(FORMAT_IDS), default=None,
                            help="Formaat (standaard: uit de extensie van -o, anders md).")(function)
    return db_option(function)


def scope_options(function: F) -> F:
    """--checklist and --period (province and gap reports)."""
    function = click.option("--period", default=None, help="Periode (standaard: de nieuwste met gegevens).")(function)
    return click.option("--checklist", "checklist_id", default=None,
                        help="Checklist-id (nodig als er meer dan één is).")(function)


def _check_min_group(min_group: int) -> None:
    if min_group < MIN_GROUP_FLOOR:
        raise UserError(say("cli.report.min_group", floor=MIN_GROUP_FLOOR))


@click.group()
def report() -> None:
    """Rapporten: eigen organisatie, vergelijking, provinciebreed beeld, tekortenanalyse."""


@report.command("org")
@click.argument("assessment_id", type=click.IntRange(min=1), metavar="ID")
@common_options
@pass_app
def report_org(app: CliApp, assessment_id: int, fmt: str | None, output: Path | None, min_group: int) -> None:
    """Rapport van één beoordeling: scores, basisnorm, tekorten, acties en verandering."""
    _check_min_group(min_group)
    emit(app, "org", fmt, output, ids=[assessment_id], min_group=min_group)


@report.command("compare")
@click.argument("assessment_ids", type=click.IntRange(min=1), nargs=-1, required=True, metavar="ID [ID]")
@click.option("--peers", is_flag=True, help="Vergelijk met vergelijkbare organisaties (geanonimiseerd).")
@click.option("--by", type=click.Choice(["type", "size_class", "police_district"]), default="type",
              show_default=True, help="Vergelijkingsgroep bij --peers: zelfde type, grootteklasse of district.")
@common_options
@pass_app
def report_compare(app: CliApp, assessment_ids: tuple[int, ...], peers: bool, by: str, fmt: str | None,
                   output: Path | None, min_group: int) -> None:
    """Twee beoordelingen van één organisatie, of één beoordeling tegen de vergelijkingsgroep."""
    _check_min_group(min_group)
    if peers and len(assessment_ids) != 1:
        raise click.UsageError("met --peers hoort er precies één beoordelingsnummer bij")
    if not peers and len(assessment_ids) != 2:
        raise click.UsageError("geef twee beoordelingsnummers, of één met --peers")
    if by != "type" and not peers:
        raise click.UsageError("--by hoort bij --peers")
    emit(app, "peers" if peers else "compare", fmt, output, ids=list(assessment_ids), by=by, min_group=min_group)


@report.command("province")
@scope_options
@click.option("--type", "organisation_type", default=None,
              help="Alleen dit organisatietype, bijvoorbeeld --type gemeente.")
@common_options
@pass_app
def report_province(app: CliApp, checklist_id: str | None, period: str | None, organisation_type: str | None,
                    fmt: str | None, output: Path | None, min_group: int) -> None:
    """Provinciebreed beeld: deelname, thema's, maatregelen, groepen, ontwikkeling, groeifasen."""
    _check_min_group(min_group)
    if organisation_type is not None and organisation_type not in app.store().organisation_types():
        raise UserError(f"onbekend organisatietype '{one_line(organisation_type)}'; kies uit: "
                        f"{', '.join(app.store().organisation_types())}")
    emit(app, "province", fmt, output, checklist_id=checklist_id, period=period, min_group=min_group,
         organisation_type=organisation_type)


@report.command("gaps")
@scope_options
@common_options
@pass_app
def report_gaps(app: CliApp, checklist_id: str | None, period: str | None, fmt: str | None,
                output: Path | None, min_group: int) -> None:
    """Tekortenanalyse voor het RIEC: wat ontbreekt waar, wat veranderde, wie (benoemd) steun nodig heeft."""
    _check_min_group(min_group)
    emit(app, "gaps", fmt, output, checklist_id=checklist_id, period=period, min_group=min_group)
