"""Helpers for the hostile-input tests: deadlines that fail instead of hanging, memory peaks, FIFOs.

A regression in a guard against a FIFO or ``/dev/zero`` would block forever or read without end.
``in_child`` therefore runs such a check in a forked child with a deadline and a memory ceiling, and
``in_thread`` runs one that needs the parent's database in a daemon thread, unblocking a FIFO when
the deadline passes. Both fail the test with a clear message instead of hanging CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DEADLINE = 20.0
"""Seconds before a check counts as hanging (far above the milliseconds a refusal takes)."""
CHILD_MEMORY = 1024 * 1024 * 1024
"""Extra address space a forked child may take before it fails with MemoryError."""


@dataclass(frozen=True)
class Outcome:
    """What a call did: the name of the exception it raised (or "ok"), its message, its duration."""

    kind: str
    message: str
    seconds: float


def _call(function: Callable[[], Any]) -> Outcome:
    start = time.perf_counter()
    try:
        result = function()
    except BaseException as error:  # noqa: BLE001 - reported to the test, which asserts on it
        return Outcome(type(error).__name__, str(error), time.perf_counter() - start)
    return Outcome("ok", repr(result)[:2000], time.perf_counter() - start)


def _virtual_size() -> int | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return None


def in_child(function: Callable[[], Any], deadline: float = DEADLINE) -> Outcome:
    """Run ``function`` in a forked child with a deadline and a memory ceiling (POSIX).

    A child that does not answer in time is killed and the test fails ("hangs"); a child that
    reads without end hits its address-space limit and reports MemoryError.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_end)
            size = _virtual_size()
            if size is not None:
                resource.setrlimit(resource.RLIMIT_AS, (size + CHILD_MEMORY, resource.RLIM_INFINITY))
            outcome = _call(function)
            payload = json.dumps([outcome.kind, outcome.message, outcome.seconds]).encode("utf-8")
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        end = time.monotonic() + deadline
        while True:
            remaining = end - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(remaining, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                pytest.fail(f"did not finish within {deadline} s: it hangs (killed)")
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not chunks:
        pytest.fail("the child died without an answer")
    kind, message, seconds = json.loads(b"".join(chunks))
    return Outcome(kind, message, seconds)


def in_thread(function: Callable[[], Any], deadline: float = DEADLINE,
              release: Callable[[], None] | None = None) -> Outcome:
    """Run ``function`` in a daemon thread; past the deadline call ``release`` (e.g. open the FIFO
    it blocks on for writing, so it can end) and fail the test."""
    box: list[Outcome] = []
    thread = threading.Thread(target=lambda: box.append(_call(function)), daemon=True)
    thread.start()
    thread.join(deadline)
    if thread.is_alive():
        if release is not None:
            release()
        thread.join(5)
        pytest.fail(f"did not finish within {deadline} s: it hangs")
    return box[0]


def release_fifo(path: Path) -> Callable[[], None]:
    """A release for ``in_thread``: open the FIFO for writing and close it, so a reader blocked
    on opening it gets end-of-file."""

    def release() -> None:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    return release


@contextlib.contextmanager
def traced() -> Iterator[dict[str, float]]:
    """Measure the wall time and the peak of Python allocations (tracemalloc) of a block."""
    figures: dict[str, float] = {}
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield figures
    finally:
        figures["seconds"] = time.perf_counter() - start
        figures["peak_mb"] = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# -- hostile YAML -------------------------------------------------------------------------------

def deep_sequence(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def deep_mapping(depth: int = 100_000) -> str:
    return "a: " + "{a: " * depth + "x" + "}" * depth + "\n"


def deep_block_sequence(depth: int = 1_000) -> str:
    """Nesting over many lines: libyaml's own look-ahead limit does not come into play."""
    return "".join(" " * level + "-\n" for level in range(depth)) + " " * depth + "- x\n"


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    """Nine lines that expand to width**levels scalars (10**10 here: gigabytes once expanded)."""
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


HOSTILE_TEXT = ("rood \x1b[31mALARM\x1b[0m link \x1b]8;;http://evil\x07klik\x1b]8;;\x07 bel \x07 nel \x85 "
                "csi \x9b2J rlo \u202etxt.exe")
"""Terminal escapes (SGR, OSC 8 hyperlink, BEL), C1 controls (NEL, CSI) and a right-to-left override."""
FORBIDDEN_IN_OUTPUT = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that no CSV, XLSX or Markdown output may carry."""
