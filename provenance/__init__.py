"""provenance: check that the quotations in a document are really in the works they cite."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
