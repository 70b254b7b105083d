"""The ``weerbaar`` command line: a scriptable interface beside the TUI.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback), 2 on wrong usage.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from norm.answers import Answer
from norm.checklist import ChecklistError, load_checklist_file
from norm.errors import WeerbaarError
from norm.store import Store
from norm.vocabulary import KINDS, SHARING_LEVELS

F = TypeVar("F", bound=Callable[..., Any])
APP_NAME = "weerbaar"


class UserError(click.ClickException):
    """A user error: one line on stderr, exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"weerbaar: {self.format_message()}", err=True)


def default_db_path() -> Path:
    """WEERBAAR_DB, else ``weerbaar.db`` in the per-user data directory of the platform."""
    env = os.environ.get("WEERBAAR_DB")
    if env:
        return Path(env)
    return Path(click.get_app_dir(APP_NAME, roaming=False)) / "weerbaar.db"


@dataclass
class CliApp:
    """What every command gets: where the database is and how to talk to the user."""

    db_path: Path | None = None
    lang: str = "nl"
    _store: Store | None = field(default=None, repr=False)

    @property
    def resolved_db(self) -> Path:
        return self.db_path or default_db_path()

    def store(self) -> Store:
        """The opened, migrated store (opened once per command)."""
        if self._store is None:
            self._store = Store(self.resolved_db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(CliApp, ensure=True)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(CliApp).db_path = value


def db_option(function: F) -> F:
    """``--db PATH`` on a subcommand (the same as the global option)."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        expose_value=False,
        callback=_set_db,
        is_eager=True,
        help="Databasebestand (standaard: WEERBAAR_DB of de gebruikersmap).",
    )(function)


def output_json(data: Any) -> None:
    """Stable JSON output: sorted keys, two-space indent, UTF-8."""
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


class WeerbaarGroup(click.Group):
    """Turns domain errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WeerbaarError as error:
            raise UserError(str(error)) from None
        except BrokenPipeError:
            # The reader went away (`weerbaar … | head`): stop quietly, as other command-line tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except (OSError, UnicodeError) as error:
            raise UserError(f"kan bestand niet gebruiken: {error}") from None
        finally:
            obj = ctx.find_object(CliApp)
            if obj is not None:
                obj.close()


@click.group(cls=WeerbaarGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Databasebestand (standaard: WEERBAAR_DB of de gebruikersmap).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Taal van de terminalinterface (nl of en).")
@click.version_option(package_name="weerbaar", prog_name="weerbaar")
@click.pass_context
def main(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    """weerbaar — zelfevaluatie voor de Utrechtse Weerbaarheidsnorm.

    Zonder opdracht opent de terminalinterface.
    """
    app = ctx.ensure_object(CliApp)
    if db is not None:
        app.db_path = db
    app.lang = lang or os.environ.get("WEERBAAR_LANG", "nl")
    if ctx.invoked_subcommand is None:
        launch = _tui_launcher()
        if launch is None:
            click.echo(ctx.get_help())
            return
        launch(app.resolved_db, lang)


def _tui_launcher() -> Callable[[Path, str | None], None] | None:
    try:
        from tui.app import run_tui
    except ImportError:
        return None
    return run_tui


# -- init ----------------------------------------------------------------------------------------


@main.command()
@db_option
@pass_app
def init(app: CliApp) -> None:
    """Maak of migreer de database en laad de ingebouwde checklists en organisaties."""
    from checklists import install_builtins

    store = app.store()
    report = install_builtins(store)
    click.echo(f"Database: {store.path}")
    for name in report.checklists_added:
        click.echo(f"  checklist geladen: {name}")
    for name in report.checklists_known:
        click.echo(f"  checklist al aanwezig: {name}")
    click.echo(
        f"  referentieorganisaties: {report.organisations_total} "
        f"({report.organisations_changed} nieuw of bijgewerkt)"
    )


# -- checklists ----------------------------------------------------------------------------------


@main.group()
def checklist() -> None:
    """Checklists bekijken en controleren."""


@checklist.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@pass_app
def checklist_list(app: CliApp, as_json: bool) -> None:
    """Toon de checklists in de database."""
    store = app.store()
    rows = []
    for snapshot in store.snapshots():
        definition = store.checklist(snapshot.id)
        rows.append({
            "id": snapshot.checklist_id,
            "version": snapshot.version,
            "title": snapshot.title,
            "items": len(definition.items()),
            "themes": len(definition.themes),
            "content_hash": snapshot.content_hash,
            "snapshot_id": snapshot.id,
        })
    if as_json:
        output_json(rows)
        return
    if not rows:
        click.echo("Geen checklists. Voer eerst 'weerbaar init' uit.")
        return
    for row in rows:
        click.echo(f"{row['id']:<30} {row['version']:<10} {row['items']:>4} maatregelen  {row['title']}")


def _checklist_json(definition: Any) -> dict[str, Any]:
    data = definition.model_dump(mode="json", exclude_none=True)
    data["content_hash"] = definition.content_hash
    data["item_count"] = len(definition.items())
    return data


@checklist.command("show")
@click.argument("checklist_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@pass_app
def checklist_show(app: CliApp, checklist_id: str, as_json: bool) -> None:
    """Toon een checklist: thema's en maatregelen (de nieuwste versie)."""
    store = app.store()
    snapshot = store.require_latest_snapshot(checklist_id)
    definition = store.checklist(snapshot.id)
    if as_json:
        output_json(_checklist_json(definition))
        return
    click.echo(f"{definition.title} — versie {definition.version} ({len(definition.items())} maatregelen)")
    click.echo("Schaal: " + ", ".join(f"{lvl.value} {lvl.label}" for lvl in definition.scale))
    for theme in definition.themes:
        click.echo(f"\n{theme.code}  {theme.title}")
        for item in theme.items:
            marks = ("B" if item.basisnorm else " ")
            click.echo(f"  {item.code:<12} {marks} doel {item.target}  {item.title}")
    click.echo("\nB = basisnorm")


@checklist.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def checklist_validate(files: tuple[Path, ...]) -> None:
    """Controleer checklistbestanden en meld alle problemen met hun plek."""
    failed = 0
    for path in files:
        try:
            definition = load_checklist_file(path)
        except ChecklistError as error:
            failed += 1
            for problem in error.problems:
                click.echo(str(problem), err=True)
            continue
        click.echo(f"{path}: in orde ({definition.id} {definition.version}, {len(definition.items())} maatregelen)")
    if failed:
        raise click.exceptions.Exit(1)


# -- organisations -------------------------------------------------------------------------------


@main.group()
def org() -> None:
    """Organisaties bekijken."""


@org.command("list")
@db_option
@click.option("--type", "org_type", default=None, help="Alleen dit type (gemeente, provincie, …).")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@pass_app
def org_list(app: CliApp, org_type: str | None, as_json: bool) -> None:
    """Toon de organisaties."""
    from norm.vocabulary import ORGANISATION_TYPES

    if org_type is not None and org_type not in ORGANISATION_TYPES:
        raise UserError(f"onbekend type '{org_type}'; kies uit: {', '.join(ORGANISATION_TYPES)}")
    organisations = app.store().organisations(org_type)
    if as_json:
        output_json([
            {"code": o.code, "name": o.name, "type": o.type, "attributes": o.attributes, "reference": o.reference}
            for o in organisations
        ])
        return
    if not organisations:
        click.echo("Geen organisaties. Voer eerst 'weerbaar init' uit.")
        return
    for o in organisations:
        extra = o.attributes.get("size_class") or ""
        district = o.attributes.get("police_district") or ""
        click.echo(f"{o.code:<12} {o.type:<16} {o.name:<42} {extra:<12} {district}")


# -- assessments ---------------------------------------------------------------------------------


def assessment_id_type(function: F) -> F:
    return click.argument("assessment_id", type=click.IntRange(min=1), metavar="ID")(function)


@main.group()
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
    click.echo(new_id)


def _answer_json(result_item: Any, answer: Answer) -> dict[str, Any]:
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
        "updated_at": answer.updated_at,
        "updated_by": answer.updated_by,
    }


def assessment_summary(store: Store, record: Any) -> dict[str, Any]:
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
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
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
        click.echo("Geen beoordelingen.")
        return
    for row in rows:
        click.echo(
            f"{row['id']:>5}  {row['organisation']['name']:<28} {row['checklist']['id']:<28} "
            f"{row['period']:<8} {row['status']:<10} {row['sharing']:<13} "
            f"{as_percentage(row['completeness']):>5} compleet  score {as_percentage(row['overall'])}"
        )


@assessment.command("show")
@assessment_id_type
@db_option
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@pass_app
def assessment_show(app: CliApp, assessment_id: int, as_json: bool) -> None:
    """Toon een beoordeling met scores en antwoorden."""
    from norm.scoring import as_percentage

    store = app.store()
    record = store.assessment(assessment_id)
    checklist_def = store.checklist(record.snapshot_id)
    answers = store.answers(assessment_id)
    actions = store.actions(assessment_id)
    result = store.score(assessment_id)
    summary = assessment_summary(store, record)
    if as_json:
        summary["themes"] = [
            {"code": t.code, "title": t.title, "score": None if t.score is None else round(t.score, 4),
             "target_score": None if t.target_score is None else round(t.target_score, 4),
             "applicable": t.applicable, "answered": t.answered, "not_applicable": t.not_applicable}
            for t in result.themes
        ]
        summary["answers"] = [
            _answer_json(result_item, answers.get(result_item.code) or Answer(result_item.code))
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
    click.echo(f"Beoordeling {record.id}: {record.organisation_name} ({record.organisation_code})")
    click.echo(f"  checklist {record.checklist_id} {record.checklist_version}, periode {record.period}, "
               f"{record.kind}, {record.status}, delen: {record.sharing}")
    click.echo(f"  compleet {as_percentage(result.completeness)} ({result.answered}/{result.applicable}), "
               f"score {as_percentage(result.overall)} (streef {as_percentage(result.target_score)})")
    click.echo(f"  basisnorm: {result.basisnorm}; groeifase: {result.tier.name if result.tier else '–'}")
    for theme in result.themes:
        click.echo(f"  {theme.code:<4} {as_percentage(theme.score):>5}  {theme.answered}/{theme.applicable}  "
                   f"{theme.title}")
    labels = {lvl.value: lvl.label for lvl in checklist_def.scale}
    click.echo("")
    for r in result.items:
        answer = answers.get(r.code)
        if r.state == "open":
            state = "open"
        elif r.state == "nvt":
            state = f"n.v.t. ({answer.na_reason if answer else ''})"
        else:
            state = f"{r.level} {labels.get(r.level, '')}" + ("" if r.meets_target else f"  < doel {r.target}")
        click.echo(f"  {r.code:<12} {state}")


@assessment.command("set")
@assessment_id_type
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
        raise UserError("geef --level óf --na, niet allebei")
    if level is None and na_reason is None and comment is None and evidence is None:
        raise UserError("geef --level, --na, --comment of --evidence")
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
    state = f"n.v.t. ({answer.na_reason})" if answer.not_applicable else (
        f"niveau {answer.level}" if answer.level is not None else "open")
    click.echo(f"{answer.item_code}: {state}")


@assessment.command("share")
@assessment_id_type
@click.argument("level", type=click.Choice(SHARING_LEVELS))
@db_option
@pass_app
def assessment_share(app: CliApp, assessment_id: int, level: str) -> None:
    """Stel het deelniveau in: intern, geaggregeerd of benoemd."""
    changed = app.store().set_sharing(assessment_id, level)
    click.echo(f"Deelniveau {'gewijzigd in' if changed else 'was al'} {level}.")


@assessment.command("finalise")
@assessment_id_type
@db_option
@pass_app
def assessment_finalise(app: CliApp, assessment_id: int) -> None:
    """Rond een complete beoordeling af; daarna is ze alleen-lezen."""
    from norm.scoring import as_percentage

    result = app.store().finalise(assessment_id)
    click.echo(f"Beoordeling {assessment_id} is definitief. Score {as_percentage(result.overall)}, "
               f"basisnorm: {result.basisnorm}.")


# -- serve ---------------------------------------------------------------------------------------

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def tui_command_line(db_path: Path, lang: str | None) -> str:
    """The shell command that starts this TUI on a database, quoted for the platform's shell."""
    arguments = [sys.executable, "-m", "tui", "--db", str(db_path)]
    if lang:
        arguments += ["--lang", lang]
    return subprocess.list2cmdline(arguments) if os.name == "nt" else shlex.join(arguments)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Poort.")
@pass_app
def serve(app: CliApp, host: str, port: int) -> None:
    """Open dezelfde terminalinterface in een browser (textual-serve)."""
    from textual_serve.server import Server

    if host not in LOOPBACK_HOSTS:
        # textual-serve has no login: anyone who reaches the port sees the assessments.
        click.echo(
            f"Let op: {host} is bereikbaar voor anderen en er is geen inlog. "
            "Gebruik dit alleen op een vertrouwd netwerk.",
            err=True,
        )
    click.echo(f"Open http://{host}:{port} in uw browser; stop met Ctrl+C.")
    templates = Path(__file__).parent / "serve_templates"
    Server(tui_command_line(app.resolved_db, app.lang), host=host, port=port, title="weerbaar",
           templates_path=templates).serve()


# Commands from the other modules register below.
from tui.cli_exchange import collect, export, import_command  # noqa: E402

main.add_command(export)
main.add_command(import_command)
main.add_command(collect)

from tui.cli_reports import demo, report  # noqa: E402

main.add_command(report)
main.add_command(demo)
