"""Rounding as Medusa v1 does it: JavaScript's Math.round, half toward +infinity (never Python's round())."""

import math


def js_round(value: float) -> int:
    return math.floor(value + 0.5)


def json_number(value: float) -> int | float:
    """A float as JavaScript prints it: 1600.0 becomes 1600, 444.4444444444444 stays fractional."""
    return int(value) if float(value).is_integer() else float(value)
