"""Markdown: the report as plain text that renders well on GitHub, GitLab and in editors.

Markdown has no autoescape, so the environment escapes every expression itself (``finalize``):
user text cannot open a link, an HTML tag or a table cell.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from reports.document import Column, Document
from reports.formatting import date, display, first_sentence
from reports.guard import md_escape
from reports.html import block_kind
from reports.wording import Words

_NUMERIC = {"percent", "level", "count", "delta_pp", "delta_level", "number"}
_BLANK_RUNS = re.compile(r"\n{3,}")


class _Literal(str):
    """Markdown produced by the template's own macros (marked ``|literal``); not escaped again."""

    __slots__ = ()


def _finalize(value: object) -> str:
    if isinstance(value, _Literal):
        return value
    return md_escape("" if value is None else value)


def md_align(column: Column) -> str:
    return "---:" if column.kind in _NUMERIC else "---"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=False,  # noqa: S701 - Markdown, escaped by finalize=_finalize below
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(display=display, block_kind=block_kind, md_align=md_align, literal=_Literal,
                       nl_date=date, abbreviate=first_sentence)
    return env


def render_markdown(document: Document) -> str:
    template = environment().get_template("report.md")
    words = Words(document.language)
    text = template.render(doc=document, kind_label=words.kind(document.kind), w=words)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
