"""What is quoted: every passage in quote marks, block quote and dialogue line of a document.

In: a ``Document``. Out: ``Quote`` values, each with its span, the marks used, its language,
its kind (quotation, term or title) and the speaker the document names, if any
(``find.find_quotes``). Modules: ``marks`` (which characters open and close a quote),
``layout`` (lines, paragraphs, block quotes), ``dialogue`` (dash-led speech), ``kinds``
(quotation, term or title), ``speakers`` (who the document says spoke).

Called, the package is the library's ``provenance.quotes(document)``: every quotation, term
and title of the document, each tied to the work it cites (see ``provenance.api.quotes``).
"""
