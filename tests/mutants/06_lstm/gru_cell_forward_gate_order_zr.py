"""gru_cell_forward with the reset and update blocks swapped (order z, r, n)."""
import numpy as np


def gru_cell_forward(x, h_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    a_x = x @ W_ih.T + b_ih
    a_h = h_prev @ W_hh.T + b_hh
    z = sigmoid(a_x[:, 0:H] + a_h[:, 0:H])  # noqa: F821 (sigmoid: the setup cell)
    r = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])  # noqa: F821 (sigmoid: the setup cell)
    n = np.tanh(a_x[:, 2 * H:] + r * a_h[:, 2 * H:])
    return (1.0 - z) * n + z * h_prev
