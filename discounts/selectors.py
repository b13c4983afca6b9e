"""Reads of discounts, and the checks a cart runs on the discounts it is given (reference "discount validity")."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError
from discounts.calculations import DiscountRuleData
from discounts.models import Discount, DiscountCondition
from products.models import Product

# `order` accepts these columns (departure "list queries": v1 passes any name to TypeORM, and an unknown one
# fails with a 500)
DISCOUNT_ORDER_FIELDS = {
    name: name
    for name in (
        *("id", "code", "is_dynamic", "is_disabled", "starts_at", "ends_at", "usage_limit", "usage_count"),
        *("created_at", "updated_at"),
    )
}


def discount_queryset() -> QuerySet[Discount]:
    """A discount with what v1's admin responses embed: rule, rule.conditions, parent_discount, regions."""
    return Discount.objects.select_related("rule", "parent_discount").prefetch_related("rule__conditions", "regions")


def discount_get(discount_id: str) -> Discount:
    """The live discount or v1's 404 `Discount with id <id> was not found`."""
    discount = discount_queryset().filter(pk=discount_id).first()
    if discount is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Discount with id {discount_id} was not found")
    return discount


def discount_get_by_code(code: str) -> Discount:
    """v1's `retrieveByCode`: matches the normalised code, but its 404 quotes the code as given."""
    discount = discount_queryset().filter(code=code.upper().strip()).first()
    if discount is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Discounts with code {code} was not found")
    return discount


def discount_list(
    *,
    q: str | None = None,
    is_dynamic: bool | None = None,
    is_disabled: bool | None = None,
    rule_type: str | None = None,
    rule_allocation: str | None = None,
    filters: dict | None = None,
    order: str | None = None,
) -> QuerySet[Discount]:
    """v1's `listAndCount`: `q` matches part of the code case-insensitively; newest first unless `order` says
    otherwise (`code`, `-starts_at`)."""
    queryset = discount_queryset()
    if q:
        queryset = queryset.filter(code__icontains=q)
    if is_dynamic is not None:
        queryset = queryset.filter(is_dynamic=is_dynamic)
    if is_disabled is not None:
        queryset = queryset.filter(is_disabled=is_disabled)
    if rule_type is not None:
        queryset = queryset.filter(rule__type=rule_type)
    if rule_allocation is not None:
        queryset = queryset.filter(rule__allocation=rule_allocation)
    return queryset.filter(**(filters or {})).order_by(*order_by_fields(order, DISCOUNT_ORDER_FIELDS))


def discounts_by_codes(codes: list[str]) -> list[Discount]:
    """v1's `listByCodes`: every requested code must match one live discount, or 404 naming them all.

    A code asked for twice finds one row, so duplicates fail as unknown codes do (observed `[TEST, TEST]`).
    The rows come with everything `discount_validate_for_cart` and `discount_rule_data` read.
    """
    normalized = [code.upper().strip() for code in codes]
    discounts = list(
        Discount.objects.filter(code__in=normalized)
        .select_related("rule", "parent_discount")
        .prefetch_related(
            "regions",
            "parent_discount__regions",
            Prefetch(
                "rule__conditions",
                queryset=DiscountCondition.objects.prefetch_related(
                    Prefetch("products", queryset=Product.objects.only("id"))
                ),
            ),
        )
        .order_by("created_at", "id")
    )
    if len(discounts) != len(codes):
        raise MedusaError(ErrorType.NOT_FOUND, f"Discounts with code [{', '.join(normalized)}] was not found")
    return discounts


def discount_check_usage(discount: Discount) -> None:
    """v1's usage check: a discount with a `usage_limit` is refused once used that many times."""
    if discount.usage_limit and discount.usage_count >= discount.usage_limit:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Discount {discount.code} has been used maximum allowed times")


def discount_validate_for_cart(discount: Discount, *, region_id: str, now: datetime) -> None:
    """v1's `validateDiscountForCartOrThrow` for one discount (reference "discount validity"): the first failing
    check raises.

    The two customer-group rows are not checked: customer-group conditions are not modelled here.
    Reads only what `discounts_by_codes` prefetched.
    """
    code = discount.code
    discount_check_usage(discount)
    if discount.starts_at > now:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Discount {code} is not valid yet")
    if discount.ends_at is not None and discount.ends_at < now:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Discount {code} is expired")
    if discount.is_disabled:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"The discount code {code} is disabled")
    # a dynamic code is valid where its parent is
    owner = discount.parent_discount if discount.parent_discount_id else discount
    if all(region.id != region_id for region in owner.regions.all()):
        raise MedusaError(ErrorType.INVALID_DATA, "The discount is not available in current region")


def discount_rule_data(discount: Discount, *, with_conditions: bool = True) -> DiscountRuleData:
    """The discount and its rule as the pure arithmetic takes them, from prefetched rows (no queries).

    Without conditions (not fetched), the data serves the totals, which read the type only: the product
    conditions decide the adjustments, which are stored.
    """
    rule = discount.rule
    products_by_operator = (
        {
            condition.operator: frozenset(product.id for product in condition.products.all())
            for condition in rule.conditions.all()
        }
        if with_conditions
        else {}
    )
    return DiscountRuleData(
        id=discount.id,
        code=discount.code,
        type=rule.type,
        value=rule.value,
        allocation=rule.allocation,
        only_products=products_by_operator.get(DiscountCondition.Operator.IN),
        excluded_products=products_by_operator.get(DiscountCondition.Operator.NOT_IN),
    )
