"""The test suite: a regular package, so ``tests.*`` imports name these files even when an
installed distribution (pywb ships one) puts a top-level ``tests`` package on the path."""
