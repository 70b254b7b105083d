"""The exchange on the command line: export, import (table, exit status) and the collection round."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bundle_support import MINI, Clock, assessment, dump, install_key, key_of, new_store, trust_key
from click.testing import CliRunner
from openpyxl import load_workbook

from checklists import load_reference_organisations
from norm.checklist import load_checklist_file
from norm.store import Store
from tui.cli import main


def cli(db: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--db", str(db)], catch_exceptions=False)


@pytest.fixture(autouse=True)
def own_key() -> Path:
    """The sender's own key in the test key folder (WEERBAAR_KEYS)."""
    return install_key("GM0344")


@pytest.fixture
def municipality(tmp_path: Path) -> Path:
    path = tmp_path / "gemeente.db"
    with new_store(path, clock=Clock("2026-03-01T09:00:00Z")) as store:
        assessment(store)  # id 1, definitief, intern
        assessment(store, "GM0307", finalise=False)  # id 2, concept
    return path


@pytest.fixture
def province(tmp_path: Path) -> Path:
    path = tmp_path / "provincie.db"
    with Store(path, actor="Provincie") as store:
        store.add_checklist(load_checklist_file(MINI))
        for org in load_reference_organisations():
            store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
        trust_key(store, ["GM0344", "GM0307"], key_of("GM0344"))
    return path


def test_export_refuses_intern_with_one_line_and_records_the_level_named(municipality, tmp_path) -> None:
    out = tmp_path / "utrecht.json"
    refused = cli(municipality, "export", "1", "-o", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert refused.stderr.count("\n") == 1 and "intern" in refused.stderr and "Traceback" not in refused.stderr
    done = cli(municipality, "export", "1", "-o", str(out), "--sharing", "benoemd", "--scrub")
    assert done.exit_code == 0, done.output
    assert "deelniveau: benoemd (nu vastgelegd op de beoordeling)" in done.output
    assert "zonder toelichting, bewijs, namen en acties" in done.output
    assert "ondertekend met sleutel" in done.output and "niet versleuteld" in done.output
    data = json.loads(out.read_text(encoding="utf-8"))["payload"]
    assert (data["sharing"], data["scrubbed"]) == ("benoemd", True)
    shown = json.loads(cli(municipality, "assessment", "show", "1", "--json").output)
    assert shown["sharing"] == "benoemd"


def test_export_of_a_concept_warns(municipality, tmp_path) -> None:
    result = cli(municipality, "export", "2", "-o", str(tmp_path / "c.json"), "--sharing", "geaggregeerd")
    assert result.exit_code == 0 and "Let op: dit is een concept" in result.output


def test_export_usage_errors(municipality, tmp_path) -> None:
    assert cli(municipality, "export", "1").exit_code == 2  # -o is required
    assert cli(municipality, "export", "1", "-o", "x.json", "--sharing", "iedereen").exit_code == 2
    wrong = cli(municipality, "export", "1", "-o", str(tmp_path / "x.xlsx"), "--scrub")
    assert wrong.exit_code == 1 and "antwoordblad" in wrong.stderr
    missing = cli(municipality, "export", "99", "-o", str(tmp_path / "x.json"), "--sharing", "benoemd")
    assert missing.exit_code == 1 and "Onbekende beoordeling 99" in missing.stderr
    both = cli(municipality, "export", "1", "-o", str(tmp_path / "x.json"), "--to", "PV26", "--no-encrypt")
    assert both.exit_code == 1 and "sluiten elkaar uit" in both.stderr


def test_import_prints_a_table_and_exits_1_when_a_file_is_refused(municipality, province, tmp_path) -> None:
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    assert cli(municipality, "export", "1", "-o", str(folder / "utrecht.json"), "--sharing", "benoemd").exit_code == 0
    good = cli(province, "import", str(folder))
    assert good.exit_code == 0, good.output
    lines = good.stdout.splitlines()
    assert lines[0].split() == ["Uitkomst", "Bestand", "Organisatie", "Periode", "Status", "Deelniveau"]
    assert lines[1].split()[:2] == ["nieuw", str(folder / "utrecht.json")]
    assert "Utrecht (GM0344)" in lines[1] and "definitief" in lines[1] and "benoemd" in lines[1]
    assert lines[-1] == "1 bestand: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd."

    (folder / "kapot.json").write_text('{"format": "weerbaar-inzending"', encoding="utf-8")
    before = dump(province)
    mixed = cli(province, "import", str(folder))
    assert mixed.exit_code == 1
    assert "→ geen geldige JSON" in mixed.output and "ongewijzigd" in mixed.output
    assert mixed.stderr.strip() == "weerbaar: 1 van 2 bestanden geweigerd; zie de redenen hierboven"
    assert dump(province) == before


def test_import_json_output(municipality, province, tmp_path) -> None:
    cli(municipality, "export", "1", "-o", str(tmp_path / "u.json"), "--sharing", "geaggregeerd")
    result = cli(province, "import", str(tmp_path / "u.json"), str(tmp_path / "weg.json"), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["counts"] == {"nieuw": 1, "bijgewerkt": 0, "ongewijzigd": 0, "geweigerd": 1}
    assert data["files"][0] | {"assessment_id": None} == {
        "file": str(tmp_path / "u.json"), "outcome": "nieuw",
        "reason": "", "organisation": "GM0344",
        "organisation_name": "Utrecht", "checklist": "mini-norm 1.0", "period": "2026", "status": "definitief",
        "sharing": "geaggregeerd", "assessment_id": None, "sequence": 1,
        "fingerprint": data["files"][0]["fingerprint"]}
    assert data["files"][1]["reason"] == "bestand of map bestaat niet"


def test_answer_sheet_round_trip_on_the_command_line(municipality, tmp_path) -> None:
    sheet_path = tmp_path / "antwoorden.xlsx"
    exported = cli(municipality, "export", "2", "--format", "xlsx", "-o", str(sheet_path))
    assert exported.exit_code == 0 and "4 maatregelen" in exported.output
    book = load_workbook(sheet_path)
    book["Antwoorden"]["F8"] = "3 – Geborgd"
    book["Antwoorden"]["F37"] = 5  # a stray level far below the table
    book["Antwoorden"]["A37"] = "MINI-A02"
    book.save(sheet_path)
    before = dump(municipality)
    refused = cli(municipality, "import", str(sheet_path), "--assessment", "2")
    assert refused.exit_code == 1
    assert "geweigerd" in refused.output
    assert "→ rij 37: niveau 5 ligt niet op de schaal (0, 1, 2, 3)" in refused.output
    assert "→ rij 37: maatregel MINI-A02 staat ook al op rij 9" in refused.output
    assert dump(municipality) == before

    book["Antwoorden"]["F37"] = None
    book["Antwoorden"]["A37"] = None
    book.save(sheet_path)
    done = cli(municipality, "import", str(sheet_path), "--assessment", "2")
    assert done.exit_code == 0 and "1 van 4 maatregelen gewijzigd" in done.output
    shown = json.loads(cli(municipality, "assessment", "show", "2", "--json").output)
    assert next(a for a in shown["answers"] if a["item"] == "MINI-A01")["level"] == 3


def test_an_ods_answer_sheet_is_read_on_the_command_line(municipality, tmp_path) -> None:
    from ods_support import Formula, workbook_as_ods

    sheet_path = tmp_path / "antwoorden.xlsx"
    cli(municipality, "export", "2", "--format", "xlsx", "-o", str(sheet_path))
    book = load_workbook(sheet_path)
    ods = tmp_path / "antwoorden.ods"
    ods.write_bytes(workbook_as_ods(book, {("Antwoorden", 8, 6): Formula("of:=1+2", 3)}))
    before = dump(municipality)
    refused = cli(municipality, "import", str(ods), "--assessment", "2")
    assert refused.exit_code == 1 and "→ rij 8, kolom Niveau: bevat een formule" in refused.output
    assert dump(municipality) == before
    ods.write_bytes(workbook_as_ods(book, {("Antwoorden", 8, 6): 3}))
    done = cli(municipality, "import", str(ods), "--assessment", "2")
    assert done.exit_code == 0 and "1 van 4 maatregelen gewijzigd" in done.output


def test_a_sheet_needs_assessment_and_assessment_needs_a_sheet(municipality, tmp_path) -> None:
    cli(municipality, "export", "2", "-o", str(tmp_path / "a.xlsx"))
    without = cli(municipality, "import", str(tmp_path / "a.xlsx"))
    assert without.exit_code == 1 and "met --assessment ID" in without.output
    json_with = cli(municipality, "import", str(tmp_path / "a.json"), "--assessment", "2")
    assert json_with.exit_code == 1 and "antwoordblad (.xlsx of .ods)" in json_with.stderr


def test_collect_on_the_command_line(municipality, province, tmp_path) -> None:
    cli(municipality, "export", "1", "-o", str(tmp_path / "u.json"), "--sharing", "benoemd")
    unknown = cli(province, "collect", "--checklist", "geen-norm", "--period", "2026")
    assert unknown.exit_code == 1 and "Onbekende checklist" in unknown.stderr
    cli(province, "import", str(tmp_path / "u.json"))
    result = cli(province, "collect", "--checklist", "mini-norm", "--period", "2026", "--type", "gemeente")
    assert result.exit_code == 0
    assert ("1 van 26 referentieorganisaties hebben een beoordeling; "
            "1 daarvan definitief en gedeeld (tellen mee).") in result.output
    assert "Ontbreekt (25): Amersfoort (GM0307)" in result.output
    as_json = json.loads(cli(province, "collect", "--checklist", "mini-norm", "--period", "2026", "--json").output)
    assert (as_json["expected"], as_json["submitted"], as_json["counted"]) == (34, 1, 1)
    row = next(r for r in as_json["rows"] if r["code"] == "GM0344")
    assert row["signed_by"] and row["sequence"] == 1 and row["signed_by"] in result.output
    assert next(r for r in as_json["rows"] if r["code"] == "GM0344")["sharing"] == "benoemd"


def test_a_province_collects_26_municipalities_in_one_command(tmp_path, province) -> None:
    """The journey of the issue: every municipality exports, the province imports the folder."""
    municipalities = [o for o in load_reference_organisations() if o.type == "gemeente"]
    assert len(municipalities) == 26
    source_path = tmp_path / "gemeenten.db"
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    with Store(province, actor="Provincie") as store:
        trust_key(store, [o.code for o in municipalities], key_of("GM0344"))
    with Store(source_path, actor="ambtenaar", clock=Clock("2026-03-01T09:00:00Z")) as source:
        source.add_checklist(load_checklist_file(MINI))
        for index, org in enumerate(municipalities):
            source.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
            levels = {code: (index + n) % 4 for n, code in enumerate(("MINI-A01", "MINI-A02", "MINI-B01",
                                                                       "MINI-B02"))}
            assessment(source, org.code, levels=levels, finalise=index % 7 != 3)
    for index, org in enumerate(municipalities):
        if index in (5, 17):
            continue  # two municipalities do not send anything
        sharing = "benoemd" if index % 2 else "geaggregeerd"
        result = cli(source_path, "export", str(index + 1), "-o", str(folder / f"{org.code}.json"),
                     "--sharing", sharing)
        assert result.exit_code == 0, result.output
    (folder / "GM0000.json").write_bytes(b"\x00\x01 geen bundel")
    imported = cli(province, "import", str(folder))
    assert imported.exit_code == 1
    assert imported.stdout.splitlines()[-1] == "25 bestanden: 24 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 geweigerd."
    again = cli(province, "import", str(folder))
    assert again.stdout.splitlines()[-1] == "25 bestanden: 0 nieuw, 0 bijgewerkt, 24 ongewijzigd, 1 geweigerd."
    state = json.loads(cli(province, "collect", "--checklist", "mini-norm", "--period", "2026", "--type",
                           "gemeente", "--json").output)
    missing = sorted(municipalities[i].code for i in (5, 17))
    concepts = [o.code for i, o in enumerate(municipalities) if i % 7 == 3 and i not in (5, 17)]
    assert state["missing"] == [r["code"] for r in state["rows"] if r["code"] in missing] and len(missing) == 2
    assert (state["expected"], state["submitted"], state["counted"]) == (26, 24, 24 - len(concepts))
    assert {r["code"] for r in state["rows"] if r["state"] == "concept"} == set(concepts)


def test_collect_without_reference_organisations_says_how_to_get_them(municipality, tmp_path) -> None:
    cli(municipality, "export", "1", "-o", str(tmp_path / "u.json"), "--sharing", "benoemd")
    empty = tmp_path / "leeg.db"
    with new_store(empty, organisations=False) as store:  # knows Utrecht, but not as a reference organisation
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        trust_key(store, ["GM0344"], key_of("GM0344"))
    assert cli(empty, "import", str(tmp_path / "u.json")).exit_code == 0
    result = cli(empty, "collect", "--checklist", "mini-norm", "--period", "2026")
    assert result.exit_code == 0
    assert "'weerbaar init' laadt ze" in result.stdout and "Utrecht *" in result.stdout


def test_collect_takes_the_organisation_types_a_checklist_declares(province: Path) -> None:
    from norm.checklist import parse_checklist

    refused = cli(province, "collect", "--checklist", "mini-norm", "--period", "2026", "--type", "om")
    assert refused.exit_code == 1
    assert "onbekend type 'om'; kies uit: gemeente, provincie, waterschap, riec, omgevingsdienst" in refused.output
    data = load_checklist_file(MINI).definition_data()
    data["version"] = "1.1"
    data["organisation_types"] = [{"code": "om", "name": "Openbaar Ministerie"}]
    data["themes"][0]["items"][0]["applies_to"] = [*data["themes"][0]["items"][0]["applies_to"], "om"]
    with Store(province, actor="Provincie") as store:
        store.add_checklist(parse_checklist(data))
        store.upsert_organisation("OM-MN", "Parket Midden-Nederland", "om", reference=True)
    state = json.loads(cli(province, "collect", "--checklist", "mini-norm", "--period", "2026", "--type", "om",
                           "--json").output)
    assert [row["code"] for row in state["rows"]] == ["OM-MN"] and state["missing"] == ["OM-MN"]


def test_export_sends_documents_only_with_attachments_and_never_scrubbed(municipality, province, tmp_path) -> None:
    with Store(municipality, actor="Ann Jansen") as store:
        store.add_attachment(2, "MINI-A01", "beleid.pdf", b"%PDF beleid")
    out = tmp_path / "amersfoort.json"
    before = dump(municipality)
    both = cli(municipality, "export", "2", "-o", str(out), "--sharing", "benoemd", "--scrub", "--attachments")
    assert both.exit_code == 1 and not out.exists()
    assert both.stderr.count("\n") == 1 and "--scrub" in both.stderr and "Traceback" not in both.stderr
    assert dump(municipality) == before
    sheet = cli(municipality, "export", "2", "-o", str(tmp_path / "x.xlsx"), "--attachments")
    assert sheet.exit_code == 1 and "antwoordblad" in sheet.stderr
    plain = cli(municipality, "export", "2", "-o", str(out), "--sharing", "benoemd")
    assert plain.exit_code == 0 and "meegestuurd" not in plain.output
    assert "attachments" not in json.loads(out.read_text(encoding="utf-8"))["payload"]["assessment"]
    chosen = cli(municipality, "export", "2", "-o", str(out), "--sharing", "benoemd", "--attachments")
    assert chosen.exit_code == 0, chosen.output
    assert "1 document meegestuurd" in chosen.output
    (document,) = json.loads(out.read_text(encoding="utf-8"))["payload"]["assessment"]["attachments"]
    assert (document["item_code"], document["name"], document["size"]) == ("MINI-A01", "beleid.pdf", 11)
    assert cli(province, "import", str(out)).exit_code == 0
    with Store(province, actor="Provincie") as store:
        (received,) = store.assessments()
        assert [store.attachment_content(a.id) for a in store.attachments(received.id)] == [b"%PDF beleid"]
