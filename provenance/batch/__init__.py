"""Folders and corpora: many documents, one report each, in parallel worker processes.

In: the paths a command line names (files and folders) and the run's settings. Out: one
``Outcome`` per document (its verdict rows, the report files written, or why it could not
be checked), the files skipped and why, and beside the reports an ``index.jsonl`` (one
line per verdict) and a ``summary.json`` (counts per status, outlet and flag).
"""
