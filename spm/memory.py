"""Bulk computations and Python's cyclic garbage collector."""

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused():
    """Run the block with Python's cyclic garbage collector off, then turn it back on.

    The month's close allocates millions of small objects (facts, statement lines, rows to
    store) that all live until it ends, and every full collection walks all of them again:
    the close of 2,000 salesmen took 3.9–4.9 s with the collector off against 5.1–6.9 s with it
    on, measured in turns in one process on a loaded machine (bench/README.md, issue 17).
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
