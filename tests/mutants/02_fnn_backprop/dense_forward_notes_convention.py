"""dense_forward computes x @ W.T + b (the notes' rows-are-neurons convention): shape error when D != M."""


def dense_forward(x, W, b):
    out = x @ W.T + b
    return out, (x, W, b)
