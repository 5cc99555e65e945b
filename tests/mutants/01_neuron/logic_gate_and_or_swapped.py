"""logic_gate with the AND and OR biases swapped (b = -0.5 for AND, -1.5 for OR)."""
import numpy as np


def logic_gate(name):
    gates = {"and": ([1.0, 1.0], -0.5), "or": ([1.0, 1.0], -1.5), "nand": ([-1.0, -1.0], 1.5)}
    if name == "xor":
        raise ValueError("XOR is not linearly separable: one neuron cannot compute it, it needs a hidden layer")
    if name not in gates:
        raise ValueError(f"unknown gate {name!r}")
    w, b = gates[name]
    return np.array(w), b
