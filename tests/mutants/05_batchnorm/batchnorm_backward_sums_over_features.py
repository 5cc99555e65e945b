"""batchnorm_backward takes the sums in the dx formula over the features (axis 1) instead of the batch."""


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=1, keepdims=True) - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta
