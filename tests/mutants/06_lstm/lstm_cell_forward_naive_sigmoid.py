"""lstm_cell_forward with the naive sigmoid 1 / (1 + exp(-a)): overflow warnings when gates saturate."""
import numpy as np


def lstm_cell_forward(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    a = x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh
    i = 1 / (1 + np.exp(-a[:, 0:H]))
    f = 1 / (1 + np.exp(-a[:, H:2 * H]))
    g = np.tanh(a[:, 2 * H:3 * H])
    o = 1 / (1 + np.exp(-a[:, 3 * H:4 * H]))
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, (x, h_prev, c_prev, W_ih, W_hh, i, f, g, o, np.tanh(c))
