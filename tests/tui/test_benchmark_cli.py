"""``weerbaar benchmark export/import`` as the province and a municipality use it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from reports_support import ORGANISATIONS, make_store, submit

from norm.disclosure.release import new_release
from tui.cli import main

GEMEENTEN_CODES = [code for code, _, org_type, _, _ in ORGANISATIONS if org_type == "gemeente"]


def cli(db: Path, keys: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], env={"WEERBAAR_KEYS": str(keys)},
                              catch_exceptions=False)


def test_export_trust_import_and_refusals(tmp_path: Path) -> None:
    province_db, municipality_db = tmp_path / "provincie.db", tmp_path / "gemeente.db"
    province_keys, other_keys = tmp_path / "provincie-sleutels", tmp_path / "andere-sleutels"
    with make_store(province_db) as store:
        for index, code in enumerate(GEMEENTEN_CODES):
            submit(store, code, "2026", "geaggregeerd", default=index % 4)
        new_release(store, "testnorm", "2026")
    make_store(municipality_db).close()
    assert cli(province_db, province_keys, "keys", "new", "--org", "PV99").exit_code == 0
    assert cli(province_db, other_keys, "keys", "new", "--org", "PV99").exit_code == 0
    file = tmp_path / "benchmark.json"
    made = cli(province_db, province_keys, "benchmark", "export", "--checklist", "testnorm", "--period", "2026",
               "--issuer", "PV99", "-o", str(file))
    assert made.exit_code == 0, made.output
    assert "weerbaar benchmark import benchmark.json" in made.stdout
    before = municipality_db.read_bytes()
    refused = cli(municipality_db, province_keys, "benchmark", "import", str(file))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "niet vertrouwd" in refused.stderr and "weerbaar keys trust PV99" in refused.stderr
    assert municipality_db.read_bytes() == before
    shown = json.loads(cli(province_db, province_keys, "keys", "show", "--json").stdout)
    public = tmp_path / "provincie.pub"
    public.write_text((province_keys / "weerbaar.pub").read_text())
    trusted = cli(municipality_db, other_keys, "keys", "trust", "PV99", str(public),
                  "--fingerprint", shown["fingerprint"])
    assert trusted.exit_code == 0, trusted.output
    done = cli(municipality_db, other_keys, "benchmark", "import", str(file), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["new"] is True
    again = cli(municipality_db, other_keys, "benchmark", "import", str(file))
    assert again.exit_code == 0 and "al ingelezen" in again.stdout
    # The other key of "PV99" is not the trusted one: refused, with one line.
    forged = tmp_path / "vervalst.json"
    assert cli(province_db, other_keys, "benchmark", "export", "--checklist", "testnorm", "--period", "2026",
               "--issuer", "PV99", "-o", str(forged)).exit_code == 0
    before = municipality_db.read_bytes()
    bad = cli(municipality_db, other_keys, "benchmark", "import", str(forged))
    assert bad.exit_code == 1 and "vervalst.json geweigerd" in bad.stderr and bad.stderr.count("\n") == 1
    assert municipality_db.read_bytes() == before


def test_export_without_a_release_says_what_to_do(tmp_path: Path) -> None:
    db, keys = tmp_path / "p.db", tmp_path / "k"
    make_store(db).close()
    assert cli(db, keys, "keys", "new", "--org", "PV99").exit_code == 0
    result = cli(db, keys, "benchmark", "export", "--checklist", "testnorm", "--period", "2026", "--issuer",
                 "PV99", "-o", str(tmp_path / "b.json"))
    assert result.exit_code == 1 and "weerbaar release new" in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_a_hostile_issuer_stays_on_one_harmless_line(tmp_path: Path) -> None:
    from norm.signing import generate_key, sign_document

    db = tmp_path / "g.db"
    make_store(db).close()
    payload = {"kind": "weerbaar-benchmark", "format": 1, "issuer": "PV99\n\x1b[2JGewist",
               "checklist": {"id": "testnorm", "version": "1", "content_hash": "0" * 64}, "period": "2026",
               "release": {"created_at": "2026-11-22T10:00:00Z"},
               "groups": [{"key": "all", "label": "x", "raw_groups": [], "themes": {}, "items": {},
                           "overall": {"n": 5, "median": 0.5, "q1": 0.2, "q3": 0.7, "meeting": 2}}]}
    file = tmp_path / "boos.json"
    file.write_text(json.dumps(sign_document(payload, generate_key())))
    before = db.read_bytes()
    result = cli(db, tmp_path / "k", "benchmark", "import", str(file))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert db.read_bytes() == before
