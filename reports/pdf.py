"""PDF through WeasyPrint, an optional extra: ``pip install 'weerbaar[pdf]'``."""

from __future__ import annotations

from reports.builders.common import ReportError

MISSING = (
    "PDF maken vraagt om WeasyPrint, dat niet is geïnstalleerd. Installeer het met "
    "pip install 'weerbaar[pdf]', of maak een HTML-rapport (--format html) en druk dat in de browser af als PDF."
)


def render_pdf(html: str) -> bytes:
    """The HTML report printed to A4 PDF by WeasyPrint."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise ReportError(MISSING) from None
    except OSError as error:  # WeasyPrint is installed but its system libraries (Pango) are not
        raise ReportError(f"WeasyPrint kan niet starten ({error}). {MISSING}") from None

    def refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"externe bron geweigerd: {url}")

    pdf: bytes = HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()
    return pdf
