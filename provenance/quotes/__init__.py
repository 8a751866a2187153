"""What is quoted: every passage in quote marks, block quote and dialogue line of a document.

In: a ``Document``. Out: ``Quote`` values, each with its span, the marks used, its language,
its kind (quotation, term or title) and the speaker the document names, if any
(``find.find_quotes``). Modules: ``marks`` (which characters open and close a quote),
``layout`` (lines, paragraphs, block quotes), ``dialogue`` (dash-led speech), ``kinds``
(quotation, term or title), ``speakers`` (who the document says spoke).

The package is also the library's ``provenance.quotes(document)``: calling it returns every
quotation, term and title of the document, each tied to the work it cites.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provenance.model import Quote


class _Stage(types.ModuleType):
    def __call__(self, document: Any, **options: Any) -> list[Quote]:
        from provenance.api import quotes

        return quotes(document, **options)


sys.modules[__name__].__class__ = _Stage
