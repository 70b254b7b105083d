"""Architecture: the core stays free of UI (importing every module of norm loads neither textual, jinja2
nor click), the import contracts of pyproject.toml hold (tui: cli -> app -> screens -> widgets ->
state; screens independent of each other), and the command line loads heavy modules lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

PROBE = """
import importlib, pkgutil, sys
import norm
names = [m.name for m in pkgutil.walk_packages(norm.__path__, "norm.")]
for name in names:
    importlib.import_module(name)
print(len(names))
print(" ".join(sorted(m for m in ("textual", "jinja2", "click") if m in sys.modules)))
"""


def test_norm_imports_no_ui_or_report_layer() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    count, loaded = (result.stdout.splitlines() + ["", ""])[:2]
    assert int(count) >= 5, "the probe must actually import the norm modules"
    assert loaded == ""


def test_probe_would_notice_a_leak() -> None:
    leaky = PROBE.replace("print(len(names))", "import click\nprint(len(names))")
    result = subprocess.run([sys.executable, "-c", leaky], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[1] == "click"


# -- the layers inside tui, checked by import-linter (the contracts in pyproject.toml) --------------

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", *arguments], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)


def test_import_contracts_hold() -> None:
    """`make lint` runs the same; here `make test` notices a broken layer too."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    result = lint_imports()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"Contracts: {len(contracts['contracts'])} kept, 0 broken." in result.stdout


def test_import_linter_would_notice_a_screen_importing_another(tmp_path: Path) -> None:
    """The harness is not blind: a contract that the code breaks on purpose fails."""
    config = tmp_path / "broken.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["tui"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "the app may not push screens (false on purpose)"\n'
        'type = "forbidden"\nsource_modules = ["tui.app"]\nforbidden_modules = ["tui.screens.start"]\n',
        encoding="utf-8",
    )
    result = lint_imports(str(config))
    assert result.returncode != 0 and "BROKEN" in result.stdout


def test_every_screen_is_in_the_independence_contract() -> None:
    """A new screen module cannot slip past the contract by not being listed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    listed = next(set(c["modules"]) for c in contracts if c["type"] == "independence"
                  and all(m.startswith("tui.screens.") for m in c["modules"]))
    on_disk = {f"tui.screens.{path.stem}" for path in (ROOT / "tui" / "screens").glob("*.py")
               if path.stem not in ("__init__", "base")}
    assert listed == on_disk


CLI_PROBE = """
import sys
import tui.cli
print(" ".join(sorted(m for m in ("textual", "jinja2", "openpyxl", "weasyprint", "tui.app") if m in sys.modules)))
"""


def test_the_command_line_loads_no_interface_or_writer_until_a_command_needs_it() -> None:
    """`weerbaar --help` stays fast: textual, jinja2 and openpyxl load inside the commands."""
    result = subprocess.run([sys.executable, "-c", CLI_PROBE], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
