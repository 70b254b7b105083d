"""The own report names the answers taken over from another checklist ("Ook beantwoord via …"), in
every output format."""

from __future__ import annotations

from pathlib import Path

from reports_support import shown_text

from checklists import install_builtins
from norm.store import Store
from reports import OUTPUT_FORMATS, ReportError, build_report, render


def test_the_own_report_lists_what_was_taken_over_in_every_format(tmp_path: Path) -> None:
    with Store(tmp_path / "r.db", actor="tester") as store:
        install_builtins(store)
        norm = store.new_assessment("GM0344", "utrechtse-weerbaarheidsnorm", "2026")
        scan = store.new_assessment("GM0344", "weerbaarheidsscan", "2026")
        store.set_answer(norm, "UWN-B04", level=2)
        store.set_answer(norm, "UWN-B05", level=1)
        document = build_report(store, "org", ids=[scan])
        titles = [section.title for section in document.sections]
        assert "Ook beantwoord via Utrechtse Weerbaarheidsnorm" in titles
        for fmt in OUTPUT_FORMATS:
            try:
                data = render(document, fmt.id)
            except ReportError:
                continue  # a format that cannot be made here (PDF without its library) says so
            if fmt.id == "pdf":
                assert data.startswith(b"%PDF")
                continue
            shown = shown_text(fmt.id, data)
            assert "WBS-HRM01" in shown and "UWN-B04" in shown, fmt.id
            assert "deels (controleren), nog te bevestigen" in shown, fmt.id
        # The norm's own report has nothing taken over: no such section.
        assert not any(s.title.startswith("Ook beantwoord") for s in build_report(store, "org", ids=[norm]).sections)
