"""The rule that decides whether a quote is a quotation, a term or a title.

Written as an ordered list of tests on the words around the quote; the first that holds
decides, and its reason is kept so tests (and curious users) can see why. Ambiguous cases
lean towards ``quotation``: a needless check costs little, a skipped one hides an error.

0. HTML <cite> marks a work's title, marks or none: it is a title.
1. HTML <q>/<blockquote> and Markdown ">" block quotes are quotations. In a reference entry
   (a note's definition, a references section) a quoted passage is the title of the work
   the entry describes, unless a colon or a verb of saying introduces it.
2. A title names a work: a work word right before it ("Editorial “…”", "Opinión “…”",
   "ledaren ”…”", "the Opinion section, “…”"), or an author right after it ("“…”, por J.
   Bruce"), or it follows "in" and a parenthesis of place and date only follows it ("La
   República en “…” (Lima, 18 de febrero de 2026)"), or it opens a parenthetical reference
   ("(“…”, El País, 2020)").
3. A term is named as a term: "so-called “…”", "llamados “…”", "la figura de “…”".
   (Rules 2 and 3 hold only for quotes of 20 words or fewer inside the writer's sentence.)
4. A quotation is someone's words: it stands alone as its paragraph, or a colon or a verb
   of saying introduces it in the same sentence or follows it ("“…,” she said"), or a
   parenthetical citation follows it, or it holds a whole sentence, or it is long (10 words
   or more), or a note marker follows it ("“…”[^1]", "“…”¹"), or its marks are damaged
   around four words or more (writers damage marks when
   pasting real quotations).
5. Anything else, short and embedded in the writer's own sentence, is a term (scare quote).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from provenance.model import QuoteKind
from provenance.words.dates import find_dates

__all__ = ["LONG_QUOTE", "SPEECH", "Context", "decide_kind", "speaks"]

LONG_QUOTE = 10  # words: from here on an unattributed quote is still verified

_UPPER = "A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ"
_LOWER = "a-záéíóúñäöåüàèìòùâêîôûçøæß"

_GENRE = re.compile(
    r"(?:\b(?:editorial(?:es)?|éditorial|opini[oó]n(?:\s+(?:section|page|column))?|opinionssidan|"
    r"ledare[n]?|ledarsidan|columna|column|kolumne|kommentar|leitartikel|art[ií]culo|article|"
    r"artikel(?:n)?|essay|ensayo|libro|book|boken|buch|livro|livre|film|pel[ií]cula|informe|"
    r"nota|reportaje|reportagem|noticia|notícia|story|op-ed|post|entrada|"
    r"report|rapport(?:en)?|bericht|relat[oó]rio|editorialen|krönika[n]?|chronique|cr[oó]nica|"
    r"titulad[oa]|titled|entitled|betitlad|titeln|titel|intitulad[oa]|intitul[ée]e?|"
    r"sección|section|page|p[aá]gina|sidan|seite)\b)\s*(?:de\s+)?$",
    re.IGNORECASE,
)
_TERM_CUE = re.compile(
    r"\b(?:so-called|so\s+called|called|known\s+as|the\s+(?:figure|tactic|term|word|notion|"
    r"concept|label|idea)\s+of|llamad[oa]s?|denominad[oa]s?|la\s+figura\s+de|el\s+t[eé]rmino|"
    r"la\s+palabra|s[aå]\s+kallade?|kallade|sogenannte[nrsm]?|genannte[nrsm]?|"
    r"chamad[oa]s?|soi-disant|dit[es]?|termen|ordet|begreppet|the\s+word|the\s+term|"
    r"the\s+(?:phrase|expression|words)|del\s+t[eé]rmino|la\s+(?:expresi[oó]n|frase)|"
    r"de\s+la\s+palabra|a\s+palavra|o\s+termo|le\s+mot|le\s+terme|das\s+wort|"
    r"der\s+begriff|uttrycket|"
    # an example given, not said: "For example: “…”", "e.g., “…”", "por ejemplo, “…”"
    r"for\s+example\s*[:,]?|e\.\s*g\.\s*,?|por\s+ejemplo\s*[:,]?|p\.\s*ej\.\s*,?|"
    r"por\s+exemplo\s*[:,]?|par\s+exemple\s*[:,]?|zum\s+beispiel\s*[:,]?|z\.\s*B\.\s*,?|"
    r"till\s+exempel\s*[:,]?|t\.\s*ex\.\s*,?|"
    # words given to a tool: "Prompt: “…”", "ChatGPT prompt: “…”"
    r"prompt\s*:)\s*$",
    re.IGNORECASE,
)
_AUTHOR_AFTER = re.compile(
    rf"^[\s,.;:]*(?:\([^()]{{1,80}}\)\s*)?,?\s*(?:por|by|av|von|par|di|door)\s+[{_UPPER}]"
)
_PAREN_AFTER = re.compile(r"^[\s,;]*\(\s*([^()]{3,300}?)\s*\)")
# A note marker right after the closing mark: "“…”[^smith]", "“…”[3]", "“…”¹" (a cited
# phrase is someone's words, however short).
_MARKER_AFTER = re.compile(r"[\s,.;:]*(?:\[\^[^\]\s]{1,100}\]|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_IN = re.compile(r"\b(?:in|en|i|im|em|dans|na|no|nel|in\s+the|en\s+el)\s*$", re.IGNORECASE)
_OPENS_REFERENCE = re.compile(r"\(\s*$")
_COMMA_NAME = re.compile(
    rf"^\s*,\s*(?:(?:[Ll]a|[Ee]l|[Tt]he|[Ll]e|[Dd]ie|[Dd]er|[Oo]|[Aa])\s+)?[{_UPPER}]"
)
SPEECH = re.compile(
    r"\b(?:said|says|say|stated|states|wrote|writes|added|declared|assured|affirmed|claimed|"
    r"told|asked|editoriali[sz]ed|points?\s+out|pointed\s+out|noted|insisted|warned|argued|"
    r"asserted|asserts|explained|explains|according\s+to|we\s+read|reads|called|described|dubbed|branded|"
    r"labell?ed|reported|reports|concluded|concludes|suggests|suggested|notes|argues|"
    r"observed|observes|recalled|recalls|admitted|acknowledged|"
    r"inform[oó]|informa|concluy[oó]|concluye|explica|advierte|recuerda|reconoce|"
    r"afirmou|informou|concluiu|sustentou|"
    r"a\s+rapporté|rapporte|a\s+conclu|conclut|a\s+expliqué|"
    r"erklärt|berichtete|berichtet|betont|sagt|"
    r"menar|menade|rapporterade|rapporterar|"
    r"calific[oó]|tild[oó]|describi[oó]|"
    r"dijo|dice|dicen|afirm[oó]|afirma|asegur[oó]|asegura|señal[oó]|señala|declar[oó]|"
    r"escribi[oó]|escribe|añadi[oó]|editorializ[oó]|sostuvo|sostiene|indic[oó]|advirti[oó]|"
    r"explic[oó]|seg[uú]n|se\s+lee|respondi[oó]|contest[oó]|pregunt[oó]|coment[oó]|"
    r"agreg[oó]|reconoci[oó]|admiti[oó]|precis[oó]|subray[oó]|recalc[oó]|destac[oó]|"
    r"manifest[oó]|expres[oó]|relat[oó]|record[oó]|insisti[oó]|concluy[oó]|"
    r"sa|sade|säger|skrev|skriver|förklarade|försäkrade|påpekar|påpekade|hävdade|hävdar|"
    r"frågar|frågade|berättar|berättade|svarar|svarade|fortsätter|fortsatte|konstaterar|"
    r"konstaterade|tillägger|tillade|betonar|betonade|"
    r"sier|forteller|fortalte|svarer|svarte|spør|spurte|understreker|"
    r"siger|sagde|fortæller|svarede|spørger|spurgte|tilføjer|"
    r"sanoo|sanoi|kertoo|kertoi|toteaa|totesi|vastaa|vastasi|kysyy|kysyi|"
    r"enligt|står\s+det|"
    r"sagte|sagt|schrieb|schreibt|erklärte|betonte|meinte|laut|heißt\s+es|"
    r"disse|diz|afirmou|escreveu|declarou|segundo|garantiu|lê-se|respondeu|perguntou|"
    r"explicou|acrescentou|comentou|"
    r"va\s+dir|diu|digué|va\s+afirmar|va\s+explicar|va\s+afegir|va\s+respondre|afegeix|"
    r"a\s+dit|dit|déclaré|écrit|affirmé|selon|a\s+assuré|on\s+lit|répond|répondit|"
    r"explique|expliqua|ajoute|ajouta|affirme|déclare|assure|souligne|précise|poursuit|"
    r"demanda|insiste)\b",
    re.IGNORECASE,
)
# An example sentence: a saying verb in the infinitive, or with "could", "you might", "such
# as" ("podrías decir: “…”", "as simple as saying “…”", "you could say: “…”"): words no one
# has said, offered to be said. A quote continuing such a list (", o “…”") is one too.
_HYPOTHETICAL = re.compile(
    r"(?:\b(?:podr[ií]as?|puedes|puede|podemos|podéis|could|might|can|would|should|"
    r"poderia|podes|pourriez|pourrais|peux|könnten?|kannst|kan|skulle)\s+"
    r"(?:(?:also|también|simplemente|simply|just)\s+)?"
    r"(?:decir|say|dizer|dire|sagen|säga)|\b(?:como|such\s+as|like|as)\s+(?:decir|saying)|"
    r"\b(?:decir|say)\s*:|\bable\s+to\s+say|\bpoder\s+decir|"
    # how a sentence is written, shown: "quotes would appear as: « … »"
    r"\b(?:would\s+)?(?:appear|appears|look|looks|be\s+written|is\s+written)\s+(?:as|like)\s*:?)",
    re.IGNORECASE)
_LIST_GOES_ON = re.compile(r"^[”\"»’]?\s*,?\s*(?:o|or|y|and|ou|et|oder|und|eller|och)\s*$",
                           re.IGNORECASE)
# The colon of a note's own label ("[^smith]: “Title.” Outlet"), which introduces nothing.
_NOTE_LABEL = re.compile(r"^\s*(?:\[\^?[^\]\n]{1,100}\]|\d{1,3}[.)]?)\s*:\s*$")
# After "Author, “Title,”": the outlet and its volume, pages or year, as a reference gives
# them ("“…,” American Journal of Mathematics, 56, 659-663", "“…,” Statistical Science 1997").
_BIBLIOGRAPHIC = re.compile(
    rf"^[\s,]*(?:[Ii]n\s+)?[{_UPPER}][\w’'&.-]*(?:\s+[\w’'&.-]+){{0,6}}?,?\s+"
    r"(?:\d{1,4}\b|\(\d{4}\)|vol\.|no\.|pp?\.)")
_SENTENCE_END = re.compile(rf"(?<=[{_LOWER}0-9)\]][.!?])\s+")
_INNER_SENTENCE = re.compile(rf"[{_LOWER}0-9][.!?…]\s+[¿¡«“\"'‘]?[{_UPPER}]")
_PLACE_WORDS = 3
# The verb after a quote introduces the next one ("“…”, Sokal nos advierte cómo “…”"): it
# is that quote's verb, not this one's.
_INTRODUCES_NEXT = re.compile(
    r"\s+(?:c[oó]mo|que|that|how|what|dass|att|comment|como|hur)\s*:?\s*[“«„\"]|\s*:\s*[“«„\"]",
    re.IGNORECASE)
# In a reference entry, "Encyclopaedia Britannica: “Punctuation.”": the colon after a
# work's or publisher's name introduces a title, not words said.
_OUTLET_COLON = re.compile(rf"[{_UPPER}][\w.&'’-]*\s*:\s*$")
_NEGATED = re.compile(r"\b(?:no|not|never|nunca|jamás|não|nunca|ne|n['’]|nie|aldrig|"
                      r"didn['’]t|doesn['’]t|don['’]t|never)\s+$", re.IGNORECASE)
_NOT_AFTER = re.compile(r"\s+(?:not|nicht|inte|pas|nie)\b", re.IGNORECASE)
_THAT = re.compile(r"\b(?:que|that|dass|att|qu['’]|que)\s*$", re.IGNORECASE)
_OWN_SENTENCE_WORDS = 3  # words: "Yes." or "Punctuation." is no one's sentence
_EDITION_WORDS = 7
_EDITION_GLUE = frozenset((
    "de", "del", "la", "el", "of", "the", "da", "do", "du", "des", "der", "die", "i", "diario",
    "periódico", "newspaper", "daily", "tidningen", "jornal", "journal", "zeitung", "quotidien"))
# After a title's parenthesis the writer's sentence goes on: a comma, a colon, a lower-case
# word ("), donde se afirma", "): “…”", ") se concluye").
_SENTENCE_GOES_ON = re.compile(r"\s*(?:[,:;]|[a-záéíóúñäöåüàèìòùâêîôûçß])")
_CLAUSE_WORDS = 14
_CUE_CHARS = 60
_AFTER_WORDS = 3  # words: “…,” the mayor said.
_ENTRY_TITLE = 40  # words: a quoted passage in a reference entry up to this long is a title


@dataclass(frozen=True, slots=True)
class Context:
    """What the rule looks at: the quote and the words around it."""

    text: str  # inside the marks
    before: str = ""  # the paragraph (or enclosing quote) before the opening mark
    after: str = ""  # the paragraph (or enclosing quote) after the closing mark
    previous: str = ""  # the end of the previous paragraph
    standalone: bool = False  # nothing but quotes and punctuation in the paragraph
    nested: bool = False  # inside another quote
    block: bool = False  # <q>, <blockquote>, Markdown ">"
    cite: bool = False  # HTML <cite>: the markup names it a work's title
    damaged: bool = False  # an opening or closing mark missing, or mismatched
    entry: bool = False  # in a reference entry: a note's definition, a references section
    lead: str = ""  # the paragraph before the opening mark, earlier quotes included


def speaks(words: str) -> bool:
    """Whether ``words`` (a few) say someone speaks: "dijo el ministro", "she said"."""
    return SPEECH.search(words) is not None


def decide_kind(ctx: Context) -> tuple[QuoteKind, str]:
    """The kind of the quote in ``ctx`` and the reason, per the rule in this module's doc."""
    if ctx.cite:
        return QuoteKind.TITLE, "title: marked up as <cite>"
    if _emoji_led(ctx.text) or _emoji_led(ctx.before.rsplit("\n", 1)[-1], short=True):
        return QuoteKind.TERM, "term: an example set apart with an emoji"
    if ctx.block:
        return QuoteKind.QUOTATION, "block quotation"
    words = len(ctx.text.split())
    sentence = _sentence_before(ctx.before)
    tail = ctx.before[-_CUE_CHARS:]  # the cues below end where the quote starts
    if ctx.entry and words <= _ENTRY_TITLE and not ctx.nested and not (
            (ctx.before.rstrip().endswith(":") and not _NOTE_LABEL.search(ctx.before)
             and not _OUTLET_COLON.search(ctx.before))
            or SPEECH.search(sentence)):
        return QuoteKind.TITLE, "title: in a reference entry"
    if not ctx.standalone and words <= _ENTRY_TITLE and _BIBLIOGRAPHIC.match(ctx.after) and \
            (ctx.text.rstrip().endswith(",") or ctx.after.lstrip().startswith(",")) and \
            not SPEECH.search(ctx.after[:60]):
        return QuoteKind.TITLE, "title: a reference follows it (outlet, volume, year)"
    if not ctx.standalone and words <= 20:
        if _GENRE.search(tail):
            return QuoteKind.TITLE, "title: a work word comes right before it"
        if _AUTHOR_AFTER.search(ctx.after):
            return QuoteKind.TITLE, "title: its author follows it"
        paren = _PAREN_AFTER.search(ctx.after)
        if paren and _IN.search(tail) and _place_and_date(paren.group(1)):
            return QuoteKind.TITLE, "title: a place and date follow it"
        if paren and _names_edition(paren.group(1)) and _SENTENCE_GOES_ON.match(
                ctx.after[paren.end():]) and ctx.text.rstrip()[-1:] not in ".!?…" and \
                not SPEECH.search(" ".join(ctx.after[paren.end():].split()[:3])):
            # "publicó “T” (18 de febrero de 2026), donde …", "la nota “T” (diario X, 18
            # de febrero): “…”": a quotation's citation ends its sentence; a title's does not
            return QuoteKind.TITLE, "title: an outlet or date follows it, and the sentence goes on"
        if _OPENS_REFERENCE.search(tail) and _COMMA_NAME.search(ctx.after):
            return QuoteKind.TITLE, "title: it opens a parenthetical reference"
        if _TERM_CUE.search(tail):
            return QuoteKind.TERM, "term: named as a term"
    if ctx.standalone:
        return QuoteKind.QUOTATION, "stands alone as its paragraph"
    clause = _SENTENCE_END.split(ctx.lead)[-1]
    if _HYPOTHETICAL.search(sentence) or (_LIST_GOES_ON.search(ctx.before)
                                          and _HYPOTHETICAL.search(clause)):
        return QuoteKind.TERM, "term: an example of what one could say"
    if ctx.before.rstrip().endswith(":") or (
        not ctx.before.strip() and ctx.previous.rstrip().endswith(":")
    ):
        return QuoteKind.QUOTATION, "introduced by a colon"
    verb = _speech_verb(sentence)
    if verb:
        return QuoteKind.QUOTATION, f"introduced by {verb.group(0)!r}"
    if _THAT.search(ctx.before) and (verb := _speech_verb(_sentence_before(ctx.lead))):
        # "informó en “T” (17 de febrero) que “…”": the verb stands before a title
        return QuoteKind.QUOTATION, f"introduced by {verb.group(0)!r} … that"
    verb = _speech_verb(" ".join(re.findall(r"\w+", ctx.after[:80])[:_AFTER_WORDS]))
    if verb and not ctx.nested and not _INTRODUCES_NEXT.match(
            ctx.after, _verb_end(ctx.after, verb.group(0))):
        return QuoteKind.QUOTATION, f"followed by {verb.group(0)!r}"
    if _MARKER_AFTER.match(ctx.after):
        return QuoteKind.QUOTATION, "a note marker follows it"
    paren = _PAREN_AFTER.search(ctx.after)
    if paren and _is_reference(paren.group(1)):
        return QuoteKind.QUOTATION, "a parenthetical citation follows it"
    if _INNER_SENTENCE.search(ctx.text):
        return QuoteKind.QUOTATION, "holds a whole sentence"
    if words >= _OWN_SENTENCE_WORDS and re.match(rf"[¿¡]?[{_UPPER}]", ctx.text) and \
            ctx.text.rstrip()[-1:] in ".!?," and not ctx.nested and (
            not ctx.before.strip() or ctx.before.rstrip()[-1] in ".!?"):
        # “This must stop.” Lederman said …: a sentence someone said, set in the writer's
        return QuoteKind.QUOTATION, "a sentence of its own"
    if words >= LONG_QUOTE:
        return QuoteKind.QUOTATION, f"long: {words} words"
    if ctx.damaged and words >= 4:
        return QuoteKind.QUOTATION, "damaged marks around a passage"
    return QuoteKind.TERM, "term: short and in the writer's own sentence"


def _emoji_led(words: str, short: bool = False) -> bool:
    """Whether each line of ``words`` opens with a pictograph ("😇 _“…”_", "✅ “…”"): a
    box of examples marked good and bad, not anyone's words. ``short``: a line leading to
    a quote, where only markup and a short aside may follow the pictograph."""
    lines = [w.lstrip(" \t>*_") for w in words.splitlines()]
    lines = [w for w in lines if w]
    return bool(lines) and all(unicodedata.category(w[0]) == "So" for w in lines) and (
        not short or len(lines[-1].split()) <= 8)


def _sentence_before(before: str) -> str:
    """The clause that leads to the quote: back to a sentence end or semicolon, and no
    further than ``_CLAUSE_WORDS`` words (a verb of saying further back says something else)."""
    clause = _SENTENCE_END.split(before)[-1].rsplit(";", 1)[-1]
    return " ".join(clause.split()[-_CLAUSE_WORDS:])


def _names_edition(inside: str) -> bool:
    """A parenthesis of a date and at most a paper's name or a place ("diario La Voz del
    Puerto, 18 de febrero de 2026", "17 de febrero de 2026")."""
    dates = find_dates(inside)
    if not dates:
        return False
    d = dates[0].span
    rest = (inside[: d.start] + " " + inside[d.end :]).replace(",", " ").split()
    return len(rest) <= _EDITION_WORDS and all(
        w[:1].isupper() or w.casefold() in _EDITION_GLUE for w in rest)


def _place_and_date(inside: str) -> bool:
    dates = find_dates(inside)
    if not dates:
        return False
    d = dates[0].span
    rest = (inside[: d.start] + " " + inside[d.end :]).replace(",", " ").split()
    return len(rest) <= _PLACE_WORDS and all(w[:1].isupper() for w in rest)


def _verb_end(after: str, verb: str) -> int:
    k = after.find(verb)
    return k + len(verb) if k >= 0 else len(after)


def _speech_verb(words: str) -> re.Match[str] | None:
    """The first verb of saying in ``words``; a capitalised one inside the sentence is a
    name ("the United States"), not a verb."""
    for m in SPEECH.finditer(words):
        if _NEGATED.search(words[: m.start()]) or _NOT_AFTER.match(words, m.end()):
            continue  # "no dice “…”", "did not say": words not said, but mentioned
        if not m.group(0)[:1].isupper() or not words[: m.start()].strip():
            return m
    return None


def _is_reference(inside: str) -> bool:
    """A parenthesis that names a work: a date, a quoted title, an outlet, ibid., a page."""
    if find_dates(inside):
        return True
    if re.search(r"[“«„\"][^“”«»„\"]{2,}[”»“\"]|(?<!\w)[‘'][^‘’']{2,}[’'](?!\w)", inside):
        return True  # a title in quote marks (an apostrophe, "d’amour", is none)
    return bool(re.search(r"\b(?:ibid|ibídem|op\.\s*cit|p\.\s*\d|pp\.\s*\d|s\.\s*\d)",
                          inside, re.IGNORECASE))
