"""A synthetic phrasing set: every narrative shape of citing a work in words, in es, en, pt,
fr, de and sv, with the citation before and after the quotation, naming a title or none.

Synthetic: generated here, outlets and words fictional. Each case is a small Markdown document
of two paragraphs (three for a back-reference): the first cites another outlet (so a citation
that carries over to the next paragraph shows up as a wrong tie), the second holds the shape
under test. A case is right when
the quotation is tied to the work the shape names, and wrong when it is tied to any other.

    python -m bench.synthetic_phrasings          # the shares, and every miss with --verbose
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.commands.quotes import extract
from provenance.document import parse_document
from provenance.model import Citation, QuoteKind


@dataclass(frozen=True, slots=True)
class Language:
    outlet: str  # the work the shape names, as a sentence's subject writes it
    bare: str  # the same after a preposition that holds the article ("del", "du", "ao")
    other: str  # the outlet of the paragraph before
    title: str
    date: str
    quote: str
    filler: str  # the first paragraph: "{x} published a report on the harbour."
    piece: tuple[str, str]  # the piece, without a title and with one: {w} in the shapes
    # shape -> (before the quote, after it): {o} outlet, {b} bare outlet, {w} the piece,
    # {n} its title alone, {d} date, {q} quote, {u} the outlet's URL. A "back_reference"
    # shape opens with the work named in full in a paragraph of its own, then "|" and the
    # paragraph citing it back.
    shapes: dict[str, tuple[str, str]]


URL = "https://example.org/harbour-report"
_ES = Language(
    "La Voz del Puerto", "La Voz del Puerto", "La Gaceta del Norte", "Las mareas del invierno",
    "16 de febrero de 2026", "Las obras del muelle terminarán antes de que llegue el invierno",
    "{x} publicó ayer un informe sobre el puerto y sus obras.",
    ("el editorial", "el editorial “{t}”"),
    {
        "subject": ("{o} concluyó en {w} del {d}: “{q}”.",
                    "“{q}”, concluyó {o} en {w} del {d}."),
        "told": ("La alcaldesa Ana Ruiz dijo a {o}, citada en {w}: “{q}”.",
                 "“{q}”, dijo la alcaldesa Ana Ruiz a {o}, citada en {w}."),
        "possessive": ("Según {w} de {o} ({d}): “{q}”.", "“{q}”, dice {w} de {o} ({d})."),
        "apposition": ("{o}, en {w} del {d}, editorializó: “{q}”.",
                       "“{q}”, editorializó {o}, en {w} del {d}."),
        "according": ("Según {o}, en {w}, “{q}”.", "“{q}”, según {o}, en {w}."),
        "titled": ("En {w} ({o}, {d}) se concluye que “{q}”.",
                   "“{q}”, se concluye en {w} ({o}, {d})."),
        "published": ("{o} publicó {w} ({d}), donde se afirma: “{q}”.",
                      "“{q}”, se afirma en {w} que {o} publicó ({d})."),
        "url": ("Según {w} de {o} ({u}), la alcaldesa Ana Ruiz dijo: “{q}”.",
                "“{q}”, dijo la alcaldesa Ana Ruiz, según {w} de {o} ({u})."),
        "back_reference": ("{o} publicó {w} el {d}.|En la edición ya citada se lee: “{q}”.",
                           "{o} publicó {w} el {d}.|“{q}” (edición ya citada)."),
    })
_EN = Language(
    "The Harbour Times", "Harbour Times", "The Northern Gazette", "The tides of winter",
    "February 16, 2026", "The works on the pier will be finished before the winter arrives",
    "{x} published a report on the harbour and its works yesterday.",
    ("its editorial", "its editorial “{t}”"),
    {
        "subject": ("{o} concluded in {w} of {d}: “{q}”.",
                    "“{q},” {o} concluded in {w} of {d}."),
        "told": ("Mayor Ann Reed told {o}, as quoted in {w}: “{q}”.",
                 "“{q},” Mayor Ann Reed told {o}, as quoted in {w}."),
        "possessive": ("As {o}'s editorial{n} ({d}) puts it: “{q}”.",
                       "“{q},” as {o}'s editorial{n} ({d}) puts it."),
        "apposition": ("{o}, in {w} of {d}, wrote: “{q}”.",
                       "“{q},” wrote {o}, in {w} of {d}."),
        "according": ("According to {o}, in {w}, “{q}”.", "“{q},” according to {o}, in {w}."),
        "titled": ("In {w} ({o}, {d}) the paper concludes: “{q}”.",
                   "“{q},” concludes {w} ({o}, {d})."),
        "published": ("{o} published {w} ({d}), which states: “{q}”.",
                      "“{q},” states {w}, which {o} published ({d})."),
        "url": ("According to {o} ({u}), in {w}, Mayor Ann Reed said: “{q}”.",
                "“{q},” Mayor Ann Reed said, according to {o} ({u}), in {w}."),
        "back_reference": ("{o} published {w} on {d}.|The same edition says: “{q}”.",
                           "{o} published {w} on {d}.|“{q}” (the same edition)."),
    })
_PT = Language(
    "O Jornal da Baía", "Jornal da Baía", "A Gazeta do Norte", "As marés do inverno",
    "16 de fevereiro de 2026", "As obras do cais vão terminar antes de chegar o inverno",
    "{x} publicou ontem um relatório sobre o porto e as suas obras.",
    ("o editorial", "o editorial “{t}”"),
    {
        "subject": ("{o} concluiu n{w} de {d}: “{q}”.",
                    "“{q}”, concluiu {o} n{w} de {d}."),
        "told": ("A prefeita Ana Reis disse ao {b}, citada n{w}: “{q}”.",
                 "“{q}”, disse a prefeita Ana Reis ao {b}, citada n{w}."),
        "possessive": ("Segundo {w} do {b} ({d}): “{q}”.", "“{q}”, diz {w} do {b} ({d})."),
        "apposition": ("{o}, n{w} de {d}, escreveu: “{q}”.",
                       "“{q}”, escreveu {o}, n{w} de {d}."),
        "according": ("Segundo {o}, n{w}, “{q}”.", "“{q}”, segundo {o}, n{w}."),
        "titled": ("N{w} ({o}, {d}) conclui-se que “{q}”.",
                   "“{q}”, conclui-se n{w} ({o}, {d})."),
        "published": ("{o} publicou {w} ({d}), onde se afirma: “{q}”.",
                      "“{q}”, afirma-se n{w} que {o} publicou ({d})."),
        "url": ("Segundo {w} do {b} ({u}), a prefeita Ana Reis disse: “{q}”.",
                "“{q}”, disse a prefeita Ana Reis, segundo {w} do {b} ({u})."),
        "back_reference": ("{o} publicou {w} em {d}.|Na edição já citada lê-se: “{q}”.",
                           "{o} publicou {w} em {d}.|“{q}” (edição já citada)."),
    })
_FR = Language(
    "Le Courrier du Port", "Courrier du Port", "La Gazette du Nord", "Les marées de l'hiver",
    "16 février 2026", "Les travaux du quai seront terminés avant que l'hiver n'arrive",
    "{x} a publié hier un rapport sur le port et ses travaux.",
    ("son éditorial", "son éditorial « {t} »"),
    {
        "subject": ("{o} a conclu dans {w} du {d} : « {q} ».",
                    "« {q} », a conclu {o} dans {w} du {d}."),
        "told": ("La maire Anne Roux a déclaré au {b}, citée dans {w} : « {q} ».",
                 "« {q} », a déclaré la maire Anne Roux au {b}, citée dans {w}."),
        "possessive": ("Selon l'éditorial{n} du {b} ({d}) : « {q} ».",
                       "« {q} », dit l'éditorial{n} du {b} ({d})."),
        "apposition": ("{o}, dans {w} du {d}, a écrit : « {q} ».",
                       "« {q} », a écrit {o}, dans {w} du {d}."),
        "according": ("Selon {o}, dans {w}, « {q} ».", "« {q} », selon {o}, dans {w}."),
        "titled": ("Dans {w} ({o}, {d}), on conclut que « {q} ».",
                   "« {q} », conclut-on dans {w} ({o}, {d})."),
        "published": ("{o} a publié {w} ({d}), où l'on affirme : « {q} ».",
                      "« {q} », affirme {w} que {o} a publié ({d})."),
        "url": ("Selon {o} ({u}), dans {w}, la maire Anne Roux a dit : « {q} ».",
                "« {q} », a dit la maire Anne Roux, selon {o} ({u}), dans {w}."),
        "back_reference": ("{o} a publié {w} le {d}.|Dans la même édition, on lit : « {q} ».",
                           "{o} a publié {w} le {d}.|« {q} » (même édition)."),
    })
_DE = Language(
    "Die Hafenzeitung", "Hafenzeitung", "Der Nordbote", "Die Gezeiten des Winters",
    "16. Februar 2026", "Die Arbeiten am Kai werden vor dem Winter abgeschlossen sein",
    "{x} veröffentlichte gestern einen Bericht über den Hafen und seine Arbeiten.",
    ("ihrem Leitartikel", "ihrem Leitartikel „{t}“"),
    {
        "subject": ("{o} schrieb in {w} vom {d}: „{q}“.",
                    "„{q}“, schrieb {o} in {w} vom {d}."),
        "told": ("Bürgermeisterin Anna Roth sagte der {b}, zitiert in {w}: „{q}“.",
                 "„{q}“, sagte Bürgermeisterin Anna Roth der {b}, zitiert in {w}."),
        "possessive": ("Der Leitartikel{n} der {b} ({d}) sagt es so: „{q}“.",
                       "„{q}“, sagt der Leitartikel{n} der {b} ({d})."),
        "apposition": ("{o}, in {w} vom {d}, schrieb: „{q}“.",
                       "„{q}“, schrieb {o}, in {w} vom {d}."),
        "according": ("Laut {o}, in {w}: „{q}“.", "„{q}“, laut {o}, in {w}."),
        "titled": ("In {w} ({o}, {d}) heißt es: „{q}“.", "„{q}“, heißt es in {w} ({o}, {d})."),
        "published": ("{o} veröffentlichte {w} ({d}), in dem es heißt: „{q}“.",
                      "„{q}“, heißt es in {w}, den {o} veröffentlichte ({d})."),
        "url": ("Laut {o} ({u}), in {w}, sagte Bürgermeisterin Anna Roth: „{q}“.",
                "„{q}“, sagte Bürgermeisterin Anna Roth laut {o} ({u}), in {w}."),
        "back_reference": ("{o} veröffentlichte {w} am {d}.|In derselben Ausgabe heißt es: „{q}“.",
                           "{o} veröffentlichte {w} am {d}.|„{q}“ (ebenda)."),
    })
_SV = Language(
    "tidningen Hamnbladet", "Hamnbladet", "tidningen Norrposten", "Vinterns tidvatten",
    "16 februari 2026", "Arbetena på kajen blir klara innan vintern kommer till staden",
    "I går publicerade {x} en rapport om hamnen och dess arbeten.",
    ("sin ledare", "sin ledare ”{t}”"),
    {
        "subject": ("{o} skrev i {w} den {d}: ”{q}”.", "”{q}”, skrev {o} i {w} den {d}."),
        "told": ("Borgmästaren Anna Berg sa till {o}, citerad i {w}: ”{q}”.",
                 "”{q}”, sa borgmästaren Anna Berg till {o}, citerad i {w}."),
        "possessive": ("Ledaren{n} i {o} ({d}) säger det så här: ”{q}”.",
                       "”{q}”, säger ledaren{n} i {o} ({d})."),
        "apposition": ("{o}, i {w} den {d}, skrev: ”{q}”.",
                       "”{q}”, skrev {o}, i {w} den {d}."),
        "according": ("Enligt {o}, i {w}: ”{q}”.", "”{q}”, enligt {o}, i {w}."),
        "titled": ("I {w} ({o}, {d}) står det: ”{q}”.", "”{q}”, står det i {w} ({o}, {d})."),
        "published": ("{o} publicerade {w} ({d}), där det står: ”{q}”.",
                      "”{q}”, står det i {w} som {o} publicerade ({d})."),
        "url": ("Enligt {o} ({u}), i {w}, sa borgmästaren Anna Berg: ”{q}”.",
                "”{q}”, sa borgmästaren Anna Berg enligt {o} ({u}), i {w}."),
        "back_reference": ("{o} publicerade {w} den {d}.|I samma utgåva står det: ”{q}”.",
                           "{o} publicerade {w} den {d}.|”{q}” (samma utgåva)."),
    })
LANGUAGES = {"es": _ES, "en": _EN, "pt": _PT, "fr": _FR, "de": _DE, "sv": _SV}


@dataclass(frozen=True, slots=True)
class Case:
    language: str
    shape: str
    after: bool  # the citation follows the quotation
    titled: bool  # the piece is named by its title
    text: str
    lang: Language


def _sentence(words: str) -> str:
    return words[0].upper() + words[1:]


def cases() -> Iterator[Case]:
    for code, lang in LANGUAGES.items():
        for shape, (before, after) in lang.shapes.items():
            for is_after, pattern in ((False, before), (True, after)):
                for has_title, piece in zip((False, True), lang.piece, strict=True):
                    w = piece.format(t=lang.title)
                    # the title right after a noun: "the editorial “T”", or nothing
                    n = w[w.index(" ", w.index(" ") + 1):] if has_title else ""
                    paras = [lang.filler.format(x=lang.other)] + [
                        p.format(o=lang.outlet, b=lang.bare, w=w, n=n, d=lang.date, q=lang.quote,
                                 u=URL) for p in pattern.split("|")]
                    text = "\n\n".join(_sentence(p) for p in paras) + "\n"
                    yield Case(code, shape, is_after, has_title, text, lang)


def names_work(c: Citation, case: Case) -> bool:
    """The work the case names: its URL when it gives one, else its outlet or its title."""
    if case.shape == "url":
        return c.url == URL
    if c.url:
        return False
    words = " ".join(x or "" for x in (c.outlet, c.title)).casefold()
    outlet = case.lang.bare.casefold()
    return outlet.split()[-1] in words or (case.titled and case.lang.title.casefold() in words)


@dataclass(slots=True)
class Result:
    case: Case
    right: bool
    wrong: bool
    got: str


def run() -> list[Result]:
    out = []
    for case in cases():
        doc = parse_document(case.text.encode(), "synthetic.md", "md")
        quotes, _ = extract(doc)
        q = next((q for q in quotes if q.text.startswith(case.lang.quote[:20])), None)
        c = q.citation if q is not None and q.kind is QuoteKind.QUOTATION else None
        right = c is not None and names_work(c, case)
        wrong = c is not None and not right
        got = "not a quotation" if q is None or q.kind is not QuoteKind.QUOTATION else \
            (q.link_reason or "")
        out.append(Result(case, right, wrong, got))
    return out


def summary(results: list[Result]) -> str:
    n = len(results)
    right = sum(r.right for r in results)
    wrong = sum(r.wrong for r in results)
    return (f"synthetic phrasings: {n} cases, right {right / n:.1%}, wrong {wrong / n:.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", action="store_true", help="list every case not right")
    args = ap.parse_args(argv)
    results = run()
    if args.verbose:
        for r in results:
            if not r.right:
                where = "after" if r.case.after else "before"
                title = "title" if r.case.titled else "no title"
                print(f"{r.case.language} {r.case.shape} {where} {title}: "
                      f"{'WRONG' if r.wrong else 'untied'}: {r.got}")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
