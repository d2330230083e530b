"""Pausing Python's cyclic garbage collector while a file's worth of rows is built.

Reading, reconciling and writing 100,000 rows creates a few million small objects (rows,
changes, cells), none of them in reference cycles; the collector would still walk all of them
again and again as they pile up, which costs about a quarter of the time. Reference counting
frees everything as usual; the collector runs again when the work is done.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
