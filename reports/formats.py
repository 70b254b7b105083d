"""The output formats, each one record in one table (``OUTPUT_FORMATS``), in the manner of Datasette's
output renderers: an id, the file suffixes it is recognised by, whether it only goes to a file, and
a ``render`` function that imports its writer when it is called (jinja2, openpyxl, python-docx and
WeasyPrint load only for the format that needs them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from reports.builders.common import ReportError

if TYPE_CHECKING:
    from reports.document import Document


class Renderer(Protocol):
    def __call__(self, document: Document, *, bom: bool) -> bytes:
        """The document in the format, as bytes (text formats in UTF-8)."""
        ...


@dataclass(frozen=True)
class OutputFormat:
    """One output format."""

    id: str
    """The value of ``--format``."""
    label: str
    """The name shown to a user."""
    suffixes: tuple[str, ...]
    """File suffixes that choose this format (the first is the one to suggest)."""
    file_only: bool
    """Written to a file only; formats without it (Markdown, CSV) may also go to the terminal."""
    render: Renderer
    """Renders a document; ``bom`` asks for a byte-order mark where the format wants one in a file."""

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


def _html(document: Document, *, bom: bool) -> bytes:
    from reports.html import render_html

    return render_html(document).encode("utf-8")


def _markdown(document: Document, *, bom: bool) -> bytes:
    from reports.markdown import render_markdown

    return render_markdown(document).encode("utf-8")


def _pdf(document: Document, *, bom: bool) -> bytes:
    from reports.html import render_html
    from reports.pdf import render_pdf

    return render_pdf(render_html(document))


def _xlsx(document: Document, *, bom: bool) -> bytes:
    from reports.xlsx import render_xlsx

    return render_xlsx(document)


def _docx(document: Document, *, bom: bool) -> bytes:
    from reports.docx import render_docx

    return render_docx(document)


def _csv(document: Document, *, bom: bool) -> bytes:
    from reports.csvout import render_csv

    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return (("\ufeff" if bom else "") + render_csv(document)).encode("utf-8")


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("html", "HTML", (".html", ".htm"), True, _html),
    OutputFormat("md", "Markdown", (".md", ".markdown"), False, _markdown),
    OutputFormat("pdf", "PDF", (".pdf",), True, _pdf),
    OutputFormat("xlsx", "Excel (XLSX)", (".xlsx",), True, _xlsx),
    OutputFormat("docx", "Word (DOCX)", (".docx",), True, _docx),
    OutputFormat("csv", "CSV", (".csv",), False, _csv),
)
"""Every output format, in the order the command line lists them."""

FORMATS_BY_ID: Mapping[str, OutputFormat] = MappingProxyType({fmt.id: fmt for fmt in OUTPUT_FORMATS})
FORMATS_BY_SUFFIX: Mapping[str, OutputFormat] = MappingProxyType(
    {suffix: fmt for fmt in OUTPUT_FORMATS for suffix in fmt.suffixes}
)


def output_format(format_id: str) -> OutputFormat:
    """The format with this id; raises ``ReportError`` naming the formats there are."""
    try:
        return FORMATS_BY_ID[format_id]
    except KeyError:
        raise ReportError(f"Onbekend formaat '{format_id}'; kies uit: {', '.join(FORMATS_BY_ID)}.") from None


def format_for_path(path: Path) -> OutputFormat | None:
    """The format a file name asks for by its suffix, or None."""
    return FORMATS_BY_SUFFIX.get(path.suffix.lower())
