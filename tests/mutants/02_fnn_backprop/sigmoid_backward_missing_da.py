"""sigmoid_backward returns the local derivative a(1 - a) and forgets to multiply by da."""


def sigmoid_backward(da, cache):
    a = cache
    return a * (1.0 - a)
