"""Reports: what a run found, for people and for programs.

In: a ``Report`` (the document, one ``Verdict`` per quotation, the terms and titles, the
manifest of settings and captures). Out: text in each format named in ``formats.FORMATS``:
Markdown (``markdown``), JSON of schema provenance-report/1 (``render``, schema shipped in
``provenance/schema``), a self-contained HTML page (``html``, with ``redline`` for the word
differences), W3C Web Annotations (``annotations``),
schema.org ClaimReview (``claimreview``) and CSL-JSON (``csl``); the report's sections on
unquoted reuse (``reused``), on the document against its original (``original``) and on
translated quotes (``translated``) have their own modules (``sides`` shows two passages
side by side), as do the words shared by every
format (``wording``, ``visible`` for control characters, ``kept`` for short texts rendered
once); ``fragments`` makes the links that open a page at the quoted passage (``folding``
folds a page's text to find it), and ``diff`` compares two JSON reports. Markdown and JSON
are written to their file as they are made (``formats.WRITERS``), each file whole or not at
all (``whole_files``: a report written over an earlier one takes its file's place).
"""
