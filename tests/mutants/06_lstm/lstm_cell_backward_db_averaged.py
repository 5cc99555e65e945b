"""lstm_cell_backward averaging the bias gradients over the batch instead of summing."""
import numpy as np


def lstm_cell_backward(dh, dc, cache):
    x, h_prev, c_prev, W_ih, W_hh, i, f, g, o, tanh_c = cache
    dc_total = dc + dh * o * (1.0 - tanh_c**2)
    d_o = dh * tanh_c
    d_i = dc_total * g
    d_g = dc_total * i
    d_f = dc_total * c_prev
    da = np.concatenate([d_i * i * (1.0 - i), d_f * f * (1.0 - f), d_g * (1.0 - g**2), d_o * o * (1.0 - o)], axis=1)
    db = da.mean(axis=0)
    return {
        "dx": da @ W_ih,
        "dh_prev": da @ W_hh,
        "dc_prev": dc_total * f,
        "dW_ih": da.T @ x,
        "dW_hh": da.T @ h_prev,
        "db_ih": db,
        "db_hh": db.copy(),
    }
