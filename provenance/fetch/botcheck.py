"""Bot checks: a CAPTCHA or browser challenge where the page should be.

The fetcher needs to tell one from a real answer before it retries (a challenge does not go
away by asking again), and text extraction before it calls a page's words the article: both
read the same phrases, kept here.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["BOT_WALL", "is_bot_check"]

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


def is_bot_check(body: bytes, content_type: str = "") -> bool:
    """True when a page is a bot check (CAPTCHA, browser challenge) rather than content."""
    low = _ascii_view(body[:200_000], content_type).lower()
    return any(phrase in low for phrase in BOT_WALL)


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
