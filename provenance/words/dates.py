"""Calendar dates as documents write them, in Spanish, English, Swedish, German, Portuguese,
French (and Italian, Dutch), plus ISO and numeric forms."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from provenance.model import Span

# Month names and their usual abbreviations, by month number; accents are folded before lookup.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "enero", "ene", "januari", "januar", "janeiro", "janvier", "janv",
        "gennaio", "jänner"),
    2: ("february", "feb", "febrero", "februari", "februar", "fevereiro", "fev", "fevrier",
        "fevr", "febbraio", "febr"),
    3: ("march", "mar", "marzo", "mars", "marz", "marco", "maart", "maerz"),
    4: ("april", "apr", "abril", "abr", "avril", "avr", "aprile"),
    5: ("may", "mayo", "maj", "mai", "maio", "maggio", "mei"),
    6: ("june", "jun", "junio", "juni", "junho", "juin", "giugno"),
    7: ("july", "jul", "julio", "juli", "julho", "juillet", "juil", "luglio"),
    8: ("august", "aug", "agosto", "augusti", "ago", "aout", "augustus"),
    9: ("september", "sep", "sept", "septiembre", "setiembre", "set", "setembro", "septembre",
        "settembre"),
    10: ("october", "oct", "octubre", "oktober", "okt", "outubro", "out", "octobre", "ottobre"),
    11: ("november", "nov", "noviembre", "novembro", "novembre"),
    12: ("december", "dec", "diciembre", "dic", "dezember", "dez", "dezembro", "decembre",
         "dicembre"),
}
_MONTH_OF = {name: n for n, names in _MONTHS.items() for name in names}
_NAME = r"[^\W\d_]{3,10}\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?\.?"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)"
# "18 de febrero de 2026", "18 de febrero 2026", "18 februari 2026", "18. Februar 2026",
# "18 février 2026", "18 de fevereiro de 2026", "le 18 février 2026"
_DMY = re.compile(rf"\b{_DAY}\s+(?:de\s+)?(?P<m>{_NAME})\s*,?\s+(?:de\s+|del\s+)?{_YEAR}\b")
# "February 18, 2026", "Feb. 18 2026"
_MDY = re.compile(rf"\b(?P<m>{_NAME})\s+{_DAY},?\s+{_YEAR}\b")
_ISO = re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
# 18/02/2026, 18.02.2026: day first, as everywhere but the United States
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:1[89]|20)\d\d)\b")


@dataclass(frozen=True, slots=True)
class FoundDate:
    date: dt.date
    span: Span


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower().rstrip("."))
    return "".join(c for c in word if not unicodedata.combining(c))


def _make(y: str, m: int | None, d: str) -> dt.date | None:
    if m is None:
        return None
    try:
        return dt.date(int(y), m, int(d))
    except ValueError:
        return None


def find_dates(text: str) -> tuple[FoundDate, ...]:
    """Every full calendar date (day, month, year) in ``text``, in order."""
    found: dict[int, FoundDate] = {}
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            date = _make(m.group("y"), _MONTH_OF.get(_fold(m.group("m"))), m.group("d"))
            if date and m.start() not in found:
                found[m.start()] = FoundDate(date, Span(m.start(), m.end()))
    for rx in (_ISO, _NUMERIC):
        for m in rx.finditer(text):
            date = _make(m.group("y"), int(m.group("m")), m.group("d"))
            if date and m.start() not in found:
                found[m.start()] = FoundDate(date, Span(m.start(), m.end()))
    return tuple(found[k] for k in sorted(found))


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0].date if dates else None
