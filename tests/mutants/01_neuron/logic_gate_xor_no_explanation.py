"""logic_gate raises ValueError("xor") for "xor": right type, but the message explains nothing."""
import numpy as np


def logic_gate(name):
    gates = {"and": ([1.0, 1.0], -1.5), "or": ([1.0, 1.0], -0.5), "nand": ([-1.0, -1.0], 1.5)}
    if name not in gates:
        raise ValueError(name)
    w, b = gates[name]
    return np.array(w), b
