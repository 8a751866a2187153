"""Warm, once, what every worker process would otherwise build on its first document.

The process a local batch's workers fork from (the command itself, or a forkserver where
that is not safe) imports this module before any worker forks from it: the language model
read, numpy's masked arrays imported (numpy loads them on first use, in
found-elsewhere), the shipped outlet registry parsed and its sites split, the quote finder's
first run done. Each worker then starts with all of it, copy-on-write, rather than paying
about a tenth of a second for it on its first document. Only process-wide, read-only state
is made here: no cache is opened and no file written (a connection must not cross a fork).
"""

from __future__ import annotations

__all__ = ["warm_up"]

# A document of one quotation and the work it cites, run through the quote finder.
_SYNTHETIC = ("# A synthetic story\n\nThe mayor said “the harbour budget was approved by "
              "the council on Monday evening” (The Synthetic Courier, 3 March 2024).\n")


def warm_up() -> None:
    """Build the process-wide state above; anything that fails is left to the workers."""
    try:
        import numpy.ma  # noqa: F401  (loaded by numpy on first use otherwise)

        from provenance.api import quotes
        from provenance.resolve.outlets import load_registry

        quotes(_SYNTHETIC)
        load_registry(None).find("The Synthetic Courier")
    except Exception:  # a warm-up only: the first document does the same, and says why
        return


warm_up()  # on import: a forkserver preloads modules, it calls no function
