"""The core stays free of UI: importing every module of norm loads neither textual, jinja2 nor click."""

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
