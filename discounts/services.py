"""Writes of discounts, their rule, product conditions and regions, as v1's DiscountService does them."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.errors import ErrorType, MedusaError, not_found
from config.models import metadata_merged
from config.writes import rows_update
from discounts.models import Discount, DiscountCondition, DiscountRule
from discounts.selectors import discount_check_usage
from products.models import Product
from regions.models import Region

MISSING_RESOURCES = "Missing one of products, collections, tags, types or customer groups in data"
ENDS_BEFORE_START = '"ends_at" must be greater than "starts_at"'


def _code_normalize(code: str) -> str:
    return code.upper().strip()


def _code_check_free(code: str, *, discount_id: str | None = None) -> None:
    """Codes are unique among live discounts; v1 words the unique violation as below."""
    if Discount.objects.filter(code=code).exclude(pk=discount_id).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"Discount with code {code} already exists.", field="code")


def _rule_value_check(*, type: str, value: int) -> None:
    if value < 0:
        # v1 stores a negative value as is; here the column refuses it, so it is refused as input (departure
        # "bad numbers")
        raise MedusaError(ErrorType.INVALID_DATA, "value must not be less than 0", field="value")
    if type == DiscountRule.Type.PERCENTAGE and value > 100:
        raise MedusaError(
            ErrorType.INVALID_DATA, "Discount value above 100 is not allowed when type is percentage", field="value"
        )


def _fixed_region_check(*, type: str, region_count: int) -> None:
    if type == DiscountRule.Type.FIXED and region_count > 1:
        raise MedusaError(ErrorType.INVALID_DATA, "Fixed discounts can have one region", field="regions")


def _regions_resolve(region_ids: Iterable[str]) -> list[Region]:
    """The regions in the given order, or v1's 404 for the first unknown one."""
    region_ids = list(dict.fromkeys(region_ids))
    found = Region.objects.in_bulk(region_ids)
    for region_id in region_ids:
        if region_id not in found:
            raise not_found("Region", region_id)
    return [found[region_id] for region_id in region_ids]


def _products_resolve(product_ids: Iterable[str]) -> list[str]:
    product_ids = list(dict.fromkeys(product_ids))
    found = set(Product.objects.filter(pk__in=product_ids).values_list("pk", flat=True))
    for product_id in product_ids:
        if product_id not in found:
            # v1's wording of the foreign-key violation on discount_condition_product
            raise MedusaError(ErrorType.NOT_FOUND, f"Product with product_id {product_id} does not exist.")
    return product_ids


def _condition_upsert(
    rule: DiscountRule, *, products: list[str] | None, operator: str | None = None, condition_id: str | None = None
) -> DiscountCondition:
    """v1's `upsertCondition`: creates a condition, or changes an existing one's operator and replaces its products."""
    if not products:
        raise MedusaError(ErrorType.INVALID_DATA, MISSING_RESOURCES)
    if condition_id is not None:
        condition = rule.conditions.filter(pk=condition_id).first()
        if condition is None:
            raise MedusaError(ErrorType.NOT_FOUND, f"DiscountCondition with id {condition_id} was not found")
        operator = operator or condition.operator
    elif operator is None:
        # v1 lets the insert fail on the not-null column and words it so
        raise MedusaError(
            ErrorType.INVALID_DATA, "Can't insert null value in field operator on insert in table discount_condition"
        )
    if rule.conditions.filter(operator=operator).exclude(pk=condition_id).exists():
        raise MedusaError(
            ErrorType.DUPLICATE_ERROR,
            f"Discount Condition with operator '{operator}' and type 'products' already exist on a Discount Rule",
        )
    product_ids = _products_resolve(products)
    if condition_id is None:
        condition = DiscountCondition.objects.create(discount_rule=rule, operator=operator)
    elif condition.operator != operator:
        condition.operator = operator
        condition.save(update_fields=["operator", "updated_at"])
    condition.products.set(product_ids)
    return condition


@transaction.atomic
def discount_create(
    *,
    code: str,
    rule: dict,
    regions: list[str],
    is_dynamic: bool = False,
    is_disabled: bool = False,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    valid_duration: str | None = None,
    usage_limit: int | None = None,
    metadata: dict | None = None,
) -> Discount:
    """v1's `DiscountService.create`. `rule` is `{type, value, allocation, description?, conditions?}` with
    conditions `[{operator, products: [ids]}]`; the checks run in v1's order."""
    _rule_value_check(type=rule["type"], value=rule["value"])
    _fixed_region_check(type=rule["type"], region_count=len(regions))
    resolved_regions = _regions_resolve(regions)
    if not resolved_regions:
        raise MedusaError(ErrorType.INVALID_DATA, "Discount must have atleast 1 region", field="regions")
    code = _code_normalize(code)
    _code_check_free(code)
    discount_rule = DiscountRule.objects.create(
        type=rule["type"], value=rule["value"], allocation=rule.get("allocation"), description=rule.get("description")
    )
    discount = Discount.objects.create(
        code=code,
        rule=discount_rule,
        is_dynamic=is_dynamic,
        is_disabled=is_disabled,
        starts_at=starts_at or timezone.now(),
        ends_at=ends_at,
        valid_duration=valid_duration,
        usage_limit=usage_limit,
        metadata=metadata,
    )
    discount.regions.set(resolved_regions)
    for condition in rule.get("conditions") or []:
        _condition_upsert(discount_rule, operator=condition.get("operator"), products=condition.get("products"))
    return discount


def _discount_for_update(discount_id: str) -> Discount:
    discount = Discount.objects.select_for_update(of=("self",)).select_related("rule").filter(pk=discount_id).first()
    if discount is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Discount with id {discount_id} was not found")
    return discount


@transaction.atomic
def discount_update(*, discount_id: str, data: dict) -> Discount:
    """v1's `DiscountService.update`: only the keys present in `data` change (None clears a nullable field).

    `data` holds AdminPostDiscountsDiscountReq's fields; `rule` is `{id, description?, value?, allocation?,
    conditions?: [{id?, operator?, products}]}`, `regions` replaces the regions, `metadata` is merged.
    """
    discount = _discount_for_update(discount_id)
    rule = discount.rule
    changes = dict(data)
    rule_changes = dict(changes.pop("rule", None) or {})
    regions = changes.pop("regions", None)
    metadata = changes.pop("metadata", None)

    # v1 compares a new end with the stored start, not with a start sent alongside it
    if changes.get("ends_at") and discount.starts_at >= changes["ends_at"]:
        raise MedusaError(ErrorType.INVALID_DATA, ENDS_BEFORE_START, field="ends_at")
    if regions is not None:
        _fixed_region_check(type=rule.type, region_count=len(regions))
    if rule_changes:
        rule_id = rule_changes.pop("id")
        if rule_id != rule.id:
            # v1 would save the other rule with this one's values; refuse instead (departure "discount checks")
            raise MedusaError(ErrorType.INVALID_DATA, f"Discount {discount.id} has rule {rule.id}, not {rule_id}")
        for condition in rule_changes.pop("conditions", None) or []:
            _condition_upsert(
                rule,
                condition_id=condition.get("id"),
                operator=condition.get("operator"),
                products=condition.get("products"),
            )
    if regions is not None:
        discount.regions.set(_regions_resolve(regions))
    if metadata is not None:
        discount.metadata = metadata_merged(discount.metadata, metadata)
    if rule_changes:
        if rule_changes.get("value"):
            _rule_value_check(type=rule.type, value=rule_changes["value"])
        for field, value in rule_changes.items():
            setattr(rule, field, value)
        rule.save()
    if "code" in changes:
        changes["code"] = _code_normalize(changes["code"])
        _code_check_free(changes["code"], discount_id=discount.id)
    for field, value in changes.items():
        setattr(discount, field, value)
    discount.save()
    return discount


@transaction.atomic
def discount_product_conditions_set(
    *, discount_id: str, only_products: list[str], excluded_products: list[str]
) -> Discount:
    """The rule's product conditions made exactly these (the admin form's door; an empty list removes one)."""
    discount = _discount_for_update(discount_id)
    for operator, products in (
        (DiscountCondition.Operator.IN, only_products),
        (DiscountCondition.Operator.NOT_IN, excluded_products),
    ):
        existing = discount.rule.conditions.filter(operator=operator).first()
        if products:
            condition_id = existing.id if existing is not None else None
            _condition_upsert(discount.rule, operator=operator, products=products, condition_id=condition_id)
        elif existing is not None:
            existing.delete()
    return discount


@transaction.atomic
def discount_delete(*, discount_id: str) -> None:
    """v1's delete is idempotent: an unknown or already deleted id is not an error."""
    now = timezone.now()
    Discount.objects.filter(pk=discount_id).update(deleted_at=now, updated_at=now)


@transaction.atomic
def discount_region_add(*, discount_id: str, region_id: str) -> Discount:
    discount = _discount_for_update(discount_id)
    region_ids = set(discount.regions.values_list("pk", flat=True))
    if region_id in region_ids:
        return discount
    _fixed_region_check(type=discount.rule.type, region_count=len(region_ids) + 1)
    discount.regions.add(*_regions_resolve([region_id]))
    return discount


@transaction.atomic
def discount_region_remove(*, discount_id: str, region_id: str) -> Discount:
    """Removing a region the discount does not have (or an unknown one) changes nothing, as in v1."""
    discount = _discount_for_update(discount_id)
    discount.regions.remove(region_id)
    return discount


@transaction.atomic(savepoint=False)  # inside Mark Paid's transaction: a refusal rolls all of it back
def discount_usage_increment(*, discounts: Iterable[Discount]) -> None:
    """One more use of each of these fetched discounts (Mark Paid), counted even if one was deleted since it was
    applied; the rows given then hold the counts saved, so what renders them needs no read.

    The rows are locked in id order (so concurrent payments wait for each other rather than deadlock) and a
    discount used up meanwhile refuses the whole payment: its `usage_limit` holds when the money moves, not only
    when the code was applied to the draft (departure "limits hold at pay"). The lock and the check go at once; the
    count goes with the writes of a `writes_together` block around it (config.writes).
    """
    by_id = {discount.id: discount for discount in discounts}
    locked = Discount.all_objects.select_for_update().filter(pk__in=list(by_id)).order_by("id")
    for current in locked.only("id", "code", "usage_limit", "usage_count"):
        discount_check_usage(current)
        by_id[current.id].usage_count = current.usage_count + 1  # what the update below makes it
    rows_update(Discount.all_objects.filter(pk__in=list(by_id)), usage_count=F("usage_count") + 1)
