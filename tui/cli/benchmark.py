"""``weerbaar benchmark``: the province's audited figures as a signed file, and reading it in."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.base import CliApp, UserError, db_option, echo, json_option, one_line, output_json, pass_app


@click.group()
def benchmark() -> None:
    """Benchmark: de gepubliceerde cijfers van de provincie naar de deelnemers, ondertekend."""


@benchmark.command("export")
@click.option("--checklist", "checklist_id", required=True, help="Checklist-id.")
@click.option("--period", required=True, help="Periode, bijvoorbeeld 2026.")
@click.option("--issuer", required=True, metavar="ORG",
              help="De eigen organisatie die ondertekent (de provincie), bijvoorbeeld PV26.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Het benchmarkbestand (.json).")
@db_option
@pass_app
def benchmark_export(app: CliApp, checklist_id: str, period: str, issuer: str, output: Path) -> None:
    """Schrijf het ondertekende benchmarkbestand van een checklist en periode uit de nieuwste release.

    Alleen cijfers die het provinciebrede rapport ook toont: de provincie, per organisatietype en per
    (samengevoegde) grootteklasse. Ondertekend met de eigen sleutel ('weerbaar keys new').
    """
    from norm.benchmark import export_benchmark
    from tui.cli.keys import load_own_key

    key = load_own_key()
    assert key is not None  # required
    data = export_benchmark(app.store(), checklist_id, period, issuer, key)
    output.write_bytes(data)
    echo(f"Benchmark geschreven naar {one_line(output)}: {one_line(checklist_id)}, periode {one_line(period)}. "
         f"Deelnemers lezen het in met 'weerbaar benchmark import {one_line(output.name)}'.")


@benchmark.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@json_option
@pass_app
def benchmark_import(app: CliApp, file: Path, as_json: bool) -> None:
    """Lees een benchmarkbestand van de provincie in (alleen ondertekend met een vertrouwde sleutel)."""
    from norm.benchmark import MAX_FILE_BYTES, BenchmarkRefused, import_benchmark

    if file.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{one_line(file.name)} geweigerd: het bestand is te groot voor een benchmark")
    try:
        stored, new = import_benchmark(app.store(), file.read_bytes())
    except BenchmarkRefused as refused:
        raise UserError(f"{one_line(file.name)} geweigerd: {one_line(refused)}") from None
    if as_json:
        output_json({"id": stored.id, "new": new, "checklist": stored.checklist_id, "period": stored.period,
                     "release_date": stored.release_date, "issuer": stored.issuer,
                     "fingerprint": stored.signer_fingerprint})
        return
    what = f"{one_line(stored.checklist_id)}, periode {one_line(stored.period)}, van {one_line(stored.issuer)}"
    if new:
        echo(f"Benchmark ingelezen: {what} (release van {one_line(stored.release_date[:10])}).")
    else:
        echo(f"Deze benchmark was al ingelezen: {what}.")
