"""Control characters and terminal escape sequences in user text never reach a terminal raw: not from
the command line (text, JSON, error lines, usage errors) and not from the terminal interface, where
Textual markup in user text is shown as it is as well.

The hostile texts: an SGR colour (``ESC [31m``), an OSC 8 hyperlink that shows one text and points
elsewhere, the one-byte C1 CSI (``\\x9b``), BEL, and a right-to-left override (U+202E).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from norm.checklist import load_checklist_file
from norm.store import Store
from tui.cli import main
from tui.safe_text import is_terminal_safe, terminal_safe

FIXTURES = Path(__file__).parents[1] / "fixtures"
CSI = "\x1b[31m"
OSC8 = "\x1b]8;;http://evil.example\x07klik\x1b]8;;\x07"
C1 = "\x9b2J"
RLO = "\u202egnp.exe"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
NAME = f"Gemeente {CSI}Rood {C1} {RLO}"
COMMENT = f"Zie {OSC8} en {CSI}rood"
REASON = f"Geen parken {RLO} {C1}"


def assert_no_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, (repr(char), text)


# -- the function ---------------------------------------------------------------------------------


def test_controls_become_visible_placeholders() -> None:
    assert terminal_safe(CSI) == "␛[31m"
    assert terminal_safe(OSC8) == "␛]8;;http://evil.example␇klik␛]8;;␇"
    assert terminal_safe(C1) == "\ufffd2J"
    assert terminal_safe(RLO) == "\ufffdgnp.exe"
    assert terminal_safe("\u2066a\u2069\x7f\r") == "\ufffda\ufffd␡␍"
    assert terminal_safe("twee\nregels\tmet tab") == "twee\nregels\tmet tab"
    assert terminal_safe("a\r\nb") == "a\r\nb"
    assert terminal_safe("twee\nregels\tmet tab", one_line=True) == "twee␊regels met tab"
    assert terminal_safe("Ĳsselstein — 's-Hertogenbosch ✓ 🙂 [b]x[/b]") == "Ĳsselstein — 's-Hertogenbosch ✓ 🙂 [b]x[/b]"


@given(st.text())
def test_any_text_comes_out_safe_and_stays_safe(text: str) -> None:
    safe = terminal_safe(text)
    assert is_terminal_safe(safe)
    assert terminal_safe(safe) == safe
    single = terminal_safe(text, one_line=True)
    assert is_terminal_safe(single) and "\n" not in single and "\r" not in single


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[Path, int]:
    """An organisation and an assessment whose texts hold escape sequences (a checklist cannot:
    loading refuses control characters in its texts, see tests/norm/checklist/test_hostile_yaml.py)."""
    path = tmp_path / "hostile.db"
    with Store(path, actor=f"tester {CSI}") as store:
        store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
        store.upsert_organisation("GM0344", NAME, "gemeente")
        assessment = store.new_assessment("GM0344", "mini-norm", "2026")
        store.set_answer(assessment, "MINI-A01", level=1, comment=COMMENT, evidence=OSC8)
        store.set_answer(assessment, "MINI-A02", not_applicable=REASON)
        store.add_action(assessment, "MINI-A01", f"Actie {CSI}nu", f"Eigenaar {RLO}", None)
    return path, assessment


def cli(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args])


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["org", "list"], "Gemeente ␛[31mRood \ufffd2J \ufffdgnp.exe"),
        (["assessment", "list"], "Gemeente ␛[31mRood"),
        (["assessment", "show", "{id}"], "n.v.t. (Geen parken \ufffdgnp.exe \ufffd2J)"),
        (["assessment", "log", "{id}"], "Zie ␛]8;;http://evil.example␇klik␛]8;;␇ en ␛[31mrood"),
        (["report", "org", "{id}"], "Gemeente ␛\\[31mRood \ufffd2J \ufffdgnp.exe"),  # Markdown: visible, escaped
    ],
)
def test_text_output_shows_placeholders(hostile_db: tuple[Path, int], args: list[str], shown: str) -> None:
    db, assessment = hostile_db
    result = cli(db, *(a.replace("{id}", str(assessment)) for a in args))
    assert result.exit_code == 0, result.output
    assert_no_raw(result.output)
    assert shown in result.output


@pytest.mark.parametrize("args", [["org", "list", "--json"], ["assessment", "show", "{id}", "--json"],
                                  ["assessment", "log", "{id}", "--json"]])
def test_json_output_escapes_every_control_and_round_trips(hostile_db: tuple[Path, int], args: list[str]) -> None:
    db, assessment = hostile_db
    result = cli(db, *(a.replace("{id}", str(assessment)) for a in args))
    assert result.exit_code == 0, result.output
    assert_no_raw(result.output)
    assert "\\u001b" in result.output
    data = json.loads(result.output)
    if args[0] == "org":
        assert data[0]["name"] == NAME  # exactly what is stored: escaped, not altered
    elif args[1] == "show" and args[0] == "assessment":
        answers = {a["item"]: a for a in data["answers"]}
        assert answers["MINI-A01"]["comment"] == COMMENT and answers["MINI-A02"]["na_reason"] == REASON
        assert data["organisation"]["name"] == NAME
        assert "\\u009b" in result.output and "\\u202e" in result.output


def test_error_lines_quote_input_safely(hostile_db: tuple[Path, int], tmp_path: Path) -> None:
    db, _ = hostile_db
    refused = cli(db, "assessment", "list", "--org", f"GM{CSI}")
    assert refused.exit_code == 1
    assert refused.stderr == "weerbaar: Onbekende organisatie 'GM␛[31m'. Zie 'weerbaar org list'.\n"
    usage = cli(db, "assessment", "show", "1", f"extra{OSC8}")
    assert usage.exit_code == 2
    assert_no_raw(usage.output)
    assert "Onverwacht extra argument (extra␛]8;;http://evil.example␇klik␛]8;;␇)" in usage.output
    newline = cli(db, "assessment", "list", "--org", "GM\nweerbaar: alles in orde")
    assert newline.exit_code == 1 and newline.stderr.count("\n") == 1, "a newline cannot forge a second line"


def test_import_lines_show_file_names_and_reasons_safely(hostile_db: tuple[Path, int], tmp_path: Path) -> None:
    db, _ = hostile_db
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    (folder / f"bundel{CSI}.json").write_text('{"format": "' + OSC8 + '"}', encoding="utf-8")
    result = cli(db, "import", str(folder))
    assert result.exit_code == 1
    assert_no_raw(result.output)
    assert "bundel␛[31m.json" in result.stdout
    assert result.stderr.startswith("weerbaar: 1 van 1 bestand geweigerd")


def test_validate_shows_a_hostile_file_name_safely(tmp_path: Path) -> None:
    broken = tmp_path / f"kapot{CSI}.yaml"
    broken.write_text("id: [niet goed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["checklist", "validate", str(broken)])
    assert result.exit_code == 1
    assert_no_raw(result.output)
    assert "kapot␛[31m.yaml" in result.stderr


# -- the terminal interface -----------------------------------------------------------------------

MARKUP_NAME = f"[bold red]Rood[/] {CSI}X{C1} {RLO}"
MARKUP_COMMENT = f"{OSC8} [link=http://evil.example]hier[/link]"


def screen_text(app) -> str:  # noqa: ANN001
    """What every widget of the current screen draws (and the whole screen as an SVG), for searching."""
    from textual.geometry import Region

    parts = [app.export_screenshot()]
    for widget in app.screen.query("*"):
        if not widget.region.width or not widget.region.height:
            continue
        lines = widget.render_lines(Region(0, 0, widget.region.width, widget.region.height))
        parts.append("\n".join("".join(segment.text for segment in strip) for strip in lines))
    return "\n".join(parts)


async def test_the_interface_shows_user_text_literally_and_safely(tui_store: Store) -> None:
    from tui_helpers import CHECKLIST_ID, make_app, wait_until

    from tui.screens.editor import EditorScreen
    from tui.screens.export import ExportDialog
    from tui.screens.result import ResultScreen
    from tui.screens.start import StartScreen

    store = tui_store
    store.upsert_organisation("GM9999", MARKUP_NAME, "gemeente")
    store.set_setting("last_organisation", "GM9999")
    assessment = store.new_assessment("GM9999", CHECKLIST_ID, "2026")
    items = store.checklist(store.assessment(assessment).snapshot_id).applicable_items("gemeente")
    store.set_answer(assessment, items[0].code, level=0, comment=MARKUP_COMMENT, evidence=f"Map {CSI}OOV")
    store.set_answer(assessment, items[1].code, not_applicable=f"[i]reden[/i] {RLO}")
    store.add_action(assessment, items[0].code, f"[b]Actie[/b] {CSI}nu", "Teamleider", None)
    store.set_position(assessment, items[0].code)
    before = store.answers(assessment)[items[0].code]

    app = make_app(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen._loaded_for == "GM9999")
        await pilot.pause()
        shown = screen_text(app)
        assert_no_raw(shown)
        assert "[bold red]Rood[/] ␛[31mX\ufffd2J \ufffdgnp.exe" in shown  # the name as typed, markup and all

        await pilot.press("enter", "x")  # to the assessments; the export dialog names the organisation
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.pause()
        shown = screen_text(app)
        assert_no_raw(shown)
        assert "[bold red]Rood[/] ␛[31mX" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))

        app.open_assessment(assessment)
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.ready)
        await pilot.pause()
        shown = screen_text(app)
        assert_no_raw(shown)
        assert "␛]8;;http://evil.example␇klik␛]8;;␇ [link=http://evil.example]hier[/link]" in shown
        assert "[b]Actie[/b] ␛[31mnu" in shown
        assert "Map ␛[31mOOV" in shown
        await pilot.press("down")
        await wait_until(pilot, lambda: app.screen.current == items[1].code)
        await pilot.pause()
        shown = screen_text(app)
        assert_no_raw(shown)
        assert "[i]reden[/i] \ufffdgnp.exe" in shown

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.data is not None)
        await pilot.pause()
        shown = screen_text(app)
        assert_no_raw(shown)
        assert "[bold red]Rood[/] ␛[31mX" in shown and "[b]Actie[/b] ␛[31mnu" in shown

        app.show_message(f"Fout over {CSI}x", error=True)
        assert app.last_message == "Fout over ␛[31mx"

    # Looking at a text never rewrites it: the stored comment is still exactly what was written.
    assert store.answers(assessment)[items[0].code] == before


async def test_brackets_typed_in_the_filter_are_text_not_markup(tui_store: Store) -> None:
    from tui_helpers import make_app, type_text, wait_until

    from tui.screens.start import StartScreen

    app = make_app(tui_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.organisations)
        await type_text(pilot, "[/b]x[")  # markup that would not even parse
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "[/b]x[" in screen_text(app)
