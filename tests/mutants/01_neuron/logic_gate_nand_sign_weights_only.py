"""logic_gate negates AND's weights but not its bias for "nand" (w = (-1, -1), b = -1.5): always 0."""
import numpy as np


def logic_gate(name):
    gates = {"and": ([1.0, 1.0], -1.5), "or": ([1.0, 1.0], -0.5), "nand": ([-1.0, -1.0], -1.5)}
    if name == "xor":
        raise ValueError("XOR is not linearly separable: one neuron cannot compute it, it needs a hidden layer")
    if name not in gates:
        raise ValueError(f"unknown gate {name!r}")
    w, b = gates[name]
    return np.array(w), b
