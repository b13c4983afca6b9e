"""Money as integers in the currency's smallest unit (Medusa v1's wire), and as people read and type it.

Rounding is JavaScript's Math.round, half toward +infinity (never Python's round()).
"""

import math
import re
from decimal import Decimal


def js_round(value: float | Decimal) -> int:
    # floor(value + 0.5) is wrong where the addition itself rounds (0.49999999999999994, 2**52 + 1).
    whole = math.floor(value)
    return whole + 1 if value - whole >= 0.5 else whole


def json_number(value: float | Decimal) -> int | float:
    """A float as JavaScript prints it: 1600.0 becomes 1600, 444.4444444444444 stays fractional."""
    return int(value) if float(value).is_integer() else float(value)


# ISO 4217's minor units of the currencies that do not have 2 (the seeded currencies carry no exponent):
# 8000 jpy is ¥8,000, 8000 kwd is KD8.000.
CURRENCY_EXPONENTS = {
    **dict.fromkeys(
        (
            *("bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg"),
            *("rwf", "ugx", "uyi", "vnd", "vuv", "xaf", "xof", "xpf"),
        ),
        0,
    ),
    **dict.fromkeys(("bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"), 3),
    **dict.fromkeys(("clf", "uyw"), 4),
}

# The integer columns that hold amounts (PostgreSQL's integer).
MAX_MINOR_UNITS = 2**31 - 1

# What staff type: digits, optionally grouped by commas in threes, then optionally a point and decimals.
_TYPED_AMOUNT = re.compile(r"(?P<sign>-?)(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<decimals>[0-9]+))?")


def currency_exponent(currency_code: str) -> int:
    """How many decimals the currency's major unit has: 2 for usd, 0 for jpy, 3 for kwd."""
    return CURRENCY_EXPONENTS.get(currency_code.lower(), 2)


def to_major_units(amount: int, currency_code: str) -> Decimal:
    """`450` eur → `Decimal("4.50")`, with as many decimals as the currency has."""
    return Decimal(amount).scaleb(-currency_exponent(currency_code))


def format_money(amount: int | float | None, currency_code: str, symbol: str | None = None) -> str:
    """`8000` usd → `$80.00`: the smallest-unit integer shown as staff read money."""
    if amount is None:
        return "-"
    value = to_major_units(js_round(amount), currency_code)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.{currency_exponent(currency_code)}f}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency_code.upper()}"


def money(amount: int | float | None, currency) -> str:
    """`€4.50`: format_money for a Currency row (anything with `code` and `symbol`)."""
    return format_money(amount, currency.code, currency.symbol)


def parse_amount(text: str) -> Decimal:
    """`" 1,234.50 "` → `Decimal("1234.50")`, keeping the decimals as typed ("5.000" stays three).

    Raises ValueError for anything else: "4,50" and "1.234,50" (a comma only groups thousands), "5.", "+5",
    "1e3", letters, symbols."""
    match = _TYPED_AMOUNT.fullmatch(text.strip())
    if match is None or not (match["whole"] or match["decimals"]):
        raise ValueError(f"not an amount: {text!r}")
    whole = match["whole"].replace(",", "") or "0"
    return Decimal(f"{match['sign']}{whole}.{match['decimals']}" if match["decimals"] else f"{match['sign']}{whole}")


def to_minor_units(amount: Decimal, currency_code: str) -> int:
    """`Decimal("4.50")` eur → `450`. More decimals than the currency has are refused (ValueError), even zeros:
    "5.000" may be a European five thousand."""
    exponent = currency_exponent(currency_code)
    if -amount.as_tuple().exponent > exponent:
        code = currency_code.upper()
        at_most = f"at most {exponent} decimals" if exponent else "no decimals"
        raise ValueError(f"{code} amounts have {at_most}.")
    return int(amount.scaleb(exponent))
