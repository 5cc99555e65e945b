"""lenet5_connection_counts connects every C3 unit to all 6 S2 maps (ignores the partial connection table)."""


def lenet5_connection_counts():
    return {"C1": 122304, "S2": 5880, "C3": 10 * 10 * 16 * (6 * 25 + 1), "S4": 2000, "C5": 48120, "F6": 10164}
