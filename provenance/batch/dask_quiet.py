"""Quiet workers for ``--dask local:N``: their output is the user's terminal.

A LocalCluster's worker processes write to the standard error of the command that started
them; Dask logs there what happens as the cluster closes (a heartbeat that finds the
scheduler gone, with its traceback). ``Quiet`` sets every worker, including one started in
a dead one's place, to log only what stops it. A cluster started with ``dask worker`` keeps
its own logging: its operator reads it.
"""

from __future__ import annotations

import logging
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["LOGGERS", "Quiet"]

LOGGERS = ("distributed", "tornado", "tornado.application")


class Quiet(WorkerPlugin):
    name = "provenance-quiet"

    def setup(self, worker: Any) -> None:
        for name in LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
