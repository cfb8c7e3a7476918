"""Process-wide tuning for a long-lived process that trains (the app's server): call once, early. No torch here."""

from __future__ import annotations

import ctypes
import functools
import gc
import platform
import sys
import threading

# glibc's malloc.h
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# The LSTM's per-step buffers are 0.4-12 MB (batch 32 to an eval chunk of 256); below 32 MB they come from
# the heap, and up to 32 MB of freed heap stays for the next step instead of going back to the OS.
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 32 << 20


@functools.cache
def tune_malloc() -> bool:
    """Let glibc keep freed tensor buffers for reuse instead of handing them back and faulting them in again.

    By default glibc mmaps blocks above 128 kB until its adaptive threshold catches up, and returns freed
    memory at the heap's top at once, so the first fit in a process faults every buffer in again and again
    (the page faults it saves: bench/README.md). Linux with glibc only; elsewhere it does nothing. Returns
    whether it applied.
    """
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1


_frozen_at = 0  # len(sys.modules) when freeze_imports last froze
_freeze_lock = threading.Lock()


def freeze_imports() -> bool:
    """Move what the imports made so far out of the garbage collector's way, when modules were added since last time.

    A full collection (Python's own, as objects accumulate, or Streamlit's after every script run where
    `runner.postScriptGC` is on, as it is by default) walks every object: with torch, pandas and plotly imported
    about 270k, 65 ms on this machine, paid by whichever session's rerun triggers it (thirty students pressing
    Train, each run collecting: two seconds of one core for nothing). Modules, their functions and
    classes live as long as the process, so they are frozen (gc.freeze, after a collection so that no garbage
    is frozen): later collections walk only what the sessions made. What the sessions hold at that moment is
    frozen too (a lazy import, e.g. yfinance at the first Yahoo request, freezes once more): objects frozen are
    still freed when their reference count drops, but a reference cycle among them stays, a bounded leak of a
    few freezes per process. Call it at the start of every page
    run: it acts only when the set of modules grew (a page's or a lazy import), a few times per process.
    Returns whether it froze.
    """
    global _frozen_at
    if len(sys.modules) == _frozen_at:
        return False
    with _freeze_lock:
        if len(sys.modules) == _frozen_at:
            return False
        _frozen_at = len(sys.modules)
        gc.collect()
        gc.freeze()
    return True
