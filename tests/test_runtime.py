import platform
import sys

from lstmviz.server.runtime import tune_malloc


def test_tune_malloc_applies_on_glibc_only_and_once():
    tune_malloc.cache_clear()
    applied = tune_malloc()
    assert applied == (sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc")
    assert tune_malloc() is applied
    assert tune_malloc.cache_info().hits == 1  # cached: the second call does nothing


def test_freeze_imports_freezes_once_per_new_module_and_leaves_garbage_to_the_collector():
    import gc
    import types
    import weakref

    from lstmviz.server import runtime

    try:
        runtime.freeze_imports()
        assert runtime.freeze_imports() is False  # no module added since: nothing to do
        frozen = gc.get_freeze_count()
        module = sys.modules["_lstmviz_test_freeze"] = types.ModuleType("_lstmviz_test_freeze")
        module.table = [[n] for n in range(1000)]  # made by an "import": frozen with it
        node = type("Node", (), {})()
        node.me, gone = node, weakref.ref(node)
        del node  # a cycle that is garbage before the freeze: collected first, not frozen forever
        assert runtime.freeze_imports() is True
        assert gone() is None
        assert gc.get_freeze_count() >= frozen + 1000
        assert not any(o is module.table for o in gc.get_objects())  # out of the collector's walks
    finally:
        sys.modules.pop("_lstmviz_test_freeze", None)
        gc.unfreeze()
