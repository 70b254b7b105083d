"""The HTML report in a real browser: headless Chromium loads it without errors and prints it to A4 PDF."""

from __future__ import annotations

import builtins
import shutil
import subprocess
from pathlib import Path

import pytest
from reports_support import HOSTILE_SCRIPT, make_store, submit

from norm.demo import install_demo
from reports import ReportError, build_report, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *arguments], capture_output=True,
                          text=True, timeout=120)


def page_problems(log: str) -> list[str]:
    """Console messages (script errors, blocked or failed resources, CSP violations) from Chromium's log."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Failed to load" in line]


def test_the_problem_detector_sees_a_bad_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                   "content=\"default-src 'none'\"></head><body><img src=\"http://example.invalid/x.png\">"
                   "<script>console.error('boom')</script></body></html>", encoding="utf-8")
    result = chromium(tmp_path, "--dump-dom", bad.as_uri())
    assert len(page_problems(result.stderr)) >= 2


def test_reports_open_without_errors_and_print_to_a4(tmp_path: Path) -> None:
    store = make_store(tmp_path / "browser.db")
    install_demo(store, 8)
    own = store.new_assessment("GM0001", "testnorm", "2027")
    for item in store.checklist(store.assessment(own).snapshot_id).applicable_items("gemeente"):
        store.set_answer(own, item.code, level=1, comment=HOSTILE_SCRIPT, evidence="<img src=x onerror=alert(1)>")
    submit(store, "GM0002", "2027", "benoemd")
    documents = {
        "org": build_report(store, "org", ids=[own]),
        "province": build_report(store, "province", min_group=3),
    }
    for name, document in documents.items():
        page = tmp_path / f"{name}.html"
        page.write_bytes(render(document, "html"))
        dom = chromium(tmp_path, "--dump-dom", page.as_uri())
        assert dom.returncode == 0, dom.stderr[-2000:]
        assert page_problems(dom.stderr) == [], name
        assert "<script" not in dom.stdout and "<img" not in dom.stdout
        assert dom.stdout.count("<svg") >= 1

        pdf = tmp_path / f"{name}.pdf"
        printed = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
        assert pdf.exists() and pdf.stat().st_size > 10_000, printed.stderr[-2000:]
        assert page_problems(printed.stderr) == [], name
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 2
        assert "(A4)" in info
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        assert document.title in " ".join(text.split())
        assert "Zo wordt gerekend" in text
    store.close()


def test_pdf_without_weasyprint_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path / "pdf.db")
    assessment = submit(store, "GM0001", "2026", "intern")
    document = build_report(store, "org", ids=[assessment])
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(ReportError, match=r"pip install 'weerbaar\[pdf\]'"):
        render(document, "pdf")
    store.close()
