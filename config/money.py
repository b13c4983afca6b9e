"""Rounding as Medusa v1 does it: JavaScript's Math.round, half toward +infinity (never Python's round())."""

import math
from decimal import Decimal


def js_round(value: float | Decimal) -> int:
    # floor(value + 0.5) is wrong where the addition itself rounds (0.49999999999999994, 2**52 + 1).
    whole = math.floor(value)
    return whole + 1 if value - whole >= 0.5 else whole


def json_number(value: float | Decimal) -> int | float:
    """A float as JavaScript prints it: 1600.0 becomes 1600, 444.4444444444444 stays fractional."""
    return int(value) if float(value).is_integer() else float(value)


# ISO 4217 currencies without minor units: 8000 jpy is ¥8000, not ¥80.00.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
)


def format_money(amount: int | float | None, currency_code: str, symbol: str | None = None) -> str:
    """`8000` usd → `$80.00`: the smallest-unit integer shown as staff read money."""
    if amount is None:
        return "-"
    code = currency_code.lower()
    digits = 0 if code in ZERO_DECIMAL_CURRENCIES else 2
    value = js_round(amount) / (10**digits)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.{digits}f}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {code.upper()}"
