"""One BLAS thread for this process, set before numpy is first imported.

numpy's bundled OpenBLAS starts a thread per core when it loads, on every run. provenance
uses numpy to sort and search word hashes, never for linear algebra, so those threads
only cost start-up time and take CPU from whatever else the machine runs. A value the
user set is kept.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
