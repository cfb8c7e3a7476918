"""torch.optim's Adam and SGD, the same step bit for bit, without the import of torch._dynamo (and sympy) that
torch's own wrappers make on their first call: about 70 MB of a server's memory that nothing here uses, since
nothing is compiled (tests/test_optimizers.py holds both against torch.optim)."""

from __future__ import annotations

import torch
from torch.optim import Optimizer

# Optimizer methods torch wraps (torch._disable_dynamo) to import torch._dynamo when first called
_WRAPPED = ("add_param_group", "zero_grad", "state_dict", "load_state_dict")


def _without_dynamo(cls: type[Optimizer]) -> type[Optimizer]:
    body = {name: getattr(Optimizer, name).__wrapped__ for name in _WRAPPED}
    group = vars(Optimizer)["_group_tensors_by_device_and_dtype"].__func__
    body["_group_tensors_by_device_and_dtype"] = staticmethod(getattr(group, "__wrapped__", group))
    step = cls.step.__wrapped__  # its _use_grad wrapper imports torch._dynamo for a graph break

    def plain_step(self, closure=None):
        with torch.no_grad():  # what the wrapper does outside torch.compile: differentiable=False
            return step(self, closure)

    body["step"] = plain_step
    body["__doc__"] = f"torch.optim.{cls.__name__} without its first-call import of torch._dynamo."
    return type(cls.__name__, (cls,), body)


Adam = _without_dynamo(torch.optim.Adam)
SGD = _without_dynamo(torch.optim.SGD)
