"""lenet5_parameter_counts forgets the biases of the convolution and fully connected layers."""


def lenet5_parameter_counts():
    return {"C1": 6 * 25, "S2": 12, "C3": 6 * 75 + 9 * 100 + 150, "S4": 32, "C5": 120 * 16 * 25, "F6": 84 * 120}
