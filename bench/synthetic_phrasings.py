"""A synthetic phrasing set: every narrative shape of citing a work in words, in es, en, pt,
fr, de and sv, with the citation before and after the quotation, naming a title or none.

Synthetic: generated here, outlets and words fictional. Each case is a small Markdown document
of two paragraphs: the first cites another outlet (so a citation that carries over to the next
paragraph shows up as a wrong tie), the second holds the shape under test. A case is right when
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
    outlet: str  # the work the shape names
    other: str  # the outlet of the paragraph before
    title: str
    date: str
    quote: str
    filler: str  # the first paragraph: "{other} published a report on the harbour."
    # shape -> (before the quote, after it): {o} outlet, {t} title, {d} date
    shapes: dict[str, tuple[str, str]]


_ES = Language(
    "El Diario del Puerto", "La Gaceta del Norte", "Las mareas del invierno",
    "16 de febrero de 2026", "Las obras del muelle terminarán antes de que llegue el invierno",
    "{x} publicó ayer un informe sobre el puerto y sus obras.",
    {
        "subject": ("{o} informó: “{q}”.", "“{q}”, informó {o}."),
        "according": ("Según {o}, “{q}”.", "“{q}”, según {o}."),
        "possessive": ("El editorial de {o} lo dice así: “{q}”.",
                       "“{q}”, dice el editorial de {o}."),
        "told": ("La alcaldesa Ana Ruiz dijo a {o}: “{q}”.",
                 "“{q}”, dijo la alcaldesa Ana Ruiz a {o}."),
        "titled": ("En “{t}” ({o}, {d}) se concluye que “{q}”.",
                   "“{q}”, se concluye en “{t}” ({o}, {d})."),
        "reported_in": ("{o} informó en “{t}” ({d}) que “{q}”.",
                        "“{q}”, informó {o} en “{t}” ({d})."),
    })
_EN = Language(
    "The Harbour Times", "The Northern Gazette", "The tides of winter", "February 16, 2026",
    "The works on the pier will be finished before the winter arrives",
    "{x} published a report on the harbour and its works yesterday.",
    {
        "subject": ("{o} reported: “{q}”.", "“{q},” {o} reported."),
        "according": ("According to {o}, “{q}”.", "“{q},” according to {o}."),
        "possessive": ("As {o}'s editorial puts it: “{q}”.", "“{q},” as {o}'s editorial puts it."),
        "told": ("Mayor Ann Reed told {o}: “{q}”.", "“{q},” Mayor Ann Reed told {o}."),
        "titled": ("In “{t}” ({o}, {d}) the paper concludes: “{q}”.",
                   "“{q},” concludes “{t}” ({o}, {d})."),
        "reported_in": ("{o} reported in “{t}” ({d}) that “{q}”.",
                        "“{q},” {o} reported in “{t}” ({d})."),
    })
_PT = Language(
    "O Jornal da Baía", "A Gazeta do Norte", "As marés do inverno", "16 de fevereiro de 2026",
    "As obras do cais vão terminar antes de chegar o inverno",
    "{x} publicou ontem um relatório sobre o porto e as suas obras.",
    {
        "subject": ("{o} informou: “{q}”.", "“{q}”, informou {o}."),
        "according": ("Segundo {o}, “{q}”.", "“{q}”, segundo {o}."),
        "possessive": ("O editorial de {o} diz assim: “{q}”.", "“{q}”, diz o editorial de {o}."),
        "told": ("A prefeita Ana Reis disse ao {o}: “{q}”.",
                 "“{q}”, disse a prefeita Ana Reis ao {o}."),
        "titled": ("Em “{t}” ({o}, {d}) conclui-se que “{q}”.",
                   "“{q}”, conclui-se em “{t}” ({o}, {d})."),
        "reported_in": ("{o} informou em “{t}” ({d}) que “{q}”.",
                        "“{q}”, informou {o} em “{t}” ({d})."),
    })
_FR = Language(
    "Le Courrier du Port", "La Gazette du Nord", "Les marées de l'hiver", "16 février 2026",
    "Les travaux du quai seront terminés avant que l'hiver n'arrive",
    "{x} a publié hier un rapport sur le port et ses travaux.",
    {
        "subject": ("{o} a rapporté : « {q} ».", "« {q} », a rapporté {o}."),
        "according": ("Selon {o}, « {q} ».", "« {q} », selon {o}."),
        "possessive": ("L'éditorial du {o} le dit ainsi : « {q} ».",
                       "« {q} », dit l'éditorial du {o}."),
        "told": ("La maire Anne Roux a déclaré au {o} : « {q} ».",
                 "« {q} », a déclaré la maire Anne Roux au {o}."),
        "titled": ("Dans « {t} » ({o}, {d}), on conclut que « {q} ».",
                   "« {q} », conclut « {t} » ({o}, {d})."),
        "reported_in": ("{o} a rapporté dans « {t} » ({d}) que « {q} ».",
                        "« {q} », a rapporté {o} dans « {t} » ({d})."),
    })
_DE = Language(
    "Die Hafenzeitung", "Der Nordbote", "Die Gezeiten des Winters", "16. Februar 2026",
    "Die Arbeiten am Kai werden vor dem Winter abgeschlossen sein",
    "{x} veröffentlichte gestern einen Bericht über den Hafen und seine Arbeiten.",
    {
        "subject": ("{o} berichtete: „{q}“.", "„{q}“, berichtete {o}."),
        "according": ("Laut {o}: „{q}“.", "„{q}“, laut {o}."),
        "possessive": ("Der Leitartikel der {o} sagt es so: „{q}“.",
                       "„{q}“, sagt der Leitartikel der {o}."),
        "told": ("Bürgermeisterin Anna Roth sagte der {o}: „{q}“.",
                 "„{q}“, sagte Bürgermeisterin Anna Roth der {o}."),
        "titled": ("In „{t}“ ({o}, {d}) heißt es: „{q}“.", "„{q}“, heißt es in „{t}“ ({o}, {d})."),
        "reported_in": ("{o} berichtete in „{t}“ ({d}): „{q}“.",
                        "„{q}“, berichtete {o} in „{t}“ ({d})."),
    })
_SV = Language(
    "tidningen Hamnbladet", "tidningen Norrposten", "Vinterns tidvatten", "16 februari 2026",
    "Arbetena på kajen blir klara innan vintern kommer till staden",
    "I går publicerade {x} en rapport om hamnen och dess arbeten.",
    {
        "subject": ("Det skriver {o}: ”{q}”.", "”{q}”, skriver {o}."),
        "according": ("Enligt {o}: ”{q}”.", "”{q}”, enligt {o}."),
        "possessive": ("Ledaren i {o} säger det så här: ”{q}”.", "”{q}”, säger ledaren i {o}."),
        "told": ("Borgmästaren Anna Berg sa till {o}: ”{q}”.",
                 "”{q}”, sa borgmästaren Anna Berg till {o}."),
        "titled": ("I ”{t}” ({o}, {d}) står det: ”{q}”.", "”{q}”, står det i ”{t}” ({o}, {d})."),
        "reported_in": ("{o} rapporterade i ”{t}” ({d}): ”{q}”.",
                        "”{q}”, rapporterade {o} i ”{t}” ({d})."),
    })
LANGUAGES = {"es": _ES, "en": _EN, "pt": _PT, "fr": _FR, "de": _DE, "sv": _SV}
_TITLED = {"titled", "reported_in"}


@dataclass(frozen=True, slots=True)
class Case:
    language: str
    shape: str
    after: bool  # the citation follows the quotation
    text: str
    lang: Language


def cases() -> Iterator[Case]:
    for code, lang in LANGUAGES.items():
        for shape, (before, after) in lang.shapes.items():
            for is_after, pattern in ((False, before), (True, after)):
                para = pattern.format(o=lang.outlet, t=lang.title, d=lang.date, q=lang.quote)
                first = lang.filler.format(x=lang.other)
                text = first[0].upper() + first[1:] + "\n\n" + para[0].upper() + para[1:] + "\n"
                yield Case(code, shape, is_after, text, lang)


def names_work(c: Citation, lang: Language, shape: str) -> bool:
    words = " ".join(x or "" for x in (c.outlet, c.title, c.reference)).casefold()
    outlet = lang.outlet.casefold().removeprefix("tidningen ")
    return outlet.split()[-1] in words or (shape in _TITLED and lang.title.casefold() in words)


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
        right = c is not None and names_work(c, case.lang, case.shape)
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
                print(f"{r.case.language} {r.case.shape} {where}: "
                      f"{'WRONG' if r.wrong else 'untied'}: {r.got}")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
