"""The own report's section "U tegenover de provincie en uw vergelijkingsgroep" from an imported benchmark."""

from __future__ import annotations

from pathlib import Path

from reports_support import ORGANISATIONS, make_store, md_tables, submit

from norm.aggregate import load_shared
from norm.benchmark import export_benchmark, import_benchmark
from norm.disclosure.release import new_release
from norm.signing import fingerprint, generate_key, public_key_line
from reports import build_report, render

GEMEENTEN = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]
TITLE = "U tegenover de provincie en uw vergelijkingsgroep"


def test_the_own_report_shows_the_province_and_the_peer_group(tmp_path: Path) -> None:
    with make_store(tmp_path / "provincie.db") as province:
        for index, code in enumerate(GEMEENTEN):
            submit(province, code, "2026", "geaggregeerd", default=index % 4)
        new_release(province, "testnorm", "2026")
        key = generate_key()
        data = export_benchmark(province, "testnorm", "2026", "PV99", key)
        themes = {t.code: t.stat for t in load_shared(province, "testnorm", periods=["2026"]).themes("2026")}
    with make_store(tmp_path / "gemeente.db") as store:
        own = submit(store, "GM0001", "2026", "intern", default=3)
        without = render(build_report(store, "org", ids=[own]), "md").decode("utf-8")
        assert TITLE not in without  # no benchmark imported: no section
        store.trust_key("PV99", public_key_line(key.public_key()), fingerprint(key.public_key()))
        import_benchmark(store, data)
        markdown = render(build_report(store, "org", ids=[own]), "md").decode("utf-8")
    assert TITLE in markdown
    assert "benchmark van PV99" in markdown and "22 november 2026" in markdown
    table = next(rows for title, rows in md_tables(markdown).items() if "mediaan van de provincie" in title)
    body = [row for row in table if row and row[0] not in ("Code", "")]
    shown = [code for code, stat in themes.items() if stat.shown]
    assert shown and all(any(row[0] == code and f"(n={themes[code].n})" in " ".join(row) for row in body)
                         for code in shown)
    assert any(row[0] == "Totaal" for row in body)
    # No other organisation's name appears in the section.
    section = markdown[markdown.index(TITLE):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    for code, name, *_ in ORGANISATIONS:
        if code != "GM0001":
            assert name not in section
