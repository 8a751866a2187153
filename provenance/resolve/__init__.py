"""Resolve: which page a cited work lives at.

In: a ``Citation`` as the document describes it (outlet, title, date, author, or a URL),
and the words quoted from it. Out: the same ``Citation`` with ``url`` set when its page is
found (the live page, or a web archive's copy), ``published`` and ``candidates``, and its
``resolution``: one typed ``ResolutionStep`` per step tried (sources file, outlet
registry, site discovery, confirmation, archive), each with its outcome.

``Resolver`` does the steps; reading a page's text and finding a quotation in it come
from other stages and are handed to it (``read_text``, ``holds``). A gone page's archived
copy comes from the configured archives in order (``find_archived``): ``Wayback`` ones by
their availability API, ``MementoArchive`` ones by TimeGate and TimeMap (RFC 7089).
"""

from __future__ import annotations

from provenance.resolve.archive import Capture, Wayback
from provenance.resolve.archived import ArchivedCopy, find_archived
from provenance.resolve.memento import MementoArchive
from provenance.resolve.outlets import Outlet, OutletRegistry, load_registry, same_outlet
from provenance.resolve.resolver import Holds, ReadText, Resolver
from provenance.resolve.sources import (
    SourceEntry,
    load_sources,
    match_source,
    needs_source,
    unresolved_template,
)

__all__ = ["ArchivedCopy", "Capture", "Holds", "MementoArchive", "Outlet", "OutletRegistry",
           "ReadText", "Resolver", "SourceEntry", "Wayback", "find_archived", "load_registry",
           "load_sources", "match_source", "needs_source", "same_outlet",
           "unresolved_template"]
