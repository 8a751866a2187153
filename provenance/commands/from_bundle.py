"""`provenance check run.wacz --offline` and `provenance check DOC --replay run.wacz`: a report
reproduced from a bundle alone, on a machine that never had the cache it was made from.

The bundle is verified (every hash, and its signature if signed) and its captures imported
into the run's cache; each cited URL is then read as the bundled report read it (the capture
with the same body digest and time), with the settings the report recorded, and nothing is
fetched. Checking the bundle itself takes the document from it too, under the name the
report gave it, so the new report is named and compared as the first was.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import ProvenanceError
from provenance.model import Document
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.cache.replay import Pin

__all__ = ["Bundled", "from_bundle"]

# How the run gets its pages, not how it judges them: a replay is offline whatever the
# report's own run was.
_NOT_TAKEN = frozenset({"offline", "refresh"})


@dataclass
class Bundled:
    """What a bundle gives a check: pins, the report's settings and the document's name."""

    bundle: Path
    pins: dict[str, Pin]
    recorded: dict[str, str]  # the report's manifest settings, as text
    origin: str  # the document's origin as the report named it
    _folder: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    def settings(self, settings: Settings) -> Settings:
        """``settings`` with the report's recorded settings, offline."""
        changes: dict[str, Any] = {"offline": True, "refresh": False}
        for f in dataclasses.fields(Settings):
            if f.name in self.recorded and f.name not in _NOT_TAKEN:
                changes[f.name] = _typed(getattr(settings, f.name), self.recorded[f.name])
        return dataclasses.replace(settings, **changes)

    def document(self, document: Document) -> Document:
        """The document as the report named it (the file read is a copy out of the bundle)."""
        return dataclasses.replace(document, origin=self.origin) if self._folder else document

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()


def is_bundle(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".wacz" and Path(path).is_file()


def from_bundle(args: argparse.Namespace) -> Bundled | None:
    """When DOC or ``--replay`` names a .wacz file: import it into ``args.cache`` and point
    ``args`` at what it holds. None when neither does."""
    as_document = len(args.document) == 1 and is_bundle(args.document[0])
    if not as_document and not (args.replay is not None and is_bundle(args.replay)):
        return None
    if not as_document and (len(args.document) > 1 or Path(args.document[0]).is_dir()):
        raise ProvenanceError("--replay with a bundle reproduces one document's report: "
                              "give that one document")
    # (the cache and bundle modules load only for a bundle: every check asks this first)
    from provenance.cache.bundle import import_bundle
    from provenance.cache.store import SnapshotCache

    path = Path(args.document[0]) if as_document else Path(args.replay)
    if Path(args.cache).exists() and not Path(args.cache).is_dir():
        raise ProvenanceError(f"the cache {args.cache} is a file, not a folder")
    cache = SnapshotCache(args.cache)
    try:
        import_bundle(cache, path)
    finally:
        cache.close()
    with zipfile.ZipFile(path) as wacz:
        report = _bundled_report(wacz, path)
        folder = None
        if as_document:
            folder = tempfile.TemporaryDirectory(prefix="provenance-bundle-")
            args.document = [str(_extract_document(wacz, path, Path(folder.name)))]
    args.replay = path
    manifest = report["manifest"]
    return Bundled(path, _pins(manifest), dict(manifest.get("settings") or {}),
                   str((manifest.get("document") or {}).get("origin", "")), folder)


def _bundled_report(wacz: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    names = [n for n in wacz.namelist() if n.startswith("report/") and n.endswith(".json")]
    if len(names) != 1:
        raise ProvenanceError(f"{path}: holds {len(names)} JSON reports, not one: not a "
                              "provenance bundle")
    try:
        report = json.loads(wacz.read(names[0]))
        if not isinstance(report.get("manifest"), dict):
            raise TypeError("no manifest")
        return dict(report)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ProvenanceError(f"{path}: {names[0]} is not a provenance JSON report "
                              f"({exc})") from exc


def _extract_document(wacz: zipfile.ZipFile, path: Path, folder: Path) -> Path:
    names = [n for n in wacz.namelist() if n.startswith("document/")]
    if len(names) != 1:
        raise ProvenanceError(f"{path}: holds {len(names)} documents, not one")
    target = folder / Path(names[0]).name
    target.write_bytes(wacz.read(names[0]))
    return target


def _pins(manifest: dict[str, Any]) -> dict[str, Pin]:
    """URL -> the capture the report used, by body digest and time: imported captures live
    in other files of the new cache than in the first, so the first's ids do not hold."""
    from provenance.cache.replay import Pin

    pins: dict[str, Pin] = {}
    for c in manifest.get("captures") or []:
        if isinstance(c, dict) and c.get("url") and c.get("sha256") and c.get("fetched_at"):
            pins.setdefault(str(c["url"]), Pin(str(c["sha256"]), None, str(c["fetched_at"])))
    return pins


def _typed(current: Any, text: str) -> Any:
    """A recorded setting (text) as the type of the setting it replaces."""
    try:
        if isinstance(current, bool):
            return text == "True"
        if isinstance(current, int):
            return int(text)
        if isinstance(current, float):
            return float(text)
    except ValueError as exc:
        raise ProvenanceError(f"the bundled report records a setting as {text!r}, which "
                              f"is not a {type(current).__name__}") from exc
    if current is None:
        return None if text == "None" else text
    return type(current)(text)
