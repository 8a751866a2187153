"""Bot checks: a CAPTCHA or browser challenge where the page should be.

The fetcher needs to tell one from a real answer before it retries (a challenge does not go
away by asking again), and text extraction before it calls a page's words the article: both
judge what a reader sees (the visible text, the title, a challenge form), kept here. A
phrase inside a script or an attribute alone does not count: the word "captcha" in a
``recaptchaVars`` script is on countless ordinary pages.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["BOT_WALL", "is_bot_check", "shows_bot_check", "visible_text"]

# Phrases that stand where an article should be. Lower case; matched on whole page text.
BOT_WALL = (
    "captcha", "are you a robot", "are you a human", "verify you are human",
    "verifying you are human", "checking your browser", "just a moment...",
    "attention required! | cloudflare", "cf-browser-verification", "challenge-platform",
    "enable javascript and cookies to continue", "pardon our interruption",
    "access to this page has been denied", "request unsuccessful. incapsula",
    "datadome", "px-captcha", "unusual traffic from your computer",
)
_WIDE = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Scripts, styles and tags: what a reader never sees.
_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->",
                        re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# A challenge form: a form posting to a challenge endpoint, a CAPTCHA widget a reader
# must click (its container is visible, unlike the site key in a script), or a CAPTCHA
# framed in from a challenge service.
_CHALLENGE_FORM = re.compile(
    r"<form[^>]+(challenge|captcha|cf-chl|/cdn-cgi/)[^>]*>|<div[^>]+class=[\"'][^\"']*"
    r"(g-recaptcha|h-captcha|cf-turnstile|px-captcha)|<iframe[^>]+src=[\"'][^\"']*"
    r"(captcha|challenge)", re.IGNORECASE)


def is_bot_check(body: bytes, content_type: str = "") -> bool:
    """True when a page is a bot check (CAPTCHA, browser challenge) rather than content."""
    return shows_bot_check(_ascii_view(body[:200_000], content_type))


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no scripts, styles or tags. Lower case."""
    return " ".join(_TAG.sub(" ", _INVISIBLE.sub(" ", html)).split()).lower()


def shows_bot_check(html: str, visible: str | None = None) -> bool:
    """Whether the page shows a reader a bot check: its phrases in the visible text or the
    title, or a challenge form. ``visible`` is ``visible_text(html)`` when already made."""
    if visible is None:
        visible = visible_text(html)
    m = _TITLE.search(html[:100_000])
    title = " ".join(_TAG.sub(" ", m.group(1)).split()).lower() if m else ""
    if any(p in visible or p in title for p in BOT_WALL):
        return True
    return bool(_CHALLENGE_FORM.search(html[:500_000]))


def _ascii_view(body: bytes, content_type: str) -> str:
    # The phrases are ASCII, and in any charset that extends ASCII their bytes are the same:
    # latin-1 (one character per byte) finds them with no charset detection. Only UTF-16
    # and UTF-32 spell ASCII otherwise, so they are decoded (told by a BOM or the label).
    for bom, codec in _WIDE:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    declared = _CHARSET.search(content_type)
    label = declared.group(1).lower() if declared else ""
    if label.startswith(("utf-16", "utf-32")):
        try:
            return body.decode(label, errors="replace")
        except LookupError:  # a label no codec goes by
            pass
    return body.decode("latin-1")
