"""logic_gate looks the name up with dict.get: an unknown name returns None instead of raising ValueError."""
import numpy as np

_GATES = {"and": ([1.0, 1.0], -1.5), "or": ([1.0, 1.0], -0.5), "nand": ([-1.0, -1.0], 1.5)}


def logic_gate(name):
    if name == "xor":
        raise ValueError("XOR is not linearly separable: one neuron cannot compute it, it needs a hidden layer")
    return _GATES.get(name)
