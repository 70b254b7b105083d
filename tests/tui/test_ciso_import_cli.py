"""``weerbaar checklist import FILE --from ciso-assistant``: to a YAML file, into the database, refused."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from norm.store import Store
from tui.cli import main

CISO = Path(__file__).parents[1] / "fixtures" / "ciso"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_import_writes_a_checklist_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "bio2.yaml"
    result = run("checklist", "import", str(CISO / "bio2-mini.yaml"), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"checklist geschreven: {out} (bio2-mini 3, 4 maatregelen)" in result.stdout
    assert "let op: implementatiegroepen staan in de toelichting" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Omgezet met 'weerbaar checklist import --from ciso-assistant'")
    data = yaml.safe_load(text)
    assert list(data)[:4] == ["id", "version", "title", "description"]
    assert data["themes"][0]["items"][0]["code"] == "BIO2-MINI-5-1-1"

    result = run("checklist", "validate", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: in orde (bio2-mini 3, 4 maatregelen)\n"


def test_import_options_reach_the_checklist(tmp_path: Path) -> None:
    out = tmp_path / "csf.yaml"
    result = run(
        "checklist", "import", str(CISO / "csf-mini.yaml"), "--from", "ciso-assistant", "-o", str(out),
        "--applies-to", "provincie,gemeente", "--applies-to", "waterschap", "--target", "3", "--status", "concept",
    )
    assert result.exit_code == 0, result.output
    assert "let op: het framework heeft geen scores_definition" in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["status"] == "concept"
    items = [item for theme in data["themes"] for item in theme["items"]]
    assert {tuple(item["applies_to"]) for item in items} == {("provincie", "gemeente", "waterschap")}
    assert {item["target"] for item in items} == {3}


def test_import_into_the_database_then_assess(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    args = ("--db", str(db), "checklist", "import", str(CISO / "bio2-mini.yaml"), "--from", "ciso-assistant")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "checklist geladen: bio2-mini 3 (4 maatregelen, snapshot 1)" in result.stdout
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "checklist al aanwezig: bio2-mini 3" in result.stdout

    result = run("--db", str(db), "checklist", "list")
    assert "bio2-mini" in result.stdout and "4 maatregelen" in result.stdout

    from norm.store import Store

    with Store(db, actor="tester") as store:
        store.upsert_organisation("PV26", "Provincie Utrecht", "provincie")
        assessment = store.new_assessment("PV26", "bio2-mini", "2026")
        for code in ("BIO2-MINI-5-1-1", "BIO2-MINI-5-1-2", "BIO2-MINI-5-2-1", "BIO2-MINI-6-3-1"):
            store.set_answer(assessment, code, level=2)
        score = store.score(assessment)
        assert score.completeness == 1.0 and score.answered == 4


def test_a_mapping_library_is_written_as_a_mapping_file(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    library = CISO / "mapping-bio2-mini-to-csf-mini.yaml"
    out = tmp_path / "koppeling.yaml"
    # A mapping set names frameworks, not versions: unknown frameworks are refused, nothing written.
    result = run("--db", str(db), "checklist", "import", str(library), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 1
    assert "de versie van checklist 'bio2-mini' is onbekend" in result.output
    assert not out.exists()

    for framework in ("bio2-mini.yaml", "csf-mini.yaml"):
        loaded = run("--db", str(db), "checklist", "import", str(CISO / framework), "--from", "ciso-assistant")
        assert loaded.exit_code == 0, loaded.output
    result = run("--db", str(db), "checklist", "import", str(library), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"koppelingen geschreven: {out} (4 paren)" in result.stdout
    assert "not_related weggelaten" in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["kind"] == "mapping" and data["id"] == "bio2-mini-naar-csf-mini"
    assert (data["source"], data["target"]) == ({"checklist": "bio2-mini", "version": "3"},
                                                {"checklist": "csf-mini", "version": "1"})
    validated = run("--db", str(db), "checklist", "validate", str(out))
    assert validated.exit_code == 0 and "in orde (koppeling bio2-mini-naar-csf-mini" in validated.output

    # Without -o the mapping goes into the database, checked against both checklists.
    result = run("--db", str(db), "checklist", "import", str(library), "--from", "ciso-assistant")
    assert result.exit_code == 0, result.output
    assert "koppeling geladen: bio2-mini-naar-csf-mini" in result.stdout
    with Store(db) as store:
        assert [m.mapping_id for m in store.stored_mappings()] == ["bio2-mini-naar-csf-mini"]


def test_mapping_sets_of_a_framework_library_go_beside_the_checklist(tmp_path: Path) -> None:
    library = yaml.safe_load((CISO / "bio2-mini.yaml").read_text(encoding="utf-8"))
    mappings = yaml.safe_load((CISO / "mapping-bio2-mini-to-csf-mini.yaml").read_text(encoding="utf-8"))
    library["objects"]["requirement_mapping_sets"] = mappings["objects"]["requirement_mapping_sets"]
    source = tmp_path / "bio2-met-koppelingen.yaml"
    source.write_text(yaml.safe_dump(library, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "uit" / "bio2.yaml"
    out.parent.mkdir()
    db = tmp_path / "w.db"
    assert run("--db", str(db), "checklist", "import", str(CISO / "csf-mini.yaml"), "--from",
               "ciso-assistant").exit_code == 0  # the other end of the mapping set must be known
    result = run("--db", str(db), "checklist", "import", str(source), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 0, result.output
    mapping = out.parent / "bio2-mini-naar-csf-mini.mapping.yaml"
    assert sorted(p.name for p in out.parent.iterdir()) == ["bio2-mini-naar-csf-mini.mapping.yaml", "bio2.yaml"]
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    assert data["source"] == {"checklist": "bio2-mini", "version": "3"}
    assert data["target"] == {"checklist": "csf-mini", "version": "1"}


def test_what_cannot_be_converted_is_refused_in_dutch(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    not_a_library = CISO.parent / "mini.yaml"
    result = run("checklist", "import", str(not_a_library), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{not_a_library} is niet omgezet:\n"
        f"  {not_a_library}: dit is geen CISO Assistant-bibliotheek (geen 'objects')\n"
    )
    assert not out.exists()

    hostile = tmp_path / "evil.yaml"
    hostile.write_text("objects: !!python/object/apply:os.system ['echo owned']\n", encoding="utf-8")
    result = run("checklist", "import", str(hostile), "--from", "ciso-assistant", "-o", str(out))
    assert result.exit_code == 1
    assert "niet-toegestane YAML-tag geweigerd" in result.stderr
    assert "owned" not in result.stdout
    assert not out.exists()

    result = run("checklist", "import", str(CISO / "csf-mini.yaml"), "--from", "ciso-assistant", "-o", str(out),
                 "--applies-to", "politie")
    assert result.exit_code == 1
    assert "onbekend organisatietype 'politie'" in result.output
    assert not out.exists()

    result = run("checklist", "import", str(CISO / "csf-mini.yaml"), "--from", "excel", "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()
