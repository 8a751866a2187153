"""An outlet as the object of speech: "Trump told The New York Times", "dijo a El País", "en
entrevista con Cooperativa", "sa till Dagens Nyheter", "sagte der Zeitung Die Welt".

The words are given to the outlet's interview or report, so the outlet is the cited work. A
name is taken for an outlet when an article or a press word leads it ("The New York Times",
"the Times", "el diario Clarín"), or, after "interview with" and its kin, when it is one
word ("Cooperativa"); a first and last name ("told Jane Roe") is a person, who is no work.
A short name in lower case ("told the Times") is an outlet named before in full; with none,
it is the writer's own paper ("in an interview with the Globe"), which is no cited work.
"""

from __future__ import annotations

import re

from provenance.citations import references as refs
from provenance.citations.trace import Trace, paragraph
from provenance.model import CitationHow, Document, Span
from provenance.quotes.layout import Layout

__all__ = ["told"]

_UP = "A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ"
_INTERVIEW = (
    r"in\s+an\s+interview\s+with|interviewed\s+by|en\s+(?:una\s+)?entrevista\s+(?:con|a)|"
    r"em\s+entrevista\s+(?:ao|à|a|com)|dans\s+un\s+entretien\s+(?:au|à|avec)|"
    r"im\s+(?:interview|gespräch)\s+mit|i\s+en\s+intervju\s+med|i\s+intervju\s+med"
)
_TOLD = re.compile(  # run on lowered text
    r"\b(?:(?P<i>" + _INTERVIEW + r")|told|said\s+to|speaking\s+to|"
    r"dijo\s+a|declar[oó]\s+a|cont[oó]\s+a|explic[oó]\s+a|asegur[oó]\s+a|afirm[oó]\s+a|"
    r"en\s+declaraciones\s+a|"
    r"disse\s+(?:ao|à|a)|declarou\s+(?:ao|à|a)|afirmou\s+(?:ao|à|a)|contou\s+(?:ao|à|a)|"
    r"a\s+(?:déclaré|dit|confié|expliqué)\s+(?:au|à\s+la|à)|"
    r"(?:sagte|erklärte)\s+(?:(?:er|sie)\s+)?(?:der|dem|gegenüber(?:\s+der|\s+dem)?)|"
    r"(?:sa|sade|säger|berättar|berättade)\s+(?:(?:hon|han|hen|de)\s+)?(?:till|för))\s+"
)
# The speaker between the verb and the outlet, after the quotation: "“…”, dijo la alcaldesa
# Ana Ruiz a La Voz", "“…,” said Mayor Ann Reed to The Harbour Times" (run on lowered text;
# the word before the preposition must be a capitalised name, checked in the original).
_TOLD_AFTER = re.compile(
    r"\b(?:dijo|declar[oó]|said|disse|declarou|a\s+(?:déclaré|dit)|sagte|erklärte|sa|sade)"
    r"\s+(?:[^\s,.;:“”«»„]+\s+){1,5}?(?P<p>a|al|to|ao|à|au|der|dem|till|för)\s+")
# A preposition holding the article ("ao", "au", "al", German "der"/"dem"): the name after it
# is led by an article, as a paper's name is.
_WITH_ARTICLE = re.compile(r"(?:\bao|\bà|\bau|\baux|\bal|\bder|\bdem)\s+$")
_LEAD = re.compile(r"(?:the|el|la|los|las|le|les|die|der|das|den|o|a)\s+[" + _UP + "]",
                   re.IGNORECASE)
_PERSON = re.compile(rf"[{_UP}][\w'’-]+\s+[{_UP}][\w'’-]+$")


def told(doc: Document, lay: Layout) -> list[Trace]:
    """Each outlet the document names as the one spoken to, reaching its paragraph."""
    text = doc.text
    out = []
    named: list[str] = []  # outlets named so far, for a short name such as "the Times"
    low = refs.lowered(text)
    found = [m for m in _TOLD.finditer(low)] + [
        m for m in _TOLD_AFTER.finditer(low) if _named_before(text, m.start("p"))]
    found.sort(key=lambda m: m.start())
    for m in found:
        name = refs.NAME_AT.match(text, m.end())
        if name is None or refs.VAGUE.match(text, m.end()):
            continue
        words = name.group("o")
        lead = text[m.end() : name.end()]
        if refs.GENERIC_PRESS.fullmatch(lead.strip()):
            continue  # "told the newspaper": which one?
        contracted = bool(_WITH_ARTICLE.search(m.group(0)))
        if not (name.group("paper") or _LEAD.match(lead) or contracted or
                ("i" in m.re.groupindex and m.group("i") and " " not in words.strip())):
            continue
        if _PERSON.match(words) and not name.group("paper") and not _LEAD.match(lead) and \
                not contracted:
            continue
        outlet = refs.outlet_name(lead if _LEAD.match(lead) else words)
        if lead[:1].islower() and not name.group("paper"):
            # "the Times": short for an outlet named before ("The New York Times"); with
            # none named, the writer's own paper ("in an interview with the Globe")
            outlet = next((o for o in reversed(named) if o.casefold().endswith(
                words.casefold().strip())), "")
            if not outlet:
                continue
        named.append(outlet)
        para = paragraph(lay, m.start())
        out.append(Trace(CitationHow.NARRATIVE, Span(m.start(), name.end()),
                         text[m.start() : name.end()], outlet, reach=[para]))
    return out


def _named_before(text: str, at: int) -> bool:
    """Whether the word before ``at`` is a capitalised name (the speaker: "Ana Ruiz a …")."""
    words = text[max(0, at - 40) : at].split()
    return bool(words) and words[-1][:1].isupper()
