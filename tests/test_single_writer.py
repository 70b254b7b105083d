"""The store is the only writer: no module outside norm/store holds SQL that writes or calls a
sqlite-utils write method. Reading (SELECT) elsewhere is fine."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("norm", "reports", "tui", "checklists")
STORE = ROOT / "norm" / "store"

# Statements that change data or schema, as they start in SQL text (any case, any spacing).
WRITE_SQL = re.compile(
    r"\b(insert\s+(or\s+\w+\s+)?into\b|replace\s+into\b|update\s+(or\s+\w+\s+)?[\w\"'`\[\].{}]+\s+set\b"
    r"|delete\s+from\b|(create|drop|alter)\s+(table|index|trigger|view)\b|pragma\s+\w+\s*=)",
    re.IGNORECASE,
)
# sqlite-utils methods that write through a table (``db["t"].insert(...)``, ``db.table("t").upsert(...)``).
TABLE_WRITES = {"insert", "insert_all", "upsert", "upsert_all", "update", "delete", "delete_where", "add_column",
                "transform", "create", "create_index", "drop", "add_foreign_key", "enable_fts"}
# Connection/database methods that only ever write (or run arbitrary scripts).
CONNECTION_WRITES = {"executemany", "executescript", "enable_wal", "disable_wal", "vacuum"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _is_table(node: ast.expr) -> bool:
    """``something[...]`` or ``something.table(...)``: how sqlite-utils hands out a table."""
    if isinstance(node, ast.Subscript):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "table")


def violations(source: str, name: str = "<bron>") -> list[str]:
    """Every SQL write and sqlite-utils write call in a piece of Python source, with its line."""
    tree = ast.parse(source, name)
    docstrings = _docstrings(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # an f-string: look at its literal parts put together
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
                           if isinstance(part, ast.Constant | ast.FormattedValue))
            if WRITE_SQL.search(text):
                found.append(f"{name}:{node.lineno}: SQL {text[:60]!r}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if WRITE_SQL.search(node.value):
                found.append(f"{name}:{node.lineno}: SQL {node.value[:60]!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in CONNECTION_WRITES or (method in TABLE_WRITES and _is_table(node.func.value)):
                found.append(f"{name}:{node.lineno}: .{method}(...)")
    # Implicit string concatenation splits SQL over literals: check each statement's joined text too.
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            text = " ".join(parts)
            if WRITE_SQL.search(text) and not any(WRITE_SQL.search(p) for p in parts):
                found.append(f"{name}:{node.lineno}: SQL {text[:60]!r}")
    return found


def sources() -> list[Path]:
    files = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    return sorted(path for path in files if STORE not in path.parents)


def test_no_module_outside_the_store_writes() -> None:
    files = sources()
    assert len(files) > 30 and any(path.name == "importer.py" for path in files)
    found = [v for path in files for v in violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_store_itself_is_seen_as_a_writer() -> None:
    """The detector recognises the writes the store really makes."""
    found = violations((STORE / "database.py").read_text(encoding="utf-8"))
    assert len(found) >= 10


@pytest.mark.parametrize(
    "source",
    [
        'store.db.execute("DELETE FROM answers WHERE assessment_id = ?", [1])',
        'connection.execute("insert into changelog (at) values (?)", ["x"])',
        'db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", ["a", "b"])',
        'db.execute("REPLACE INTO answers VALUES (1)")',
        'db.execute("UPDATE OR REPLACE assessments SET uid = ? WHERE id = 1", [u])',
        'db.execute(f"UPDATE {table} SET level = 0")',
        'db.execute("update answers\\n   set level = 0")',
        'db.execute("UPDATE answers " "SET level = 0")',
        'db.execute("UPDATE answers " + "SET level = 0")',
        'db.execute("DROP TRIGGER answers_lock_update")',
        'db.execute("PRAGMA recursive_triggers = ON")',
        'db["answers"].insert({"level": 1})',
        'store.db["settings"].upsert({"key": "demo"}, pk="key")',
        'db.table("actions").insert_all(rows)',
        'db["assessments"].update(1, {"status": "concept"})',
        'db["changelog"].delete_where("id > 0")',
        'connection.executemany("SELECT 1", rows)',
        'store.db.conn.executescript(script)',
    ],
)
def test_the_detector_catches_a_write(source: str) -> None:
    assert violations(source), source


@pytest.mark.parametrize(
    "source",
    [
        'store.db.execute("SELECT count(*) FROM answers")',
        'rows.insert(0, "nog geen fase")',
        'settings.update({"taal": "nl"})',
        'tags.insert(0, label)',
        'store.upsert_organisation("GM0344", "Utrecht", "gemeente")',
        'store.update_action(1, status="gereed")',
        'text = "Bijwerken van de inzending"',
        'def f():\n    """Never DELETE FROM the change log by hand."""\n',
    ],
)
def test_the_detector_leaves_reading_and_plain_python_alone(source: str) -> None:
    assert violations(source) == []
