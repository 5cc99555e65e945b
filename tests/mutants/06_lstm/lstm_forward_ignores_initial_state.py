"""lstm_forward starting from zeros instead of the given h0 and c0."""
import numpy as np


def lstm_forward(x_seq, h0, c0, W_ih, W_hh, b_ih, b_hh):
    H = h0.shape[1]
    h, c = np.zeros_like(h0), np.zeros_like(c0)
    h_seq = []
    for t in range(x_seq.shape[0]):
        a = x_seq[t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh
        i = sigmoid(a[:, 0:H])  # noqa: F821 (sigmoid: the setup cell)
        f = sigmoid(a[:, H:2 * H])  # noqa: F821 (sigmoid: the setup cell)
        g = np.tanh(a[:, 2 * H:3 * H])
        o = sigmoid(a[:, 3 * H:4 * H])  # noqa: F821 (sigmoid: the setup cell)
        c = f * c + i * g
        h = o * np.tanh(c)
        h_seq.append(h)
    return np.stack(h_seq), (h, c)
