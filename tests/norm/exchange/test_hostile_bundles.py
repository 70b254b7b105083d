"""Hostile bundle files: devices, FIFOs, deep or odd JSON, unbounded fields. Each is refused at once
with a Dutch reason and changes nothing; good files beside it still import (docs/hostile-input.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bundle_support import Clock, assessment, changed, dump, new_store, signed
from hostile_support import HOSTILE_TEXT, in_child, in_thread, make_fifo, release_fifo, traced

from norm.exchange.bundle import build_bundle
from norm.exchange.importer import BundleImporter
from norm.exchange.read import BundleRefused, read_bundle, read_file
from norm.vocabulary import MAX_NAME, MAX_TEXT

QUICK = 1.0


@pytest.fixture
def source(tmp_path: Path):
    store = new_store(tmp_path / "gemeente.db", clock=Clock("2026-03-01T09:00:00Z"))
    yield store
    store.close()


@pytest.fixture
def target(tmp_path: Path):
    store = new_store(tmp_path / "provincie.db", actor="Provincie", clock=Clock("2026-04-01T12:00:00Z"))
    yield store
    store.close()


def payload(data: dict[str, Any]) -> bytes:
    """Signed with the organisation's trusted key: what is refused is the content, not the signature."""
    return signed(data)


def refused(target, data: bytes) -> str:
    """Import ``data``; assert it was refused cleanly and changed nothing; return the reason."""
    before = dump(target)
    outcome = BundleImporter(target).import_bytes(data, "vijandig.json")
    assert outcome.outcome == "geweigerd" and not outcome.unexpected, outcome
    assert dump(target) == before
    return outcome.reason


# -- devices, FIFOs, links ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "link to /dev/zero"])
def test_read_file_refuses_devices_and_fifos_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = make_fifo(tmp_path / "pijp.json")
    elif kind.startswith("link"):
        path = tmp_path / "link.json"
        path.symlink_to("/dev/zero")
    else:
        path = Path(kind)
    outcome = in_child(lambda: read_file(path))
    assert outcome.kind == "BundleRefused", outcome
    assert outcome.message.startswith("dit is geen gewoon bestand maar een ")
    assert outcome.seconds < QUICK


def test_a_fifo_given_as_import_path_is_refused_and_changes_nothing(tmp_path: Path, target) -> None:
    fifo = make_fifo(tmp_path / "pijp.json")
    before = dump(target)
    outcome = in_thread(lambda: BundleImporter(target).import_paths([fifo]), release=release_fifo(fifo))
    assert outcome.kind == "ok", outcome
    assert "'geweigerd'" in outcome.message and "named pipe (FIFO)" in outcome.message
    assert outcome.seconds < QUICK
    assert dump(target) == before


def test_a_folder_with_a_fifo_and_a_device_link_among_good_bundles(tmp_path: Path, source, target) -> None:
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    (folder / "1-utrecht.json").write_bytes(payload(build_bundle(source, assessment(source), "geaggregeerd")))
    fifo = make_fifo(folder / "2-pijp.json")
    (folder / "3-nul.json").symlink_to("/dev/zero")
    (folder / "4-amersfoort.json").write_bytes(
        payload(build_bundle(source, assessment(source, "GM0307"), "geaggregeerd")))
    outcome = in_thread(lambda: BundleImporter(target).import_paths([folder]), release=release_fifo(fifo))
    assert outcome.kind == "ok", outcome
    outcomes = BundleImporter(target).import_paths([folder])  # again, to look at the outcomes
    by_name = {Path(o.source).name: o for o in outcomes}
    assert [by_name[name].outcome for name in sorted(by_name)] == ["ongewijzigd", "geweigerd", "geweigerd",
                                                                    "ongewijzigd"]
    assert "named pipe (FIFO)" in by_name["2-pijp.json"].reason
    assert "apparaat (zoals /dev/zero)" in by_name["3-nul.json"].reason
    assert len(target.assessments()) == 2  # both good bundles were imported the first time


# -- JSON that parsers treat differently ----------------------------------------------------------


def test_json_nested_100_000_deep_is_refused_quickly(target) -> None:
    for data in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
        with traced() as measured:
            reason = refused(target, data)
        assert reason == "de JSON is te diep genest"
        assert measured["seconds"] < QUICK and measured["peak_mb"] < 50, measured


def test_a_deep_value_inside_a_signed_payload_is_refused(source, target) -> None:
    data = build_bundle(source, assessment(source), "geaggregeerd")
    deep: Any = 1
    for _ in range(200):
        deep = [deep]
    reason = refused(target, payload(changed(data, ("organisation", "attributes", "x"), deep)))
    assert "organisation.attributes.x" in reason


@pytest.mark.parametrize(("token", "reason"), [
    (b"NaN", "ongeldige JSON: NaN is geen getal"),
    (b"Infinity", "ongeldige JSON: Infinity is geen getal"),
    (b"-Infinity", "ongeldige JSON: -Infinity is geen getal"),
    (b"1e400", "ongeldige JSON: een getal dat te groot is (1e400)"),
    (b"-1e400", "een getal dat te groot is (-1e400)"),
    (b"9" * 5000, "geen geldige JSON (een getal is onredelijk lang)"),
])
def test_numbers_outside_i_json_are_refused(source, target, token: bytes, reason: str) -> None:
    text = payload(build_bundle(source, assessment(source), "geaggregeerd"))
    data = text.replace(b'"level": 2', b'"level": ' + token, 1)
    assert data != text
    assert reason in refused(target, data)


def test_minus_zero_reads_as_zero(source, target) -> None:
    """``-0`` is the integer 0 in Python; the hash is over parsed values, so the file verifies."""
    data = build_bundle(source, assessment(source, levels={"MINI-A01": 0, "MINI-A02": 2, "MINI-B01": 2,
                                                          "MINI-B02": 2}), "geaggregeerd")
    text = payload(data).replace(b'"level": 0', b'"level": -0', 1)
    assert b'"level": -0' in text
    outcome = BundleImporter(target).import_bytes(text)
    assert outcome.outcome == "nieuw", outcome.reason
    assert target.answers(outcome.assessment_id)["MINI-A01"].level == 0


@pytest.mark.parametrize("where", ["top", "assessment", "answer"])
def test_duplicate_names_are_refused(source, target, where: str) -> None:
    """Readers disagree on which of two equal names counts; a bundle must not leave that open."""
    good = payload(build_bundle(source, assessment(source), "geaggregeerd"))
    needle = {"top": b'"sharing": "geaggregeerd",', "assessment": b'"period": "2026",',
              "answer": b'"not_applicable": false,'}[where]
    assert needle in good
    data = good.replace(needle, needle + needle.replace(b"geaggregeerd", b"benoemd"), 1)
    with pytest.raises(BundleRefused, match="komt meer dan eens voor in hetzelfde object"):
        read_bundle(data)
    assert "komt meer dan eens voor" in refused(target, data)


def test_utf16_and_bom(source, target) -> None:
    text = payload(build_bundle(source, assessment(source), "geaggregeerd")).decode("utf-8")
    assert refused(target, text.encode("utf-16")) == (
        "het bestand is geen geldige UTF-8-tekst (byte 0); het is UTF-16: sla het op als UTF-8")
    assert BundleImporter(target).import_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")).outcome == "nieuw"


# -- every field bounded --------------------------------------------------------------------------


LONG_NAME = "x" * (MAX_NAME + 1)
BOUNDED = {
    "organisation name": (("organisation", "name"), LONG_NAME, f"tekst is te lang (maximaal {MAX_NAME} tekens)"),
    "tool version": (("tool", "version"), LONG_NAME, "tool.version: tekst is te lang"),
    "answered by": (("assessment", "answers", 0, "updated_by"), LONG_NAME, "updated_by: tekst is te lang"),
    "created by": (("assessment", "created_by"), LONG_NAME, "created_by: tekst is te lang"),
    "action owner": (("assessment", "actions", 0, "owner"), LONG_NAME, "owner: tekst is te lang"),
    "action description": (("assessment", "actions", 0, "description"), "x" * (MAX_TEXT + 1),
                           f"description: tekst is te lang (maximaal {MAX_TEXT} tekens)"),
    "comment": (("assessment", "answers", 0, "comment"), "x" * (MAX_TEXT + 1), "comment: tekst is te lang"),
    "attribute text": (("organisation", "attributes", "size_class"), LONG_NAME,
                       "organisation.attributes.size_class: tekst is te lang (maximaal 200 tekens)"),
    "attribute key": (("organisation", "attributes", "k" * 65), 1, "tekst is te lang (maximaal 64 tekens)"),
    # Beyond 2**53 no RFC 8785 text exists: such a payload cannot have been signed at all.
    "attribute integer": (("organisation", "attributes", "inwoners"), 2**60, "kan niet canoniek worden geschreven"),
    "many attributes": (("organisation", "attributes"), {f"a{i}": i for i in range(51)},
                        "organisation.attributes: bevat te veel elementen (maximaal 50)"),
    "checklist version": (("checklist", "version"), "1" * 41, "checklist.version: tekst is te lang"),
    "sign-off role": (("assessment", "sign_off"), {"name": "A", "role": LONG_NAME, "decided_on": "2026-03-01"},
                      "sign_off.role: tekst is te lang"),
    "sequence": (("sequence",), 2**60, "kan niet canoniek worden geschreven"),
    "level": (("assessment", "answers", 0, "level"), 10**6, "is te groot"),
}


@pytest.mark.parametrize("name", list(BOUNDED))
def test_every_field_is_bounded(source, target, name: str) -> None:
    path, value, reason = BOUNDED[name]
    good = build_bundle(source, assessment(source), "geaggregeerd")
    if isinstance(value, int) and value > 2**53:
        envelope = json.loads(payload(good))
        envelope["payload"] = changed(good, path, value)
        assert reason in refused(target, json.dumps(envelope).encode())
        return
    assert reason in refused(target, payload(changed(good, path, value)))


def test_control_characters_in_texts_travel_as_typed(source, target) -> None:
    """The store keeps what was typed (NUL excepted); every writer makes it visible on the way out."""
    assessment_id = assessment(source, finalise=False)
    source.set_answer(assessment_id, "MINI-A01", comment=HOSTILE_TEXT)
    source.finalise(assessment_id, acknowledge_shortfalls=True)
    data = build_bundle(source, assessment_id, "geaggregeerd")
    outcome = BundleImporter(target).import_bytes(payload(data))
    assert outcome.outcome == "nieuw", outcome.reason
    assert target.answers(outcome.assessment_id)["MINI-A01"].comment == HOSTILE_TEXT
    assert json.loads(payload(data))["payload"]["assessment"]["answers"][0]["comment"] == HOSTILE_TEXT


def test_messages_never_echo_an_escape_sequence_or_an_endless_value(source, target) -> None:
    data = build_bundle(source, assessment(source), "geaggregeerd")
    for hostile, expected in (
        (changed(data, ("assessment", "\x1b]0;titel\x07veld"), 1), "assessment.␛]0;titel␇veld: onbekend veld"),
        (changed(data, ("sharing",), "\x1b[2J" + "x" * 10_000), "sharing: onbekende waarde '\\x1b[2Jxxx"),
        (changed(data, ("format_version",), "x" * 10_000), "onbekende formaatversie 'xxx"),
    ):
        reason = refused(target, payload(hostile))
        assert expected in reason and "\x1b" not in reason and len(reason) < 400, reason
    text = payload(data).replace(b'"period": "2026",', b'"period": "2026", "\\u001b[31m": 1, "\\u001b[31m": 2,', 1)
    reason = refused(target, text)
    assert "de naam '␛[31m' komt meer dan eens voor" in reason
