"""lenet5_connection_counts returns the parameter counts: forgets that a shared weight is used at every position."""


def lenet5_connection_counts():
    return {"C1": 156, "S2": 12, "C3": 1516, "S4": 32, "C5": 48120, "F6": 10164}
