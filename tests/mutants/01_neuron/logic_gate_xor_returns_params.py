"""logic_gate returns some (w, b) for "xor" (here OR's) instead of raising ValueError."""
import numpy as np


def logic_gate(name):
    gates = {"and": ([1.0, 1.0], -1.5), "or": ([1.0, 1.0], -0.5), "nand": ([-1.0, -1.0], 1.5),
             "xor": ([1.0, 1.0], -0.5)}
    if name not in gates:
        raise ValueError(f"unknown gate {name!r}")
    w, b = gates[name]
    return np.array(w), b
