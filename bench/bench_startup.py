"""Start-up of the command line: ``weerbaar --help`` beside ``python -c pass`` and a bare click CLI
with the same command names, options and help texts (generated from ``tui.cli.COMMANDS``), measured
interleaved in the same run (median of ``--runs``).

Target (#15): ``weerbaar --help`` ≤ 2× the bare click CLI. Exits 1 when missed.
Usage: ``.venv/bin/python bench/bench_startup.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import line, met, run_times  # noqa: E402

TARGET = 2.0


def bare_cli_source() -> str:
    """A click CLI with weerbaar's command names, global options and help lines, and nothing else."""
    from tui.cli import COMMANDS

    lines = [
        "import click",
        "",
        "@click.group(name='weerbaar', context_settings={'help_option_names': ['-h', '--help']})",
        "@click.option('--db', metavar='BESTAND', default=None, help='Databasebestand (standaard: WEERBAAR_DB, "
        "anders weerbaar.db in de gegevensmap van de gebruiker).')",
        "@click.option('--lang', type=click.Choice(['nl', 'en']), default=None, "
        "help='Taal van de terminalinterface (nl of en).')",
        "@click.version_option('1', prog_name='weerbaar')",
        "def main(db, lang):",
        "    '''weerbaar — zelfevaluatie voor de Utrechtse Weerbaarheidsnorm.",
        "",
        "    Zonder opdracht opent de terminalinterface.",
        "    '''",
        "",
    ]
    for name, (_, _, help_line) in sorted(COMMANDS.items()):
        lines.append(f"main.add_command(click.Command({name!r}, help={help_line!r}))")
    lines += ["", "main(prog_name='weerbaar')", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    python = sys.executable
    weerbaar = str(Path(python).parent / "weerbaar")
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_cli.py"
        bare.write_text(bare_cli_source(), encoding="utf-8")
        commands = {"pass": [python, "-c", "pass"], "bare": [python, str(bare), "--help"],
                    "weerbaar": [weerbaar, "--help"]}
        run_times(commands, 2)  # warm the file cache and the bytecode
        medians = run_times(commands, args.runs)
    print(f"median of {args.runs} interleaved runs")
    line("weerbaar --help", medians["weerbaar"], "python -c pass", medians["pass"], None)
    result = line("weerbaar --help", medians["weerbaar"], "bare click CLI --help", medians["bare"], TARGET)
    return 0 if met(result) else 1


if __name__ == "__main__":
    sys.exit(main())
