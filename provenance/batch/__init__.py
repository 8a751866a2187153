"""Folders and corpora: many documents, one report each, in parallel worker processes.

In: the paths a command line names (files and folders) and the run's settings. Out: one
``Outcome`` per document (its verdict rows, the report files written, or why it could not
be checked), the files skipped and why, and beside the reports an ``index.jsonl`` (one
line per verdict) and a ``summary.json`` (counts per status, outlet and flag).

Modules: ``inputs`` (which files a batch reads and where each report goes), ``run``,
``pool``, ``feed``, ``warm`` and ``worker`` (worker processes on one machine, forked from
the command, or from a forkserver while the command checks documents too; groups of
documents handed out largest first; what is warmed once for them before they fork),
``outcome`` (what became of a document, read without loading the checker), ``once``
and ``host_slots`` (a page fetched once, per-host limits shared by the workers), ``resume``,
``rows`` and ``summary``; on a Dask cluster ``dask_run`` (documents as tasks),
``cluster_fetch`` (politeness and one fetch per page across the cluster), ``shards`` (a
cache shard per worker, merged at the end), ``run_caches`` (kept text and found-elsewhere
over the run's cache and every shard), ``dask_watch`` (ending a batch whose cluster is gone)
and ``dask_quiet`` (workers that keep the terminal clean).
"""
