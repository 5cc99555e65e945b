"""spatial_batchnorm_backward reshapes dout and x_hat to (-1, C) without moving the channel axis last."""


def spatial_batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N, C, H, W = dout.shape
    m = N * H * W
    dout = dout.reshape(-1, C)
    x_hat = x_hat.reshape(-1, C)
    axes = 0
    dbeta = dout.sum(axis=axes)
    dgamma = (dout * x_hat).sum(axis=axes)
    dx_hat = dout * gamma
    sum_dx_hat = dx_hat.sum(axis=0)
    sum_dx_hat_x_hat = (dx_hat * x_hat).sum(axis=0)
    dx = (inv_std / m * (m * dx_hat - sum_dx_hat - x_hat * sum_dx_hat_x_hat)).reshape(N, C, H, W)
    return dx, dgamma, dbeta
