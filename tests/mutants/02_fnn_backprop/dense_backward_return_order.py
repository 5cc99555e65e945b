"""dense_backward returns (dW, dx, db) instead of (dx, dW, db)."""


def dense_backward(dout, cache):
    x, W, b = cache
    return x.T @ dout, dout @ W.T, dout.sum(axis=0)
