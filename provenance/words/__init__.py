"""The vocabulary every stage shares, and no stage owns.

Nothing here imports a stage. ``normalize`` is the comparison form of text (quote glyphs,
dashes, spaces and Unicode forms folded; word keys); ``dates`` reads dates written in the
languages the tool knows; ``titles`` folds titles of works for comparison; ``language``
tags a passage with its language; ``shingles`` hashes runs of word keys the same way for
the cache's index and for a quote looked up in it.
"""
