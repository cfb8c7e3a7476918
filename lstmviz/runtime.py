"""Process-wide tuning for a long-lived process that trains (the app's server): call once, early. No torch here."""

from __future__ import annotations

import ctypes
import functools
import platform
import sys

# glibc's malloc.h
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# The LSTM's per-step buffers are 0.4-12 MB (batch 32 to an eval chunk of 256); below 32 MB they come from
# the heap, and up to 128 MB of freed heap stays for the next step instead of going back to the OS.
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 128 << 20


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
