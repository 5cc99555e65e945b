"""dense_backward computes dW = dout.T @ x: shape (M, D) instead of (D, M), right only for square W."""


def dense_backward(dout, cache):
    x, W, b = cache
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)
