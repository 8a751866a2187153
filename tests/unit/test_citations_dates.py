"""Dates as documents write them, in the languages the seed and its sources use."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.words.dates import find_dates, parse_date

D = dt.date(2026, 2, 18)


@pytest.mark.parametrize(("text", "date"), [
    ("Lima, 18 de febrero de 2026", D),  # es
    ("18 de febrero 2026", D),
    ("el 18 de Febrero del 2026", D),
    ("February 18, 2026", D),  # en
    ("Feb. 18, 2026", D),
    ("on 18 February 2026", D),
    ("the 18th February 2026", D),
    ("18 februari 2026", D),  # sv
    ("18. Februar 2026", D),  # de
    ("am 18. Feb. 2026", D),
    ("18 de fevereiro de 2026", D),  # pt
    ("le 18 février 2026", D),  # fr
    ("18 févr. 2026", D),
    ("2026-02-18", D),  # ISO
    ("18/02/2026", D),  # day first
    ("18.02.2026", D),
    ("3 de março de 2024", dt.date(2024, 3, 3)),
    ("3. März 2024", dt.date(2024, 3, 3)),
    ("1 août 2024", dt.date(2024, 8, 1)),
    ("Monday, February 23, 2026", dt.date(2026, 2, 23)),
])
def test_dates(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("text", [
    "Februari 2026",  # no day
    "31 de febrero de 2026",  # no such day
    "in 2026 and 18 people",
    "de1992",
    "12 abril",  # no year
])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_spans_slice_the_text() -> None:
    text = "Between 18 de febrero de 2026 and March 3, 2024 (or 2026-02-18)."
    found = find_dates(text)
    assert [text[f.span.start : f.span.end] for f in found] == [
        "18 de febrero de 2026", "March 3, 2024", "2026-02-18"]
