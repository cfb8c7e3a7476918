import platform
import sys

from lstmviz.runtime import tune_malloc


def test_tune_malloc_applies_on_glibc_only_and_once():
    tune_malloc.cache_clear()
    applied = tune_malloc()
    assert applied == (sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc")
    assert tune_malloc() is applied
    assert tune_malloc.cache_info().hits == 1  # cached: the second call does nothing
