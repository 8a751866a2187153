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

__all__ = ["credit_link", "is_person", "is_share"]

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
