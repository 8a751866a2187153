"""Cited titles in another language than their outlet's: a hint while resolving, and the
tie from a translated title to the work the document cites in the original."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import replace

from provenance.model import Citation, Outcome, ResolutionStep, StepKind
from provenance.resolve.outlets import same_outlet
from provenance.words.language import LANGUAGES
from provenance.words.titles import fold

__all__ = ["piece_kind", "tie_translations", "translation_hint"]


# Words of a citation that name the kind of piece (by their start, folded).
_KINDS = {"editorial": "editorial", "ledare": "editorial", "leitartikel": "editorial",
          "column": "column", "columna": "column", "kolumn": "column", "opinion": "column"}


def piece_kind(reference: str) -> str | None:
    """The kind of piece the words citing it name ("editorial", "column"), if any."""
    for word in fold(reference).split():
        for stem, kind in _KINDS.items():
            if word.startswith(stem):
                return kind
    return None


def tie_translations(works: Mapping[str, Citation],
                     languages: Mapping[str, Iterable[str | None]] | None = None
                     ) -> dict[str, Citation]:
    """Works left unresolved whose title reads as a translation, tied to the work the
    document cites in the original.

    A compilation of one text in several languages cites a work by its own title once
    and by translated titles elsewhere, which no page carries. Such a citation is taken
    for the one resolved work of the same outlet, date and kind of piece (editorial,
    column) with a title in the outlet's language, when there is exactly one: its
    quotations are then checked against that page, as translations. A title too short
    to tell its language needs the same author as well ("The Jerí Symptom", by J. Bruce).
    ``languages`` gives the languages of each work's quotations: a work quoted in its
    outlet's own language is not a translation, and is never tied.
    """
    out = dict(works)
    originals = [c for c in works.values() if c.url and c.title and c.date and
                 c.outlet and translation_hint(c.title, c.language) is None]
    for key, c in works.items():
        if c.url or not (c.title and c.date and c.outlet and c.language):
            continue
        translated = translation_hint(c.title, c.language) is not None
        if not (translated or c.author):
            continue
        if languages is not None and c.language in set(languages.get(key, ())):
            continue

        def same_author(o: Citation, c: Citation = c) -> bool:
            return bool(o.author and c.author and fold(o.author) == fold(c.author))

        same = [o for o in originals if o.date == c.date and o.outlet and same_outlet(
            o.outlet, c.outlet) and piece_kind(o.reference) == piece_kind(c.reference)
            and (same_author(o) or (translated and not (o.author and c.author)))]
        if len(same) != 1:
            if same:
                step = ResolutionStep(
                    StepKind.TRANSLATION, Outcome.REJECTED,
                    f"{len(same)} works of {c.outlet} of {c.date} are cited in the original: "
                    "not told which this translates")
                out[key] = replace(c, resolution=(*c.resolution, step))
            continue
        o = same[0]
        by = " and author" if same_author(o) else ""
        step = ResolutionStep(
            StepKind.TRANSLATION, Outcome.FOUND,
            f"taken for {o.key} ({o.title!r}), the one resolved work of {o.outlet} of "
            f"{o.date} of this kind{by} titled in its language -> {o.url}")
        out[key] = replace(c, url=o.url, published=o.published, language=o.language,
                           resolution=(*c.resolution, step))
    return out


@functools.cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Titles are short: among every language the model knows, neighbours (sv/nn/no,
    # es/ext/an) split the probability. Cited outlets write in a few large languages.
    identifier.set_languages(list(LANGUAGES))
    return identifier


@functools.lru_cache(maxsize=256)  # asked again for each work once all are resolved
def translation_hint(title: str, language: str | None) -> str | None:
    """What makes the cited title read as another language than the outlet's ("looks sv,
    the outlet writes es: ..."), for a resolution step; None when it reads as the outlet's."""
    if not language or len(fold(title).split()) < 4:
        return None
    ranking = dict(_identifier().rank(title))  # type: ignore[attr-defined]
    lang, prob = max(ranking.items(), key=lambda kv: kv[1])
    if lang != language and prob >= 0.6 and ranking.get(language, 0.0) < 0.1:
        return (f"looks {lang}, the outlet writes {language}: "
                "it may be a translation of the real title")
    return None
