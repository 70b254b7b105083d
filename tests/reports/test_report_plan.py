"""The own report includes the action plan (as it stands after finalising) and the documents annex."""

from __future__ import annotations

from pathlib import Path

from conftest import fixed_clock

from norm.checklist import load_checklist_file
from norm.store import Store
from reports.builders.org import build_org_report

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_the_own_report_has_the_plan_and_the_documents(tmp_path: Path) -> None:
    with Store(tmp_path / "r.db", actor="tester", clock=fixed_clock) as store:
        store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        first = store.new_assessment("GM0344", "mini-norm", "2025")
        for code, level in (("MINI-A01", 2), ("MINI-A02", 1), ("MINI-B01", 3)):
            store.set_answer(first, code, level=level)
        store.set_answer(first, "MINI-B02", not_applicable="Geen parken")
        late = store.add_action(first, "MINI-A02", "Meldpunt inrichten", "OOV", "2026-03-31")
        store.add_action(first, "MINI-A01", "Training <script>", "HR", "2027-01-31")
        store.add_attachment(first, "MINI-A02", "besluit.pdf", b"%PDF-1.4")
        store.finalise(first)
        store.update_plan(late, note="Wacht op budget")
        document = build_org_report(store, first)
        sections = {section.id: section for section in document.sections}
        plan = next(block for block in sections["actieplan"].blocks if hasattr(block, "rows"))
        rows = {row[1].value: [cell.value for cell in row] for row in plan.rows}
        assert rows["MINI-A02"][5] == "open (te laat)" and rows["MINI-A02"][6] == "Wacht op budget"
        assert rows["MINI-A01"][5] == "open"
        annex = next(block for block in sections["documenten"].blocks if hasattr(block, "rows"))
        [row] = annex.rows
        assert row[1].value == "besluit.pdf" and len(row[3].value) == 64
        from reports import render  # noqa: PLC0415

        html = render(document, "html").decode("utf-8")
        assert "Training &lt;script&gt;" in html and "Training <script>" not in html
        markdown = render(document, "md").decode("utf-8")
        assert "Actieplan" in markdown and "besluit.pdf" in markdown
