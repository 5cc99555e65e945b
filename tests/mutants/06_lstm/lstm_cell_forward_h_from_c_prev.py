"""lstm_cell_forward computing h from the old cell state: h = o * tanh(c_prev)."""
import numpy as np


def lstm_cell_forward(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    a = x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i = sigmoid(a[:, 0:H])  # noqa: F821 (sigmoid: the setup cell)
    f = sigmoid(a[:, H:2 * H])  # noqa: F821 (sigmoid: the setup cell)
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:4 * H])  # noqa: F821 (sigmoid: the setup cell)
    c = f * c_prev + i * g
    h = o * np.tanh(c_prev)
    return h, c, (x, h_prev, c_prev, W_ih, W_hh, i, f, g, o, np.tanh(c))
