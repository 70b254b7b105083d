"""``weerbaar report`` on the command line: formats, output files, messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from reports_support import csv_rows, make_store, submit, xlsx_sheets

from tui.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    store = make_store(path)
    ids = [submit(store, f"GM{n:04d}", "2026", "geaggregeerd", default=n % 4) for n in range(1, 9)]
    store.close()
    return path, ids


def run(db: Path, *arguments: str):
    return CliRunner().invoke(main, ["--db", str(db), *arguments])


def test_markdown_and_csv_go_to_stdout(db) -> None:
    path, ids = db
    markdown = run(path, "report", "province")
    assert markdown.exit_code == 0, markdown.output
    assert markdown.output.startswith("# Weerbaarheid in de provincie")
    csv = run(path, "report", "gaps", "--format", "csv")
    assert csv.exit_code == 0
    assert csv.output.startswith("tabel;rij;kolom;waarde")


def test_the_format_follows_the_output_suffix(db, tmp_path: Path) -> None:
    path, ids = db
    for suffix in ("html", "md", "xlsx", "csv"):
        target = tmp_path / f"rapport.{suffix}"
        result = run(path, "report", "org", str(ids[0]), "-o", str(target))
        assert result.exit_code == 0, result.output
        assert "Rapport geschreven" in result.output
    assert (tmp_path / "rapport.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Thema's" in xlsx_sheets((tmp_path / "rapport.xlsx").read_bytes())
    data = (tmp_path / "rapport.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read the file as UTF-8
    assert csv_rows(data)[0]["tabel"] == "Rapport"
    explicit = tmp_path / "rapport.txt"
    assert run(path, "report", "org", str(ids[0]), "--format", "md", "-o", str(explicit)).exit_code == 0
    assert explicit.read_text(encoding="utf-8").startswith("# Weerbaarheid van")


def test_compare_and_peers_on_the_command_line(db, tmp_path: Path) -> None:
    path, ids = db
    peers = run(path, "--db", str(path), "report", "compare", str(ids[0]), "--peers", "--by", "police_district",
                "--min-group", "3")
    assert peers.exit_code == 0, peers.output
    assert "Vergelijkingsgroep" in peers.output
    two_organisations = run(path, "report", "compare", str(ids[0]), str(ids[1]))
    assert two_organisations.exit_code == 1 and "één organisatie" in two_organisations.output


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["report", "org", "1", "--format", "html"], 1, "-o BESTAND"),
        (["report", "org", "1", "--format", "xlsx"], 1, "-o BESTAND"),
        (["report", "org", "1", "-o", "x.odt"], 1, "kan het formaat niet afleiden"),
        (["report", "province", "--min-group", "2"], 1, "minstens 3"),
        (["report", "province", "--checklist", "onbekend"], 1, "Onbekende checklist 'onbekend'"),
        (["report", "gaps", "--period", "1999"], 1, "periode '1999'"),
        (["report", "org", "999"], 1, "Onbekende beoordeling 999"),
        (["report", "compare", "1"], 2, "twee beoordelingsnummers"),
        (["report", "compare", "1", "2", "--peers"], 2, "precies één"),
        (["report", "compare", "1", "2", "--by", "size_class"], 2, "--by hoort bij --peers"),
        (["report", "org", "1", "--format", "pdf", "-o", "x.pdf"], None, ""),
        (["report", "taart"], 2, "Onbekende opdracht 'taart'"),
    ],
)
def test_bad_input_gets_one_clear_line(db, tmp_path: Path, arguments: list[str], code: int | None,
                                       message: str) -> None:
    path, ids = db
    arguments = [a.replace("x.", f"{tmp_path}/x.") for a in arguments]
    result = run(path, *arguments)
    if code is None:  # PDF: written with WeasyPrint when installed, else the install hint
        assert result.exit_code == 0 or "weerbaar[pdf]" in result.output
        return
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("x.*"))


def test_the_command_line_takes_its_choices_from_the_tables() -> None:
    from reports import OUTPUT_FORMATS, REPORT_KINDS
    from tui.cli.report import report

    for command in report.commands.values():
        fmt = next(param for param in command.params if param.name == "fmt")
        assert list(fmt.type.choices) == [f.id for f in OUTPUT_FORMATS]  # type: ignore[attr-defined]
    for kind in REPORT_KINDS:  # every kind has the command its usage names
        words = kind.usage.split()
        assert words[0] == "report" and words[1] in report.commands, kind.usage
