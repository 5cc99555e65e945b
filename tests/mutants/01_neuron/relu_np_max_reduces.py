"""relu as np.max(z, 0): np.max reduces along axis 0 (it is not the entrywise np.maximum)."""
import numpy as np


def relu(z):
    return np.max(np.asarray(z, dtype=float), 0)
