"""batchnorm_backward drops the term x_hat * sum(dx_hat * x_hat) (the path through the variance)."""


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0))
    return dx, dgamma, dbeta
