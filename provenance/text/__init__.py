"""Text: what a captured page says.

In: a ``Snapshot`` (one capture of one URL). Out: a ``PageText``: the article's main text,
the whole page's readable text, title, published date, author and language, and a typed
``Problem`` when the text cannot be trusted to hold a quoted passage (an error status, a
bot check, a paywall, a soft 404, a truncated article, an unsupported type). ``EXTRACTOR``
names the extraction, so text cached by it is dropped when it changes.

``extract`` is the entry point; ``html`` prunes a page and reads its main and full text,
``teasers`` takes teaser and related-link blocks out of the body, ``linked`` the related
headlines a stated ``articleBody`` holds that the page shows as links, ``pitches`` pitch boxes,
disclosures and rights notices, ``problems`` says when a page is a bot wall, cut short or
paywalled, and ``budget`` and ``reader`` read a large page in a child process under a time
and memory budget (the settings' ``page_seconds`` and ``page_memory``).
"""

from __future__ import annotations

from provenance.text.extract import (
    EXTRACTOR,
    content_kind,
    decode_body,
    depends_on_capture,
    extract_text,
    is_bot_check,
)

__all__ = ["EXTRACTOR", "content_kind", "decode_body", "depends_on_capture", "extract_text",
           "is_bot_check"]
