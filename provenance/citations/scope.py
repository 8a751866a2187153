"""Which links can be a quotation's source at all, and which link of a credit line is.

A link on a person's name or handle (a homepage, a GitHub or social profile), a share button
and an image are not cited works. In a credit line naming several things ("— @janl on
[CouchDB](…), [“Sustainable Open Source”](…)"), the work quoted is the link whose words are a
title in quote marks, else the last link that is not a person's.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from provenance.model import Link

__all__ = ["credit_link", "is_person", "is_share", "is_tool", "names_speaker"]

# Hosts where a one-segment path is a person's or an organisation's page.
_PROFILE_HOSTS = frozenset({
    "github.com", "gitlab.com", "twitter.com", "x.com", "facebook.com", "instagram.com",
    "linkedin.com", "mastodon.social", "bsky.app", "threads.net", "tiktok.com",
    "youtube.com", "medium.com", "dev.to", "keybase.io", "about.me", "gravatar.com",
})
_PROFILE_PATH = re.compile(r"^/(?:in/|@|user/|c/|u/|profile/)?[^/]+/?$")
_SHARE = re.compile(
    r"(?:sharer(?:\.php)?|/intent/(?:tweet|post)|/share(?:Article)?\b|shareArticle|"
    r"/submit\?url=|pinterest\.com/pin/create|mailto:|whatsapp://|wa\.me/|"
    r"api\.whatsapp\.com/send|/send\?text=|t(?:elegram)?\.me/share|/share\?url=)",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^@[\w.-]+$")
# The instrument a piece was made with ("Tool: [DALL-E](…). Prompt: “…”"): the words given to
# it are the writer's, not a work it published.
_TOOL_LEAD = re.compile(
    r"(?:\b(?:tools?|made\s+with|generated\s+(?:with|by|using)|created\s+(?:with|using)|"
    r"herramientas?|generad[oa]\s+con|cread[oa]\s+con|ferramentas?|gerad[oa]\s+com|outils?|"
    r"g[ée]n[ée]r[ée]e?\s+avec|werkzeug|erstellt\s+mit|generiert\s+mit|verktyg|skapad\s+med)"
    r"\s*:?\s*[*_]*\s*\[?)$", re.IGNORECASE)
_UP = "A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ"
# A name: capitalised words, particles between them, a regnal number ("Benedicto XVI").
_NAME_WORDS = re.compile(
    rf"^[{_UP}][\w'’.-]+(?:\s+(?:(?:de|del|da|do|dos|van|von|der|la|le|di|y)\s+)?"
    rf"[{_UP}][\w'’.-]+){{1,3}}$")
_ARTICLE_LEAD = re.compile(r"^(?:The|La|El|Los|Las|Le|Les|Die|Der|Das|O|A|Il|De|Het)\s")
# After the name, up to the quote: an apposition or two, then a verb of personal speech that
# introduces the quotation (", ahora Papa Emérito Benedicto XVI, escribió: “").
_SPEAKS_NEXT = re.compile(  # used with .match(text, pos)
    r"\s*(?:,[^,.:;“”\"«»„\n]{1,80}){0,2},?\s*(?:dijo|escribi[oó]|afirm[oó]|declar[oó]|"
    r"explic[oó]|sostuvo|said|wrote|says|writes|stated|explained|argued|disse|escreveu|"
    r"afirmou|a\s+dit|a\s+écrit|écrit|sagte|schrieb|erklärte|sa|sade|skrev)\b[^.“”\"«»„\n]{0,30}"
    r"[:,]?\s*[“\"«„]")
_TITLE_WORDS = re.compile(r"^[\"“‘«„'].+[\"”’»“']$")


def is_person(link: Link) -> bool:
    """A link on someone's name or handle: their profile, not a work they wrote."""
    if _HANDLE.match(link.label.strip()):
        return True
    parts = urlsplit(link.url)
    host = parts.netloc.casefold().removeprefix("www.").removeprefix("m.")
    return host in _PROFILE_HOSTS and bool(_PROFILE_PATH.match(parts.path or "/")) and \
        not parts.query


def is_share(link: Link) -> bool:
    """A share button ("share on X", "send by mail"): the page itself, not a source."""
    return bool(_SHARE.search(link.url))


def credit_link(links: list[Link]) -> Link | None:
    """The work a credit line names, among the links in it."""
    works = [k for k in links if not is_person(k) and not is_share(k)]
    titled = [k for k in works if _TITLE_WORDS.match(k.label.strip())]
    return titled[0] if titled else (works[-1] if works else None)


def is_tool(text: str, link: Link) -> bool:
    """A link on the tool a piece was made with ("Tool: [DALL-E](…)"): no cited work."""
    line = text.rfind("\n", 0, link.span.start) + 1
    return bool(_TOOL_LEAD.search(text[max(line, link.span.start - 60) : link.span.start]))


def names_speaker(text: str, link: Link) -> bool:
    """A link on the name of the person whose words it introduces ("el entonces [Cardenal
    Joseph Ratzinger](…), ahora Papa Emérito [Benedicto XVI](…), escribió: “…”"): a page
    about the speaker, not the work the words come from."""
    label = " ".join(link.label.split())
    if not _NAME_WORDS.match(label) or _ARTICLE_LEAD.match(label):
        return False  # not a name, or an outlet ("The Guardian reported: …")
    return bool(_SPEAKS_NEXT.match(text, link.span.end, min(len(text), link.span.end + 200)))
