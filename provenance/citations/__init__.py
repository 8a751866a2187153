"""Which work each quote cites: links, footnotes, references, citations in words, scope rules.

In: a ``Document`` and its ``Quote`` values. Out: the ``Citation`` values the document gives
(outlet, title, author, date, URL, and how each was found: a link, a footnote, a
parenthetical, a narrative attribution, a back-reference), and each quotation tied to zero
or one of them with the reason for the tie (``attribute.attribute``). Modules: ``traces``
(every mention of a work in the text), ``references`` (footnote and reference-list entries),
``attribute`` (the rules that tie a quotation to the work it cites).
"""
