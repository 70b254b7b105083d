"""norm.untrusted: only regular files of a bounded size are read; hidden characters become visible."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hostile_support import in_child, make_fifo

from norm.untrusted import REPLACEMENT, UnreadableFile, first_control, open_flags, read_regular_file, visible


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"inhoud")
    assert read_regular_file(path, 6) == b"inhoud"
    assert read_regular_file(str(path), 100) == b"inhoud"


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(UnreadableFile, match=r"te groot \(101 bytes; maximaal 100\)"):
        read_regular_file(path, 100)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="kan het bestand niet lezen"):
        read_regular_file(tmp_path / "weg.txt", 100)


@pytest.mark.parametrize(("device", "kind"), [("/dev/zero", "apparaat"), ("/dev/urandom", "apparaat"),
                                              ("/dev/null", "apparaat")])
def test_devices_are_refused_before_reading(device: str, kind: str) -> None:
    outcome = in_child(lambda: read_regular_file(device, 1024 * 1024))
    assert outcome.kind == "UnreadableFile" and kind in outcome.message, outcome
    assert outcome.seconds < 1.0


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "bundel.json"
    link.symlink_to("/dev/zero")
    outcome = in_child(lambda: read_regular_file(link, 1024 * 1024))
    assert outcome.kind == "UnreadableFile" and "apparaat (zoals /dev/zero)" in outcome.message, outcome


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "pijp.json")
    outcome = in_child(lambda: read_regular_file(fifo, 1024))
    assert outcome.kind == "UnreadableFile" and "named pipe (FIFO)" in outcome.message, outcome
    assert outcome.seconds < 1.0


def test_a_folder_and_a_socket_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="een map"):
        read_regular_file(tmp_path, 1024)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.sock"))
        with pytest.raises(UnreadableFile, match="een socket"):
            read_regular_file(tmp_path / "s.sock", 1024)
    finally:
        server.close()


def test_a_file_swapped_for_a_fifo_after_the_check_does_not_block(tmp_path: Path, monkeypatch) -> None:
    """The race: the path is a regular file when checked and a FIFO when opened."""
    fifo = make_fifo(tmp_path / "pijp")
    regular = os.stat(__file__)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: regular if Path(path) == fifo else real_stat(path, *a, **k))
    outcome = in_child(lambda: read_regular_file(fifo, 1024))
    assert outcome.kind == "UnreadableFile" and "FIFO" in outcome.message, outcome


def test_without_o_nonblock_the_check_before_opening_still_refuses(tmp_path: Path, monkeypatch) -> None:
    """Windows has no O_NONBLOCK (and no FIFOs in the file system): the stat check alone decides."""
    monkeypatch.delattr(os, "O_NONBLOCK")
    assert open_flags() & getattr(os, "O_BINARY", 0) == getattr(os, "O_BINARY", 0)
    path = tmp_path / "a.txt"
    path.write_bytes(b"inhoud")
    assert read_regular_file(path, 100) == b"inhoud"
    fifo = make_fifo(tmp_path / "pijp")
    outcome = in_child(lambda: read_regular_file(fifo, 1024))
    assert outcome.kind == "UnreadableFile" and "FIFO" in outcome.message, outcome


def test_a_file_that_grows_while_read_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "groeit.txt"
    path.write_bytes(b"x" * 10)
    real_read = os.read
    given: list[int] = []

    def growing(descriptor: int, size: int) -> bytes:  # the size said 10, the file keeps giving
        chunk = real_read(descriptor, size) or b"y" * size
        given.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", growing)
    with pytest.raises(UnreadableFile, match="te groot"):
        read_regular_file(path, 100)
    assert sum(given) == 101  # never more than the limit and one byte


# -- visible -------------------------------------------------------------------------------------


def test_control_characters_become_visible_placeholders() -> None:
    assert visible("\x1b[31mrood\x1b[0m") == "␛[31mrood␛[0m"
    assert visible("a\x07b\x00c\x7fd") == "a␇b␀c␡d"
    assert visible("\x9b2J \x85") == f"{REPLACEMENT}2J {REPLACEMENT}"
    assert visible("abc\u202etxt.exe\u2066x\u2069") == f"abc{REPLACEMENT}txt.exe{REPLACEMENT}x{REPLACEMENT}"
    assert visible("los \ud800 surrogaat \uffff") == f"los {REPLACEMENT} surrogaat {REPLACEMENT}"
    visible("los \ud800").encode("utf-8")  # encodes


def test_ordinary_text_is_kept_exactly() -> None:
    text = "Geëvalueerd\tmet tab\nregel\r\nen “aanhalingstekens” — العربية עברית ✓ \u200f"
    assert visible(text) == text  # also right-to-left marks (U+200F): needed in Arabic and Hebrew text


def test_first_control_names_the_character() -> None:
    assert first_control("goed\tmet tab\n") is None
    assert first_control("a\x1bb") == "U+001B"
    assert first_control("a\x9bb") == "U+009B"
    assert first_control("\u202e") is None  # bidi controls are no control characters (Cc)


def test_shown_is_visible_and_short() -> None:
    from norm.untrusted import shown

    assert shown("a\x1b[31mb") == "a␛[31mb"
    assert shown("x" * 100) == "x" * 59 + "…"
    assert shown(12) == "12"
    assert shown(repr("\x1b")) == "'\\x1b'"
