"""sigmoid made 'safe' by clipping z to [-500, 500]: sigmoid(-1000) is 7e-218, not exactly 0."""
import numpy as np


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1 / (1 + np.exp(-z))
