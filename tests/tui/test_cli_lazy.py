"""The command registry of ``tui/cli/__init__.py``: commands load only when they run, and the help
list shows what the commands themselves say."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from tui.cli import COMMANDS, LazyGroup, main

# Modules that `weerbaar --help` must not load (the command modules and what they pull in).
HEAVY = ("tui.cli.assessment", "tui.cli.catalogue", "tui.cli.exchange", "tui.cli.report", "tui.cli.serve",
         "tui.cli.setup", "tui.app", "textual", "norm.store", "norm.aggregate", "reports", "jinja2", "openpyxl",
         "pydantic", "sqlite_utils", "yaml")


def loaded_after(args: list[str]) -> set[str]:
    """The modules loaded by running ``weerbaar ARGS`` in a fresh interpreter."""
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({args!r}, prog_name='weerbaar')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return set(done.stderr.split())


def heavy_in(modules: set[str]) -> set[str]:
    return {name for name in modules for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_registered_command_exists_with_the_help_line_it_is_listed_with(name: str) -> None:
    module_name, attribute, help_line = COMMANDS[name]
    command = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(command, click.Command)
    assert command.name == name
    assert help_line == command.get_short_help_str(10**6)


def test_help_loads_no_command_module() -> None:
    assert heavy_in(loaded_after(["--help"])) == set()


def test_a_command_loads_its_own_module_only() -> None:
    loaded = loaded_after(["org", "--help"])
    assert "tui.cli.catalogue" in loaded
    assert {"tui.cli.assessment", "tui.cli.report", "tui.cli.exchange", "tui.app"}.isdisjoint(loaded)


def test_help_lists_every_command_in_order_with_its_dutch_help() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="weerbaar")
    assert result.exit_code == 0
    section = result.output.split("Opdrachten:\n", 1)[1]
    names = [line.split()[0] for line in section.splitlines() if line.strip()]
    assert names == sorted(COMMANDS)
    assert "  org         Organisaties bekijken.\n" in section


def test_a_misspelled_command_is_suggested_from_the_registry() -> None:
    result = CliRunner().invoke(main, ["asessment"], prog_name="weerbaar")
    assert result.exit_code == 2
    assert "Onbekende opdracht 'asessment'. Bedoelt u 'assessment'?" in result.output
    nothing_like = CliRunner().invoke(main, ["zzzz"], prog_name="weerbaar")
    assert nothing_like.exit_code == 2
    assert "Bedoelt u" not in nothing_like.output


def test_a_loaded_subcommand_speaks_dutch_in_its_usage_line() -> None:
    result = CliRunner().invoke(main, ["assessment", "--help"], prog_name="weerbaar")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: weerbaar assessment [OPTIES] OPDRACHT [ARGUMENTEN]...")


def test_a_registry_entry_that_is_no_command_is_refused() -> None:
    group = LazyGroup("g", lazy={"bad": ("tui.cli.base", "DB_HELP", "Niets.")})
    with pytest.raises(TypeError, match="no click command"):
        group.get_command(click.Context(group), "bad")
    assert group.get_command(click.Context(group), "missing") is None
