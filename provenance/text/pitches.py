"""Pitches and notices: the publisher speaking for itself inside an article.

A box that asks the reader to subscribe, become a member, donate, buy the edition or apply
for an offer ("Jetzt Abo sichern", "Hazte miembro", "Subscribe now", "Apply Now") holds the
publisher's words, not the article's; so do an advertiser or affiliate disclosure ("We may
receive compensation when you click on links to those products") and a short rights notice
("Alle Rechte vorbehalten"). They are taken out of the tree the main text is extracted
from; the page's full text keeps them, so a quote from one is found with ``outside-body``.

A pitch is known by its call to act: a button, link or heading of a few words that starts
with one. The box around it is the largest block around the call that is still small (a box
of a few lines, not the article that holds it) and holds at most two paragraphs of prose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["AD_LABEL", "DISCLOSURE", "PITCH_ACTION", "RIGHTS_NOTICE", "drop_pitches",
           "is_disclosure"]

# Calls to subscribe, join, donate, buy the edition or take an offer, in es, en, pt, fr and
# de, as a button, link or heading starts with them. Lower case.
PITCH_ACTION = re.compile(
    r"^\s*[¡!»›>*]?\s*("
    # es
    r"suscr[ií]bete|suscr[ií]base|suscribirme|hazte (miembro|socio|suscriptor|mecenas)|"
    # es, as Argentina and Uruguay address the reader (voseo)
    r"suscrib[ií]te|ingres[aá] o suscrib[ií]te|hacete (miembro|socio|suscriptor)|"
    r"h[aá]gase (miembro|socio|suscriptor)|dona (ahora|hoy|aqu[ií])|haz (una|tu) donaci[oó]n|"
    r"apoya (nuestro|el) periodismo|lee (la|esta) edici[oó]n (digital|impresa)|"
    r"compra (ahora|ya)|solicita (ahora|ya|tu tarjeta)|"
    # en
    r"subscribe (now|today|here)|subscribe$|become a (member|subscriber|supporter|patron)|"
    r"join (now|today)|donate( now| today| here)?$|make a donation|"
    r"support (our|independent|quality) journalism|get (full|unlimited|digital) access|"
    r"start your (free )?trial|read (the|this) (digital|print) (edition|issue)|"
    r"apply now|buy now|shop now|"
    # pt
    r"assine( j[aá]| agora)?$|assine (o|a|nosso|nossa)|torne-se (membro|assinante|apoiador)|"
    r"seja (membro|assinante|apoiador)|apoie (o|nosso) jornalismo|doe agora|"
    r"leia (a|esta) edi[cç][aã]o (digital|impressa)|compre (agora|j[aá])|"
    # fr
    r"abonnez-vous|je m'abonne|je m’abonne|s'abonner|s’abonner|devenez (membre|abonn[ée])|"
    r"faites un don|soutenez (notre|le) journalisme|lire (le|ce) num[ée]ro|"
    r"achetez (maintenant|d[eè]s maintenant)|"
    # de
    r"jetzt abo\b|abo sichern|abonnieren sie|jetzt (testen|bestellen|kaufen|"
    r"spenden|mitglied werden)|mitglied werden|diese ausgabe jetzt (digital )?lesen|"
    r"unterst[üu]tzen sie (unseren|unabh[äa]ngigen) journalismus)",
    re.IGNORECASE)
# A call that says the article goes on for subscribers marks where a paywall cuts it: it is
# left in, for the paywall check (text.problems) to read; so is "Jetzt abonnieren", one of
# its prompts.
_CUT_PROMPT = re.compile(
    r"seguir leyendo|continuar leyendo|continue reading|keep reading|to read (more|on|the)|"
    r"weiter ?lesen|continuer (à|a) lire|pour lire|lire la suite|continuar lendo|"
    r"para (continuar|ler|leer)|to continue", re.IGNORECASE)
_ACTION_WORDS = 8  # a call to act is a button's or a heading's few words
_BOX_WORDS = 100  # a box around a call longer than this is the page or the article
# A box its class or id names a product, offer or promotion may hold a card's worth of text.
_OFFER_BOX = re.compile(r"offer|promo|product|card|deal|subscri|abo-|membership|donat",
                        re.IGNORECASE)
_OFFER_WORDS = 300
_BOX_PROSE = 2  # paragraphs of prose (this many words and more) a pitch box may hold
_PROSE_WORDS = 15
_BOX_LEVELS = 4
_ARTICLE_SHARE = 1 / 3  # a box holding this share of the page's prose is the article itself
# A box named for the article stops the climb: a short article may hold a call to act.
_ARTICLE_BOX = re.compile(r"article|story|content|body|entry|\bpost\b|\bmain\b", re.IGNORECASE)
_ACTIONS = ("a", "button", "p", "div", "span", "strong", "b", "em", "h2", "h3", "h4", "h5",
            "h6", "li")
_LEAVES = frozenset({"p", "div", "li", "section", "blockquote", "td", "dd", "h2", "h3", "h4",
                     "ul", "ol", "table", "article", "aside"})

# An advertiser or affiliate disclosure, in es, en, pt, fr and de: the site speaking of its
# own links and earnings (reporting about affiliate programmes does not say "we" or "this").
_THIS = r"(this|our) (post|article|page|site|story|guide)"
DISCLOSURE = re.compile(
    r"(from|of) (one or more of )?our advertisers|advertis(er|ing) disclosure|"
    r"\bwe (may )?(receive|earn|get) (a )?(small )?(compensation|commission)|"
    rf"{_THIS} (may )?contains? (sponsored|affiliate) links|\bwe (may )?use affiliate links|"
    r"(podemos|puede que) (recibir|obtener|ganar|recibamos|obtengamos) una (peque[ñn]a )?"
    r"comisi[oó]n|(este|esta) (art[ií]culo|nota|p[aá]gina|post) (puede )?contiene? enlaces "
    r"(de )?afiliad|"
    r"podemos (receber|ganhar) (uma )?(pequena )?comiss[aã]o|(este|esta) (artigo|mat[ée]ria|"
    r"p[aá]gina|post) (pode )?cont[ée]m links (de )?afiliad|"
    r"(nous )?(pouvons|pourrions) (percevoir|recevoir|toucher) une (petite )?commission|"
    r"(cet|cette) (article|page) (peut )?contient? des liens (d'|d’)?affili|"
    r"(erhalten|bekommen) wir (ggf\. |gegebenenfalls |m[öo]glicherweise )?eine (kleine )?"
    r"provision|(dieser|diese) (artikel|beitrag|seite) enth[äa]lt (sogenannte )?"
    r"(affiliate|provisions)-links|\bprovisions-links",
    re.IGNORECASE)
_DISCLOSURE_WORDS = 80  # a disclosure is a sentence or three, not a paragraph of reporting
# A rights notice standing as its own short line: the publisher's, not the article's.
RIGHTS_NOTICE = re.compile(
    r"^\W*(©|\(c\)\s|copyright\s*(©|\(c\)|\d{4})|all rights reserved|todos los derechos reservados|"
    r"prohibida su reproducci[oó]n|todos os direitos reservados|tous droits r[ée]serv[ée]s|"
    r"reproduction interdite|alle rechte vorbehalten|vervielf[äa]ltigung nur mit genehmigung)",
    re.IGNORECASE)
_NOTICE_WORDS = 15
# An advertisement's label standing as a line of its own, where an ad slot was.
AD_LABEL = re.compile(
    r"^\W*(anzeige|werbung|advertisement|advertising|sponsored|publicidad|publicidade|"
    r"publicit[ée]|patrocinado|reklama|pubblicit[àa])\W*$", re.IGNORECASE)


def is_disclosure(line: str) -> bool:
    """Whether a line is an advertiser or affiliate disclosure ("This post contains
    references to products from one or more of our advertisers…") or a short rights notice
    ("Alle Rechte vorbehalten", "© 2024 Diario") or an advertisement's label ("Anzeige",
    "REKLAMA", "Publicidad")."""
    words = len(line.split())
    return ((words <= _DISCLOSURE_WORDS and bool(DISCLOSURE.search(line)))
            or (words <= _NOTICE_WORDS and bool(RIGHTS_NOTICE.match(line)))
            or bool(AD_LABEL.match(line)))


def drop_pitches(root: HtmlElement) -> int:
    """Take pitch boxes (calls to subscribe, join, donate, buy or apply, with the few lines
    around them) and advertiser disclosures out of ``root``; returns how many."""
    doomed: list[HtmlElement] = []
    page_prose = _prose_words(root)
    for el in root.iter(*_ACTIONS):
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if _is_leaf(el) and is_disclosure(text):
            doomed.append(el)
        elif (len(text.split()) <= _ACTION_WORDS and PITCH_ACTION.match(text)
              and not _CUT_PROMPT.search(text) and not _in_page_frame(el)):
            doomed.append(_box(el, page_prose))
    dropped = 0
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
            dropped += 1
    return dropped


def _box(action: HtmlElement, page_prose: int) -> HtmlElement:
    """The largest small block around a call to act: at most ``_BOX_WORDS`` words and
    ``_BOX_PROSE`` paragraphs of prose, not the article's own container and not a short
    article (a third of the page's prose, ``page_prose`` words)."""
    box = action
    node = action.getparent()
    for _ in range(_BOX_LEVELS):
        if node is None or node.tag in ("body", "html", "article", "main"):
            break
        ident = f"{node.get('class', '')} {node.get('id', '')}"
        words = len(node.text_content().split())
        if _prose_words(node) > _ARTICLE_SHARE * page_prose:
            break
        if _OFFER_BOX.search(ident) and words <= _OFFER_WORDS:
            box = node  # a product or offer card: the whole card is the pitch
            break
        if _ARTICLE_BOX.search(ident) or words > _BOX_WORDS or _prose(node) > _BOX_PROSE:
            break
        box = node
        node = node.getparent()
    return box


def _in_page_frame(el: HtmlElement) -> bool:
    """Inside the page's header, navigation or footer: the site's own buttons, which the
    extraction leaves out already (taking them out moves where it looks for the article)."""
    return any(node.tag in ("header", "nav", "footer") for node in el.iterancestors())


def _paragraphs(el: HtmlElement) -> list[int]:
    """The word counts of the paragraphs of prose in ``el``."""
    counts = (len(leaf.text_content().split()) for leaf in el.iter(*_LEAVES) if _is_leaf(leaf))
    return [n for n in counts if n >= _PROSE_WORDS]


def _prose(el: HtmlElement) -> int:
    return len(_paragraphs(el))


def _prose_words(el: HtmlElement) -> int:
    return sum(_paragraphs(el))


def _is_leaf(el: HtmlElement) -> bool:
    return not any(isinstance(d.tag, str) and d.tag in _LEAVES for d in el.iterdescendants())
