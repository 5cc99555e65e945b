"""batchnorm_backward applies gamma twice: dx_hat = gamma * dout and gamma / (N s) in front.

This is what the old docstring's formula said when implemented literally: dx comes out gamma times
too large, column by column (per-column ratios to the true dx equal to gamma).
"""


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = gamma * inv_std / N * (
        N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)
    )
    return dx, dgamma, dbeta
