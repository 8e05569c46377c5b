"""Bulk computations and Python's cyclic garbage collector."""

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused():
    """Run the block with Python's cyclic garbage collector off, then turn it back on.

    The month's close allocates millions of small objects (facts, statement lines, rows to
    store) that all live until it ends, and every full collection walks all of them again:
    at 20,000 salesmen that was about a sixth of the close (bench/bench_close_period.py).
    Reference counting still frees at once everything that is not in a cycle; the collector
    collects the rest when it is back on.
    """
    if not gc.isenabled():  # nested, or paused by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
