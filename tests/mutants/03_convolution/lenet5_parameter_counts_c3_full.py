"""lenet5_parameter_counts connects every C3 map to all 6 S2 maps (ignores the partial connection table)."""


def lenet5_parameter_counts():
    return {"C1": 6 * 26, "S2": 12, "C3": 16 * (6 * 25 + 1), "S4": 32, "C5": 120 * (16 * 25 + 1), "F6": 84 * 121}
