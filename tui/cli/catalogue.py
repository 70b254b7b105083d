"""``weerbaar checklist`` (list, show, validate, add) and ``weerbaar org list``: what the database knows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from norm.vocabulary import ORGANISATION_TYPES
from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app

if TYPE_CHECKING:
    from norm.checklist import Checklist


@click.group()
def checklist() -> None:
    """Checklists en koppelingen bekijken, controleren en laden."""


@checklist.command("list")
@db_option
@json_option
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
        echo("Geen checklists. Voer eerst 'weerbaar init' uit.")
        return
    for row in rows:
        echo(f"{one_line(row['id']):<30} {one_line(row['version']):<10} {row['items']:>4} maatregelen  "
             f"{one_line(row['title'])}")


def _checklist_json(definition: Checklist) -> dict[str, Any]:
    data: dict[str, Any] = definition.model_dump(mode="json", exclude_none=True)
    data["content_hash"] = definition.content_hash
    data["item_count"] = len(definition.items())
    return data


@checklist.command("show")
@click.argument("checklist_id")
@db_option
@json_option
@pass_app
def checklist_show(app: CliApp, checklist_id: str, as_json: bool) -> None:
    """Toon een checklist: thema's en maatregelen (de nieuwste versie)."""
    store = app.store()
    snapshot = store.require_latest_snapshot(checklist_id)
    definition = store.checklist(snapshot.id)
    if as_json:
        output_json(_checklist_json(definition))
        return
    echo(f"{one_line(definition.title)} — versie {one_line(definition.version)} "
         f"({len(definition.items())} maatregelen)")
    echo("Schaal: " + ", ".join(f"{lvl.value} {one_line(lvl.label)}" for lvl in definition.scale))
    for theme in definition.themes:
        echo(f"\n{one_line(theme.code)}  {one_line(theme.title)}")
        for item in theme.items:
            marks = ("B" if item.basisnorm else " ")
            echo(f"  {one_line(item.code):<12} {marks} doel {item.target}  {one_line(item.title)}")
    echo("\nB = basisnorm")


def _known_checklists(app: CliApp, loaded: list[Checklist]) -> dict[tuple[str, str], Checklist]:
    """The checklists a mapping file is checked against: the checklist files given in the same command,
    then the database (when one is named with --db / WEERBAAR_DB or exists at the default place; none
    is created), then the built-in checklists."""
    from checklists import builtin_checklists

    known: dict[tuple[str, str], Checklist] = {}
    for definition in loaded:
        known.setdefault((definition.id, definition.version), definition)
    if app.db_path is not None or app.resolved_db.exists():
        store = app.store()
        for snapshot in store.snapshots():
            known.setdefault((snapshot.checklist_id, snapshot.version), store.checklist(snapshot.id))
    for definition in builtin_checklists():
        known.setdefault((definition.id, definition.version), definition)
    return known


@checklist.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@pass_app
def checklist_validate(app: CliApp, files: tuple[Path, ...]) -> None:
    """Controleer checklist- en koppelbestanden en meld alle problemen met hun plek.

    Een koppelbestand (kind: mapping) wordt ook gecontroleerd tegen de twee checklists die het noemt:
    uit dezelfde opdracht, uit de database of de ingebouwde checklists.
    """
    from norm.checklist import ChecklistError, parse_checklist
    from norm.checklist.loading import load_yaml_file
    from norm.checklist.mapping import Mapping, is_mapping_data, mapping_problems, parse_mapping

    failed = 0
    loaded: list[Checklist] = []
    mappings: list[tuple[Path, Mapping]] = []
    for path in files:
        try:
            data = load_yaml_file(path)
            if is_mapping_data(data):
                mappings.append((path, parse_mapping(data, str(path))))
                continue
            definition = parse_checklist(data, str(path))
        except ChecklistError as error:
            failed += 1
            for problem in error.problems:
                echo(one_line(problem), err=True)
            continue
        loaded.append(definition)
        echo(f"{one_line(path)}: in orde ({one_line(definition.id)} {one_line(definition.version)}, "
             f"{len(definition.items())} maatregelen)")
    known = _known_checklists(app, loaded) if mappings else {}
    for path, mapping in mappings:
        source = known.get((mapping.source.checklist, mapping.source.version))
        target = known.get((mapping.target.checklist, mapping.target.version))
        if source is None or target is None:
            missing = mapping.source if source is None else mapping.target
            echo(f"{one_line(path)}: in orde als koppeling ({one_line(mapping.id)} {one_line(mapping.version)}, "
                 f"{len(mapping.pairs)} paren); codes niet gecontroleerd: checklist {one_line(missing)} is "
                 "onbekend (geef het checklistbestand mee of laad het in de database)")
            continue
        problems = mapping_problems(mapping, source, target, str(path))
        if problems:
            failed += 1
            for problem in problems:
                echo(one_line(problem), err=True)
            continue
        echo(f"{one_line(path)}: in orde (koppeling {one_line(mapping.id)} {one_line(mapping.version)}, "
             f"{len(mapping.pairs)} paren tussen {one_line(mapping.source)} en {one_line(mapping.target)})")
    if failed:
        raise click.exceptions.Exit(1)


@checklist.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@pass_app
def checklist_add(app: CliApp, file: Path) -> None:
    """Laad een eigen checklist of een koppelbestand bewust in de database.

    Nogmaals hetzelfde bestand laden verandert niets; een andere inhoud onder hetzelfde id en dezelfde
    versie wordt geweigerd (verhoog dan de versie). Een koppeling wordt gecontroleerd tegen de
    checklists in de database.
    """
    from norm.checklist import parse_checklist
    from norm.checklist.loading import load_yaml_file
    from norm.checklist.mapping import is_mapping_data, parse_mapping

    data = load_yaml_file(file)
    store = app.store()
    if is_mapping_data(data):
        mapping = parse_mapping(data, str(file))
        _, is_new = store.add_mapping(mapping)
        what = f"koppeling {one_line(mapping.id)} {one_line(mapping.version)} ({len(mapping.pairs)} paren)"
    else:
        definition = parse_checklist(data, str(file))
        _, is_new = store.add_checklist(definition)
        what = f"checklist {one_line(definition.id)} {one_line(definition.version)}"
    echo(f"{what} {'geladen' if is_new else 'stond er al; niets gewijzigd'}.")


IMPORT_FORMATS = ("ciso-assistant",)
"""The library formats ``weerbaar checklist import`` converts (docs/ciso-assistant.md)."""


def _organisation_types(values: tuple[str, ...]) -> list[str] | None:
    kinds = [kind.strip() for value in values for kind in value.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in ORGANISATION_TYPES]
    if unknown:
        raise UserError(f"onbekend organisatietype '{one_line(unknown[0])}'; kies uit: {', '.join(ORGANISATION_TYPES)}")
    return list(dict.fromkeys(kinds)) or None


@checklist.command("import")
@click.argument("file", type=click.Path(path_type=Path), metavar="BESTAND")
@click.option("--from", "source_format", type=click.Choice(IMPORT_FORMATS), required=True,
              help="Het formaat van het bestand: ciso-assistant (een frameworkbibliotheek van CISO Assistant).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="UIT.yaml",
              help="Schrijf de checklist als YAML naar dit bestand in plaats van haar in de database te laden; "
                   "koppelingen komen ernaast als <bron>-naar-<doel>.mapping.yaml.")
@click.option("--applies-to", "applies_to", multiple=True, metavar="TYPE[,TYPE]",
              help="De organisatietypen waarvoor de maatregelen gelden (standaard: alle ingebouwde typen).")
@click.option("--target", type=int, default=None,
              help="Het streefniveau van elke maatregel (standaard: het midden van de schaal).")
@click.option("--status", type=click.Choice(["concept", "vastgesteld"]), default="vastgesteld",
              show_default=True, help="De status van de omgezette checklist.")
@db_option
@pass_app
def checklist_import(
    app: CliApp,
    file: Path,
    source_format: str,
    output: Path | None,
    applies_to: tuple[str, ...],
    target: int | None,
    status: Literal["concept", "vastgesteld"],
) -> None:
    """Zet een framework uit een ander formaat om naar een checklist (docs/ciso-assistant.md)."""
    from norm.checklist import ChecklistError
    from norm.checklist.ciso import checklist_yaml, complete_versions, convert_library, dump_yaml, load_library_file
    from norm.checklist.mapping import Mapping, mapping_problems, parse_mapping

    kinds = _organisation_types(applies_to)
    try:
        conversion = convert_library(
            load_library_file(file), str(file), applies_to=kinds, target=target, status=status
        )
    except ChecklistError as error:
        echo(f"{one_line(file)} is niet omgezet:", err=True)
        for problem in error.problems:
            echo(f"  {one_line(problem)}", err=True)
        raise click.exceptions.Exit(1) from None
    definition = conversion.checklist
    # A mapping set names frameworks, not versions: take them from the checklist converted in this run,
    # the database or the built-in checklists, and check the result as `checklist validate` would.
    known = _known_checklists(app, [definition] if definition is not None else [])
    mappings: list[Mapping] = []
    try:
        for converted in conversion.mappings:
            conversion.notes.extend(complete_versions(converted, known))
            mapping = parse_mapping(converted.data, converted.name)
            source = known.get((mapping.source.checklist, mapping.source.version))
            target_list = known.get((mapping.target.checklist, mapping.target.version))
            if source is not None and target_list is not None:
                problems = mapping_problems(mapping, source, target_list, converted.name)
                if problems:
                    raise ChecklistError(problems)
            mappings.append(mapping)
    except ChecklistError as error:
        echo(f"{one_line(file)} is niet omgezet:", err=True)
        for problem in error.problems:
            echo(f"  {one_line(problem)}", err=True)
        raise click.exceptions.Exit(1) from None
    for note in conversion.notes:
        echo(f"let op: {one_line(note)}")
    if output is None:
        store = app.store()
        if definition is not None:
            snapshot_id, new = store.add_checklist(definition, log_field="geïmporteerd uit CISO Assistant")
            state = "geladen" if new else "al aanwezig"
            echo(f"checklist {state}: {one_line(definition.id)} {one_line(definition.version)} "
                 f"({len(definition.items())} maatregelen, snapshot {snapshot_id})")
        for mapping in mappings:
            _, new = store.add_mapping(mapping)
            echo(f"koppeling {'geladen' if new else 'al aanwezig'}: {one_line(mapping.id)} "
                 f"{one_line(mapping.version)} ({len(mapping.pairs)} paren tussen {one_line(mapping.source)} en "
                 f"{one_line(mapping.target)})")
        return
    header = [
        f"Omgezet met 'weerbaar checklist import --from {source_format}' (docs/ciso-assistant.md).",
        "Controleer de standaardwaarden (streefniveau, soort, organisatietypen) voordat u de checklist laadt.",
    ]
    written: list[Path] = []
    if definition is not None:
        output.write_text(checklist_yaml(definition, header), encoding="utf-8")
        written.append(output)
        echo(f"checklist geschreven: {one_line(output)} ({one_line(definition.id)} {one_line(definition.version)}, "
             f"{len(definition.items())} maatregelen)")
    for mapping_file in conversion.mappings:
        path = output if definition is None and len(conversion.mappings) == 1 else output.parent / mapping_file.name
        if path in written:
            raise UserError(f"twee koppelingensets krijgen dezelfde bestandsnaam {one_line(path.name)}")
        title = [f"Koppelingen: {one_line(mapping_file.title)}"] if mapping_file.title else []
        path.write_text(dump_yaml(mapping_file.data, [*header[:1], *title]), encoding="utf-8")
        written.append(path)
        echo(f"koppelingen geschreven: {one_line(path)} ({len(mapping_file.data['pairs'])} paren)")


@click.group()
def org() -> None:
    """Organisaties bekijken."""


@org.command("list")
@db_option
@click.option("--type", "org_type", default=None, help="Alleen dit type (gemeente, provincie, …).")
@json_option
@pass_app
def org_list(app: CliApp, org_type: str | None, as_json: bool) -> None:
    """Toon de organisaties."""
    store = app.store()
    if org_type is not None and org_type not in ORGANISATION_TYPES:
        known = store.organisation_types()
        if org_type not in known:
            raise UserError(f"onbekend type '{one_line(org_type)}'; kies uit: {', '.join(known)}")
    organisations = store.organisations(org_type)
    if as_json:
        output_json([
            {"code": o.code, "name": o.name, "type": o.type, "attributes": o.attributes, "reference": o.reference}
            for o in organisations
        ])
        return
    if not organisations:
        echo("Geen organisaties. Voer eerst 'weerbaar init' uit.")
        return
    for o in organisations:
        extra = one_line(o.attributes.get("size_class") or "")
        district = one_line(o.attributes.get("police_district") or "")
        echo(f"{one_line(o.code):<12} {one_line(o.type):<16} {one_line(o.name):<42} {extra:<12} {district}")
