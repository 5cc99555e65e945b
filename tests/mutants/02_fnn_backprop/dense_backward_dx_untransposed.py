"""dense_backward computes dx = dout @ W instead of dout @ W.T (shape error unless W is square)."""


def dense_backward(dout, cache):
    x, W, b = cache
    return dout @ W, x.T @ dout, dout.sum(axis=0)
