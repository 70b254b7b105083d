"""The trusted exchange on the command line, tried as a new user would: keys, the register, encrypted
signed exports, a folder of 26 submissions in one command, the register shared with the RIEC, rotation."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from bundle_support import MINI, Clock, assessment, db_bytes
from click.testing import CliRunner

from checklists import load_reference_organisations
from norm import signing
from norm.checklist import load_checklist_file
from norm.store import Store
from tui.cli import main


def cli(db: Path, keys: Path, *args: str, passphrase: str | None = None):
    env = {"WEERBAAR_KEYS": str(keys)}
    if passphrase is not None:
        env["WEERBAAR_PASSPHRASE"] = passphrase
    return CliRunner().invoke(main, ["--db", str(db), *args], env=env, catch_exceptions=False)


def new_key(keys: Path, org: str, db: Path) -> str:
    result = cli(db, keys, "keys", "new", "--org", org)
    assert result.exit_code == 0, result.output
    shown = json.loads(cli(db, keys, "keys", "show", "--json").stdout)
    assert shown["fingerprint"] in result.output
    return str(shown["fingerprint"])


@pytest.fixture
def province(tmp_path: Path) -> Path:
    path = tmp_path / "provincie.db"
    with Store(path, actor="Provincie") as store:
        store.add_checklist(load_checklist_file(MINI))
        for org in load_reference_organisations():
            store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
    return path


def test_keys_new_show_and_the_key_file(tmp_path: Path) -> None:
    keys, db = tmp_path / "sleutels", tmp_path / "x.db"
    fingerprint = new_key(keys, "GM0344", db)
    assert stat.S_IMODE((keys / "weerbaar.key").stat().st_mode) == 0o600
    assert (keys / "weerbaar.pub").read_text().startswith("ssh-ed25519 ")
    assert len(fingerprint) == 24
    again = cli(db, keys, "keys", "new")
    assert again.exit_code == 1 and "er is al een eigen sleutel" in again.stderr
    protected = tmp_path / "beveiligd"
    made = cli(db, protected, "keys", "new", "--passphrase", passphrase="correct paard")
    assert made.exit_code == 0 and b"ENCRYPTED" in (protected / "weerbaar.key").read_bytes()
    wrong = cli(db, protected, "keys", "show", passphrase="fout")
    assert wrong.exit_code == 1 and "wachtwoordzin" in wrong.stderr and wrong.stderr.count("\n") == 1
    assert cli(db, protected, "keys", "show", passphrase="correct paard").exit_code == 0
    missing = cli(db, tmp_path / "niets", "keys", "show")
    assert missing.exit_code == 1 and "weerbaar keys new" in missing.stderr


def test_trust_refuses_a_fingerprint_that_does_not_match(tmp_path: Path, province: Path) -> None:
    keys = tmp_path / "utrecht"
    fingerprint = new_key(keys, "GM0344", tmp_path / "u.db")
    before = db_bytes(province)
    wrong = cli(province, tmp_path / "p", "keys", "trust", "GM0344", str(keys / "weerbaar.pub"),
                "--fingerprint", "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong.exit_code == 1 and "de vingerafdruk klopt niet" in wrong.stderr
    assert db_bytes(province) == before
    unknown = cli(province, tmp_path / "p", "keys", "trust", "GM9999", str(keys / "weerbaar.pub"),
                  "--fingerprint", fingerprint)
    assert unknown.exit_code == 1 and "staat niet in deze database" in unknown.stderr
    private = cli(province, tmp_path / "p", "keys", "trust", "GM0344", str(keys / "weerbaar.key"),
                  "--fingerprint", fingerprint)
    assert private.exit_code == 1 and "geheime sleutel" in private.stderr
    ok = cli(province, tmp_path / "p", "keys", "trust", "GM0344", str(keys / "weerbaar.pub"),
             "--fingerprint", fingerprint.lower().replace("-", " "))
    assert ok.exit_code == 0, ok.output
    listed = json.loads(cli(province, tmp_path / "p", "keys", "list", "--json").stdout)
    assert [(k["organisation"], k["fingerprint"], k["status"]) for k in listed["keys"]] == [
        ("GM0344", fingerprint, "vertrouwd")]
    assert cli(province, tmp_path / "p", "keys", "revoke", "GM0344").exit_code == 0
    listed = json.loads(cli(province, tmp_path / "p", "keys", "list", "--json").stdout)
    assert listed["keys"][0]["status"] == "ingetrokken"


def test_a_province_collects_26_encrypted_signed_submissions_in_one_command(tmp_path: Path, province: Path) -> None:
    """The new user's journey: keys, fingerprints compared, encrypted signed exports, one import, the round."""
    municipalities = [o for o in load_reference_organisations() if o.type == "gemeente"]
    assert len(municipalities) == 26
    province_keys = tmp_path / "sleutels-provincie"
    province_print = new_key(province_keys, "PV26", province)
    source = tmp_path / "gemeenten.db"
    with Store(source, actor="ambtenaar", clock=Clock("2026-03-01T09:00:00Z")) as store:
        store.add_checklist(load_checklist_file(MINI))
        store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
        for index, org in enumerate(municipalities):
            store.upsert_organisation(org.code, org.name, org.type, org.attributes, reference=True)
            levels = {code: (index + n) % 4 for n, code in enumerate(("MINI-A01", "MINI-A02", "MINI-B01",
                                                                       "MINI-B02"))}
            assessment(store, org.code, levels=levels)
    # Each municipality trusts the province as its receiver (after comparing the fingerprint) once.
    trusted = cli(source, tmp_path / "x", "keys", "trust", "PV26", str(province_keys / "weerbaar.pub"),
                  "--fingerprint", province_print, "--receiver")
    assert trusted.exit_code == 0 and "versleuteld" in trusted.output
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    prints = {}
    for index, org in enumerate(municipalities):
        keys = tmp_path / f"sleutels-{org.code}"
        prints[org.code] = new_key(keys, org.code, source)
        # The province trusts the municipality's key after comparing the fingerprint by phone.
        added = cli(province, province_keys, "keys", "trust", org.code, str(keys / "weerbaar.pub"),
                    "--fingerprint", prints[org.code])
        assert added.exit_code == 0, added.output
        out = folder / f"{org.code}.age"
        exported = cli(source, keys, "export", str(index + 1), "-o", str(out), "--sharing", "benoemd")
        assert exported.exit_code == 0, exported.output
        assert "versleuteld voor PV26" in exported.output
        sealed = out.read_bytes()
        assert signing.is_encrypted(sealed) and org.name.encode() not in sealed
    imported = cli(province, province_keys, "import", str(folder))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.splitlines()[-1] == "26 bestanden: 26 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd."
    # Without the province's key the files cannot be read at all.
    elsewhere = tmp_path / "ander.db"
    with Store(elsewhere) as store:
        store.add_checklist(load_checklist_file(MINI))
    blind = cli(elsewhere, tmp_path / "geen-sleutel", "import", str(folder / "GM0344.age"))
    assert blind.exit_code == 1 and "versleuteld" in blind.output
    state = json.loads(cli(province, province_keys, "collect", "--checklist", "mini-norm", "--period", "2026",
                           "--type", "gemeente", "--json").stdout)
    assert (state["expected"], state["submitted"], state["counted"]) == (26, 26, 26)
    assert {row["code"]: row["signed_by"] for row in state["rows"]} == prints
    table = cli(province, province_keys, "collect", "--checklist", "mini-norm", "--period", "2026").stdout
    assert "Ondertekend door" in table and prints["GM0344"] in table


def test_the_register_travels_signed_to_the_riec(tmp_path: Path, province: Path) -> None:
    utrecht_keys, province_keys = tmp_path / "utrecht", tmp_path / "provincie"
    utrecht_print = new_key(utrecht_keys, "GM0344", province)
    province_print = new_key(province_keys, "PV26", province)
    cli(province, province_keys, "keys", "trust", "GM0344", str(utrecht_keys / "weerbaar.pub"),
        "--fingerprint", utrecht_print)
    register = tmp_path / "register.json"
    assert cli(province, province_keys, "keys", "export-register", "-o", str(register)).exit_code == 0
    riec = tmp_path / "riec.db"
    with Store(riec) as store:
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
    riec_keys = tmp_path / "riec-sleutels"
    wrong = cli(riec, riec_keys, "keys", "import-register", str(register), "--fingerprint", utrecht_print)
    assert wrong.exit_code == 1 and "niets overgenomen" in wrong.stderr
    data = json.loads(register.read_text())
    data["payload"]["keys"][0]["organisation"] = "GM0307"
    tampered = tmp_path / "vervalst.json"
    tampered.write_text(json.dumps(data))
    forged = cli(riec, riec_keys, "keys", "import-register", str(tampered), "--fingerprint", province_print)
    assert forged.exit_code == 1 and "handtekening klopt niet" in forged.stderr
    ok = cli(riec, riec_keys, "keys", "import-register", str(register), "--fingerprint", province_print)
    assert ok.exit_code == 0 and "1 sleutel nieuw vertrouwd" in ok.output
    with Store(riec) as store:
        [entry] = store.register_keys()
        assert (entry.organisation_code, entry.fingerprint, entry.status) == ("GM0344", utrecht_print, "vertrouwd")


def test_rotation_on_the_command_line(tmp_path: Path, province: Path) -> None:
    keys = tmp_path / "utrecht"
    source = tmp_path / "gemeente.db"
    with Store(source, actor="ambtenaar", clock=Clock("2026-03-01T09:00:00Z")) as store:
        store.add_checklist(load_checklist_file(MINI))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        assessment(store)
    old_print = new_key(keys, "GM0344", source)
    cli(province, tmp_path / "p", "keys", "trust", "GM0344", str(keys / "weerbaar.pub"), "--fingerprint", old_print)
    assert cli(source, keys, "keys", "rotate").exit_code == 0
    first = cli(source, keys, "export", "1", "-o", str(tmp_path / "a.json"), "--sharing", "benoemd")
    assert first.exit_code == 0 and "kondigt de nieuwe sleutel aan" in first.output
    assert cli(source, keys, "keys", "rotate", "--voltooi").exit_code == 0
    new_print = json.loads(cli(source, keys, "keys", "show", "--json").stdout)["fingerprint"]
    assert new_print != old_print
    cli(source, keys, "export", "1", "-o", str(tmp_path / "b.json"))
    result = cli(province, tmp_path / "p", "import", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert result.exit_code == 0, result.output
    assert "nieuw" in result.output and "bijgewerkt" in result.output
    listed = json.loads(cli(province, tmp_path / "p", "keys", "list", "--json").stdout)["keys"]
    assert {(k["fingerprint"], k["status"]) for k in listed} == {(old_print, "vervangen"), (new_print, "vertrouwd")}
