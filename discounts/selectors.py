"""Reads of discounts, and the checks a cart runs on the discounts it is given (reference "discount validity")."""

from datetime import datetime

from django.db.models import QuerySet

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError
from config.prepared import PreparedQuery, prefetched, run_together
from discounts.calculations import DiscountRuleData
from discounts.models import Discount, DiscountCondition, DiscountRule
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


# `discounts_by_codes`' queries (config.prepared): the live discounts by code, then, sent together, the live regions
# of them and of their parents, and their rules' live conditions with the conditions' live products
_BY_CODES = PreparedQuery(
    lambda codes: (
        Discount.objects.filter(code__in=codes).select_related("rule", "parent_discount").order_by("created_at", "id")
    )
)
_REGION_LINKS = PreparedQuery(
    lambda discount_ids: Discount.regions.through.objects.filter(
        discount_id__in=discount_ids, region__deleted_at__isnull=True
    ).select_related("region")
)
_CONDITIONS = PreparedQuery(lambda rule_ids: DiscountCondition.objects.filter(discount_rule_id__in=rule_ids))
_CONDITION_PRODUCTS = PreparedQuery(
    lambda rule_ids: DiscountCondition.products.through.objects.filter(
        discountcondition__discount_rule_id__in=rule_ids,
        discountcondition__deleted_at__isnull=True,
        product__deleted_at__isnull=True,
    ).select_related("product")
)


def _rule_ids(rules: list[DiscountRule]) -> tuple[list[str]]:
    return (sorted({rule.pk for rule in rules}),)


def _conditions_prefetched(rules: list[DiscountRule], conditions: list) -> None:
    """Each rule's conditions and each condition's products, as `prefetch_related("conditions__products")`: the
    products are read only when there are conditions (most discounts have none)."""
    product_links = _CONDITION_PRODUCTS(*_rule_ids(rules)) if conditions else []
    products: dict[str, list[Product]] = {}
    for link in product_links:
        products.setdefault(link.discountcondition_id, []).append(link.product)
    for condition in conditions:
        prefetched([condition], "products", products.get(condition.pk, []))
    for rule in rules:
        prefetched(
            [rule], "conditions", [condition for condition in conditions if condition.discount_rule_id == rule.pk]
        )


def discount_conditions_fetch(rules: list[DiscountRule]) -> None:
    """The rules' live conditions with their live products, which `discount_rule_data` reads: one prepared query,
    two when there are conditions; none for rules that have them already (read with their discount by code)."""
    rules = [rule for rule in rules if "conditions" not in getattr(rule, "_prefetched_objects_cache", {})]
    if rules:
        _conditions_prefetched(rules, _CONDITIONS(*_rule_ids(rules)))


def discounts_by_codes(codes: list[str]) -> list[Discount]:
    """v1's `listByCodes`: every requested code must match one live discount, or 404 naming them all.

    A code asked for twice finds one row, so duplicates fail as unknown codes do (observed `[TEST, TEST]`).
    The rows come with everything `discount_validate_for_cart` and `discount_rule_data` read.
    """
    ((query, values),) = discounts_by_codes_reads(codes)
    discounts = query(*values)
    if len(discounts) != len(codes):
        raise _codes_not_found(values[0])
    _relations_of_found(discounts)
    return discounts


def discounts_by_codes_reads(codes: list[str]) -> list:
    """The first query of `discounts_by_codes(codes)`, for `read_ahead` (the regions and conditions it reads after
    depend on what that finds)."""
    return [(_BY_CODES, ([code.upper().strip() for code in codes],))]


def _codes_not_found(normalized: list[str]) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"Discounts with code [{', '.join(normalized)}] was not found")


def _relations_of_found(discounts: list[Discount]) -> None:
    """What `discount_validate_for_cart` and `discount_rule_data` read of discounts found by code."""
    owners = discounts + [discount.parent_discount for discount in discounts if discount.parent_discount_id]
    _regions_and_conditions_fetch(owners, [discount.rule for discount in discounts if discount.rule_id])


def discount_regions_and_conditions_fetch(discounts: list[Discount]) -> None:
    """The discounts' live regions and their rules' conditions (`discount_conditions_fetch`), in one statement."""
    _regions_and_conditions_fetch(discounts, [discount.rule for discount in discounts])


def _regions_and_conditions_fetch(owners: list[Discount], rules: list[DiscountRule]) -> None:
    region_links, conditions = run_together(
        (_REGION_LINKS, (sorted({owner.pk for owner in owners}),)), (_CONDITIONS, _rule_ids(rules))
    )
    regions: dict[str, list] = {}
    for link in region_links:
        regions.setdefault(link.discount_id, []).append(link.region)
    for owner in owners:
        prefetched([owner], "regions", regions.get(owner.pk, []))
    _conditions_prefetched(rules, conditions)


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


def discount_codes_checked(codes: list[str], *, region_id: str, now: datetime) -> tuple[list[Discount], dict[str, str]]:
    """The discounts of these codes a cart in the region may take, each checked alone as `discounts_by_codes([code])`
    and `discount_validate_for_cart` check it (read together), and why each other code is refused (its refusal's
    message)."""
    found = _BY_CODES(sorted({code.upper().strip() for code in codes}))
    _relations_of_found(found)
    by_code = {discount.code: discount for discount in found}
    valid, refused = [], {}
    for code in codes:
        discount = by_code.get(code.upper().strip())
        try:
            if discount is None:
                raise _codes_not_found([code.upper().strip()])
            discount_validate_for_cart(discount, region_id=region_id, now=now)
        except MedusaError as error:
            refused[code] = error.message
        else:
            valid.append(discount)
    return valid, refused


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
