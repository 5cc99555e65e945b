"""spatial_batchnorm_backward returns dgamma and dbeta with shape (1, C, 1, 1) (keepdims)."""


def spatial_batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N, C, H, W = dout.shape
    m = N * H * W
    axes = (0, 2, 3)
    dbeta = dout.sum(axis=axes, keepdims=True)
    dgamma = (dout * x_hat).sum(axis=axes, keepdims=True)
    dx_hat = dout * gamma.reshape(1, C, 1, 1)
    sum_dx_hat = dx_hat.sum(axis=axes).reshape(1, C, 1, 1)
    sum_dx_hat_x_hat = (dx_hat * x_hat).sum(axis=axes).reshape(1, C, 1, 1)
    dx = inv_std.reshape(1, C, 1, 1) / m * (m * dx_hat - sum_dx_hat - x_hat * sum_dx_hat_x_hat)
    return dx, dgamma, dbeta
