from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import ConfigError
from provenance.model import Citation, CitationHow, Outcome, ResolutionStep, StepKind
from provenance.resolve.sources import load_sources, match_source, unresolved_template

TITLE = "Una presidencia interina sin pretensiones de originalidad"
DAY = dt.date(2026, 2, 18)


def _citation(**kw) -> Citation:
    base = dict(key="c1", how=CitationHow.PARENTHETICAL, outlet="la República", title=TITLE,
                date=DAY)
    return Citation(**{**base, **kw})


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


SOURCES = f'''
[[source]]
outlet = "La República"
title = "{TITLE.upper()}"
date = 2026-02-18
urls = ["https://lr.example/a", "https://mirror.example/a"]

[[source]]
outlet = "La República"
author = "Jorge Bruce"
date = "2026-02-18"
url = "https://lr.example/bruce"

[[source]]
quote = "José Jerí cayó por sus propios errores"
urls = ["https://ec.example/editorial"]

[[source]]
title = "Left empty by the user"
urls = []
'''


def test_loads_entries_and_skips_unfilled_ones(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    assert [e.number for e in entries] == [1, 2, 3]
    assert entries[0].urls == ("https://lr.example/a", "https://mirror.example/a")
    assert entries[1].date == DAY and entries[1].urls == ("https://lr.example/bruce",)


def test_matches_by_title_in_other_case(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    entry, by = match_source(entries, _citation())
    assert entry.number == 1 and by == ("title", "outlet", "date")


def test_a_field_that_disagrees_rules_the_entry_out(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    assert match_source(entries, _citation(date=dt.date(2025, 2, 18))) is None


def test_matches_a_back_reference_by_author_outlet_and_date(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    c = _citation(title="El síntoma Jerí", author="J. Bruce", how=CitationHow.BACK_REFERENCE)
    entry, by = match_source(entries, c)
    assert entry.number == 2 and by == ("outlet", "author", "date")
    assert match_source(entries, _citation(title="El síntoma Jerí", author="Ana Soto")) is None


def test_matches_by_quote_text(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    c = Citation(key="c5", how=CitationHow.NARRATIVE, outlet="El Comercio")
    quote = "José Jerí cayó por sus propios errores, pero el Parlamento ha marcado un pésimo"
    entry, by = match_source(entries, c, quotes=(quote,))
    assert entry.number == 3 and by == ("quote",)
    assert match_source(entries, c, quotes=("otra cosa muy distinta dicha",)) is None


@pytest.mark.parametrize(("text", "says"), [
    ("[[source]\n", "not valid TOML"),
    ('[[source]]\nurls = ["ftp://x"]\n', "not an http"),
    ('[[source]]\nurls = ["https://x.org"]\ndate = "18/02/2026"\n', "YYYY-MM-DD"),
    ('[[source]]\nurls = ["https://x.org"]\npage = 3\n', "unknown field"),
    ('[[source]]\nurls = ["https://x.org"]\ntitle = 3\n', "must be a string"),
    ('[sources]\nx = 1\n', "unknown table"),
])
def test_bad_sources_files_are_clear_errors(tmp_path, text, says):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=says) as err:
        load_sources(path)
    assert str(path) in str(err.value)


def test_template_lists_unresolved_works_and_matches_them_once_filled(tmp_path):
    unresolved = _citation(reference="(Editorial “Una presidencia…”, la República)",
                           resolution=(
                               ResolutionStep(StepKind.REGISTRY, Outcome.FOUND,
                                              "La República -> https://larepublica.pe"),
                               ResolutionStep(StepKind.NOT_FOUND, Outcome.NOT_FOUND)),
                           candidates=("https://larepublica.pe/x",))
    narrative = Citation(key="c2", how=CitationHow.NARRATIVE, outlet="El Comercio",
                         reference="El Comercio editorializó:")
    done = _citation(key="c3", url="https://x.org/")
    vague = Citation(key="c4", how=CitationHow.VAGUE, reference="los diarios del país")
    text = unresolved_template([unresolved, narrative, done, vague],
                               quotes={"c2": ("José Jerí cayó por sus propios errores",)})
    data = tomllib.loads(text)
    assert [s.get("title") for s in data["source"]] == [TITLE, None]
    assert data["source"][0]["date"] == DAY and data["source"][1]["quote"].startswith("José")
    assert "# c1: (Editorial" in text and "candidate: https://larepublica.pe/x" in text
    assert "#   registry: La República -> https://larepublica.pe\n#   source not found\n" in text
    assert "c3" not in text and "c4" not in text
    assert load_sources(_write(tmp_path, text)) == ()  # nothing filled in yet
    filled = _write(tmp_path, text.replace("urls = []", 'urls = ["https://found.example/"]', 1))
    entry, _ = match_source(load_sources(filled), unresolved)
    assert entry.urls == ("https://found.example/",)


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(title=_TEXT, outlet=_TEXT, reference=_TEXT, step=_TEXT)
def test_template_is_valid_toml_whatever_the_document_says(title, outlet, reference, step):
    c = Citation(key="c1", how=CitationHow.PARENTHETICAL, title=title or None,
                 outlet=outlet or None, reference=reference,
                 resolution=(ResolutionStep(StepKind.CONFIRM, Outcome.REJECTED, step),))
    data = tomllib.loads(unresolved_template([c]))
    entry = data["source"][0]
    assert entry.get("title") == (title or None) and entry.get("outlet") == (outlet or None)


def test_a_date_within_the_tolerance_matches_with_a_mismatch(tmp_path):
    entries = load_sources(_write(tmp_path, SOURCES))
    near = _citation(date=DAY + dt.timedelta(days=1))
    entry, by = match_source(entries, near, tolerance=2)
    assert entry.number == 1 and "date-mismatch" in by
    rejected: list[str] = []
    assert match_source(entries, near, tolerance=0, rejected=rejected) is None
    assert rejected == [f"source #1: date {DAY} is 1 day from the cited "
                        f"{DAY + dt.timedelta(days=1)} (more than 0 allowed)"]


def test_vague_attribution_is_listed_by_its_words_and_matched_only_by_them(tmp_path):
    vague = Citation(key="c5", how=CitationHow.VAGUE, reference="(los diarios del país)",
                     author="J. Balcázar")
    words = "El Congreso votará la vacancia antes del fin de semana"
    text = unresolved_template([vague], quotes={"c5": (words,)})
    assert "# c5: vague attribution: (los diarios del país)" in text
    entry = tomllib.loads(text)["source"][0]
    assert entry == {"quote": words, "urls": []}
    filled = load_sources(_write(tmp_path, text.replace(
        "urls = []", 'urls = ["https://diario.example/vacancia"]')))
    got = match_source(filled, vague, [words])
    assert got is not None and got[0].urls == ("https://diario.example/vacancia",)
    assert match_source(filled, vague, ["Otras palabras que nadie dijo en ningún diario"]) is None
    by_author = load_sources(_write(tmp_path, '[[source]]\nauthor = "J. Balcázar"\n'
                                    'date = 2026-02-16\nurls = ["https://x.example/"]\n'))
    assert match_source(by_author, vague, [words]) is None
