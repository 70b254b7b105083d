"""Display of report values (Dutch by default, English with ``language="en"``): one function per kind, shared by
every format."""

from __future__ import annotations

from norm.scoring import as_percentage
from reports.document import Cell

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
MINUS = "\u2212"
DASH = "\u2013"
SUPPRESSED = "onderdrukt"
SUPPRESSED_EN = "suppressed"


def number(value: float, digits: int = 1, language: str = "nl") -> str:
    """A number with a decimal comma (a decimal point in English); whole numbers without decimals."""
    if float(value).is_integer():
        return str(int(value))
    shown = f"{value:.{digits}f}"
    return shown if language == "en" else shown.replace(".", ",")


def percent(value: float | None) -> str:
    return as_percentage(value)


def points(value: float | None, *, unit: bool = True, language: str = "nl") -> str:
    """A difference of two shares in percentage points: "+5 procentpunt", "−3 procentpunt", "0 procentpunt"
    (without ``unit``: "+5", where a heading or caption names the unit).

    Dutch uses "procentpunt" after a number as a unit, like "procent" ("5 procentpunt"); English says
    "1 percentage point", "3 percentage points".
    """
    if value is None:
        return DASH
    rounded = round(value * 100)
    suffix = ""
    if unit:
        suffix = " procentpunt" if language != "en" else (" percentage point" if abs(rounded) == 1
                                                          else " percentage points")
    if rounded == 0:
        return f"0{suffix}"
    return f"{'+' if rounded > 0 else MINUS}{abs(rounded)}{suffix}"


def rounded_share(value: float) -> int:
    """A 0..1 share as the whole percentage ``percent`` shows ("72%" -> 72), rounded the same way."""
    return int(f"{value * 100:.0f}")


def shown_delta(before: float | None, after: float | None) -> float | None:
    """The change between two shares as a reader checks it: the difference of the two rounded percentages
    shown beside it (as a 0..1 fraction, for a ``delta_pp`` cell). 41,5% -> 42,4% shows 42% and 42%, so the
    change shown is 0, not +1."""
    if before is None or after is None:
        return None
    return (rounded_share(after) - rounded_share(before)) / 100


def signed(value: int | float | None, language: str = "nl") -> str:
    if value is None:
        return DASH
    if value == 0:
        return "0"
    return f"{'+' if value > 0 else MINUS}{number(abs(value), language=language)}"


def display(cell: Cell, language: str = "nl") -> str:
    """The text of a cell as every format shows it, in the style of ``language``."""
    if cell.suppressed:
        return SUPPRESSED_EN if language == "en" else SUPPRESSED
    value = cell.value
    if value is None:
        return DASH
    kind = cell.kind
    if kind == "percent":
        return percent(float(value))  # type: ignore[arg-type]
    if kind == "delta_pp":
        return points(float(value), language=language)  # type: ignore[arg-type]
    if kind == "delta_level":
        return signed(value, language)  # type: ignore[arg-type]
    if kind in ("level", "number"):
        return number(float(value), language=language)  # type: ignore[arg-type]
    if kind == "count":
        return str(int(value))  # type: ignore[arg-type]
    if kind == "lines":
        return "; ".join(value) if isinstance(value, tuple) else str(value)
    return str(value)


def date(stamp: str | None, language: str = "nl") -> str:
    """"2026-10-15T16:00:00Z" -> "15 oktober 2026" ("15 October 2026" in English); unknown -> en dash."""
    if not stamp or len(stamp) < 10:
        return DASH
    try:
        year, month, day = int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10])
        return f"{day} {(MONTHS_EN if language == 'en' else MONTHS)[month - 1]} {year}"
    except (ValueError, IndexError):
        return stamp[:10]


def n_text(n: int | None) -> str:
    return "" if n is None else f"n = {n}"


def first_sentence(value: str, limit: int = 120) -> str:
    """The first sentence of a long text (cut at ``limit`` characters), for compact tables."""
    value = " ".join(value.split())
    for index, char in enumerate(value):
        if char in ".!?" and (index + 1 == len(value) or value[index + 1] == " ") and index > 20:
            value = value[: index + 1]
            break
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut and not value[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]  # never mid-word
    return cut.rstrip(" ,;:") + "\u2026"


def organisations(count: int) -> str:
    """``1 organisatie``, ``3 organisaties`` (correct Dutch plural)."""
    return f"{count} organisatie" if count == 1 else f"{count} organisaties"
