"""What is wrong with a page's text: a bot wall, a page cut short by a paywall, a soft 404.

Each is decided from what the page shows a reader (its visible text, its title, its forms,
its status) and from what the page declares about itself (schema.org ``articleBody`` and
``wordCount``), never from scripts or attributes alone: the word "captcha" in a
``recaptchaVars`` script is on countless ordinary articles. A paywall is a statement about
missing text: a page is only said to be cut short when it shows fewer words than it
declares, when its text ends inside a paywall container, or when it ends with a
subscription prompt. A page that merely carries a paywall label but shows the article is
not cut short.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from provenance.fetch.botcheck import shows_bot_check, visible_text
from provenance.model import Problem, ProblemKind

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "NORMAL_ARTICLE",
    "PAYWALL_PROMPTS",
    "Declared",
    "bot_wall",
    "cut_short",
    "declared",
    "soft_404",
    "visible_text",
]

# words: an article body at least this long is never a bot wall or a "not found" page
NORMAL_ARTICLE = 150
_TEASER_WORDS = 350  # words: paywalled pages show a teaser of about this size or less
# Prompts that stand where a paywalled article stops. Lower case.
PAYWALL_PROMPTS = (
    "subscribe to continue reading", "subscribe to read", "to continue reading, subscribe",
    "this article is for subscribers", "this content is for subscribers",
    "exclusive to subscribers", "subscribers only", "already a subscriber",
    "create a free account to continue", "you have reached your limit of free articles",
    "suscríbete para seguir leyendo", "suscríbete para continuar", "contenido exclusivo para "
    "suscriptores", "este contenido es exclusivo", "ya eres suscriptor",
    # es as Argentina and Uruguay address the reader (voseo)
    "suscribite para seguir leyendo", "suscribite para continuar", "ya sos suscriptor",
    "réservé aux abonnés", "abonnez-vous pour lire", "la suite est réservée",
    "jetzt abonnieren", "nur für abonnenten", "weiterlesen mit", "artikel ist exklusiv",
    "för prenumeranter", "bli prenumerant för att läsa", "redan prenumerant",
    "riservato agli abbonati", "conteúdo exclusivo para assinantes", "assine para continuar",
    "continue lendo com", "já é assinante",
)
_NOT_FOUND = (
    "page not found", "404 not found", "error 404", "not found", "no longer available",
    "page you requested", "página no encontrada", "no se encontró", "la página no existe",
    "página não encontrada", "page introuvable", "seite nicht gefunden",
    "sidan hittades inte", "sidan kunde inte hittas", "pagina non trovata",
)
# Containers paywall scripts put where the article stops.
_PAYWALL_BOX = re.compile(
    r"""<(div|section|aside|article)\b[^>]+(class|id)\s*=\s*["'][^"']*(?<!no-)\b(paywall|"""
    r"""pay-wall|subscriber-only|subscribers-only|regwall|tp-modal|piano-offer|premium-wall)"""
    r"""\b[^>]*>""", re.IGNORECASE)
_BOX_NAME = re.compile(
    r"(?<!no-)\b(paywall|pay-wall|subscriber-only|subscribers-only|regwall|tp-modal|"
    r"piano-offer|premium-wall)\b", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|\bhidden\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Declared:
    """What the page's structured data says of its article."""

    free: bool | None = None  # isAccessibleForFree
    words: int | None = None  # wordCount, or the words of articleBody
    body: str = ""  # articleBody: the article's text as the publisher states it


def bot_wall(html: str, visible: str, main_words: int, status: int = 200) -> Problem | None:
    """A bot check where the article should be: its phrases in the visible text or the
    title, or a challenge form, on a page with no article of normal length."""
    if main_words >= NORMAL_ARTICLE:
        return None
    if not shows_bot_check(html, visible):
        return None
    if status >= 400:
        return Problem(ProblemKind.BLOCKED, status=status)
    return Problem(ProblemKind.BLOCKED, "the page is a bot check, not the article")


def soft_404(heading: str, main_words: int) -> Problem | None:
    if main_words < NORMAL_ARTICLE and (any(n in heading for n in _NOT_FOUND)
                                        or re.search(r"\b404\b", heading)):
        return Problem(ProblemKind.NOT_FOUND,
                       "the page says it was not found, though the server said 200")
    return None


def cut_short(html: str, main: str, declared_: Declared) -> Problem | None:
    """The article cut short: fewer words than the page declares, text that ends inside a
    paywall container, or text that ends with a subscription prompt."""
    words = len(main.split())
    if declared_.words and words < 0.8 * declared_.words:
        kind = ProblemKind.PAYWALLED if declared_.free is False or _ends_in_box(html, main) \
            else ProblemKind.TRUNCATED
        if kind is ProblemKind.TRUNCATED and words >= 0.5 * declared_.words:
            return None  # a loose wordCount: many pages count captions and bylines
        return Problem(kind, f"the article is cut after {words} words "
                       f"(the page declares {declared_.words})")
    # A subscription prompt on the last lines ends a teaser; at the end of a long free
    # article it is only the site's login link ("Already a subscriber? Log in").
    tail = "\n".join(main.split("\n")[-2:]).lower()
    prompt = any(p in tail for p in PAYWALL_PROMPTS) and (
        words < _TEASER_WORDS or declared_.free is False)
    if prompt or _ends_in_box(html, main):
        return Problem(ProblemKind.PAYWALLED, f"the article is cut after {words} words")
    return None


def _ends_in_box(html: str, main: str) -> bool:
    """Whether the main text's last words stand inside a shown paywall container whose
    text the article starts before: where a paywall stops an article, its box holds the
    article's last shown words or the prompt that ends them. A hidden box shows nothing,
    and an empty one (a placeholder a script may fill) stops nothing."""
    if not main or not _PAYWALL_BOX.search(html):
        return False
    from provenance.text.html import parse

    root = parse(html)
    if root is None:
        return False
    words = main.lower().split()
    last, first = " ".join(words[-6:]), " ".join(words[:6])
    for el in root.iter("div", "section", "aside", "article"):
        if not _BOX_NAME.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        inside = " ".join(el.text_content().lower().split())
        if inside and last in inside and first not in inside and not _hidden(el):
            return True
    return False


def _hidden(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node.get("hidden") is not None or _HIDDEN.search(
                f"{node.get('style', '')} {node.get('class', '')}"):
            return True
        node = node.getparent()
    return False


def declared(html: str) -> Declared:
    """isAccessibleForFree and wordCount (or articleBody's length) from JSON-LD."""
    free: bool | None = None
    words: int | None = None
    text = ""
    for m in re.finditer(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", html,
                         re.IGNORECASE | re.DOTALL):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        for item in _walk_json(data):
            value = item.get("isAccessibleForFree")
            if free is None and value is not None:
                free = str(value).strip().lower() not in ("false", "0", "no")
            if words is None and item.get("wordCount") is not None:
                with contextlib.suppress(ValueError):
                    words = int(str(item["wordCount"]).replace(",", "").strip()) or None
            body = item.get("articleBody")
            if isinstance(body, str) and len(body) > len(text):
                text = body.strip()
    if words is None and text:
        words = len(text.split())
    return Declared(free, words, text)


def _walk_json(data: object) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    stack = [data]
    while stack and len(out) < 200:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return out
