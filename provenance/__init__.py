"""provenance: check that the quotations in a document are really in the works they cite.

>>> import provenance
>>> report = provenance.check("story.md", offline=True)
>>> report.summary
{'found': 4, 'altered': 1, 'missing': 1, 'unverified': 1}

The functions are loaded on first use, so importing the package (or only its model) stays
cheap; the model types, ``Settings`` and the error classes are plain imports.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from provenance.errors import (
    CacheError,
    CacheMiss,
    ConfigError,
    DocumentError,
    FetchError,
    FetchFailure,
    ProvenanceError,
)
from provenance.model import (
    Citation,
    CitationHow,
    Document,
    Edit,
    EditKind,
    Flag,
    Match,
    Origin,
    PageText,
    Quote,
    QuoteKind,
    Report,
    Snapshot,
    Source,
    Span,
    Status,
    Verdict,
)
from provenance.settings import Settings
from provenance.version import __version__

if TYPE_CHECKING:
    from provenance.api import check, open_cache, write_reports

_API = ("check", "open_cache", "write_reports")

__all__ = [
    "CacheError",
    "CacheMiss",
    "Citation",
    "CitationHow",
    "ConfigError",
    "Document",
    "DocumentError",
    "Edit",
    "EditKind",
    "FetchError",
    "FetchFailure",
    "Flag",
    "Match",
    "Origin",
    "PageText",
    "ProvenanceError",
    "Quote",
    "QuoteKind",
    "Report",
    "Settings",
    "Snapshot",
    "Source",
    "Span",
    "Status",
    "Verdict",
    "__version__",
    "check",
    "open_cache",
    "quotes",
    "write_reports",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        from provenance import api

        return getattr(api, name)
    raise AttributeError(f"module 'provenance' has no attribute {name!r}")


class _QuotesStage(types.ModuleType):
    """``provenance.quotes`` is the stage package and the library function alike:
    ``provenance.quotes(document)`` lists a document's quotes, each tied to the work it
    cites, and ``provenance.quotes.find`` is still the stage's module."""

    def __call__(self, document: Any, **options: Any) -> list[Quote]:
        from provenance.api import quotes

        return quotes(document, **options)


# Only the package's light __init__ is imported here; its modules load when first used.
from provenance import quotes  # noqa: E402

quotes.__class__ = _QuotesStage
