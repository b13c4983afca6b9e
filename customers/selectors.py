"""Reads of customers and their addresses, each in a fixed number of queries whatever the page size."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from config.api.querystring import order_by_fields
from config.errors import ErrorType, MedusaError
from config.ids import can_be_id
from config.prepared import PreparedQuery
from customers.models import Address, Customer, CustomerGroup

# The relations a customer response may embed (v1's `expand`); the admin detail embeds these two by default.
CUSTOMER_RELATIONS = ("orders", "shipping_addresses", "billing_address", "groups")
DEFAULT_CUSTOMER_RELATIONS = ("orders", "shipping_addresses")
CUSTOMER_ORDER_FIELDS = {
    name: name
    for name in (
        *("id", "email", "first_name", "last_name", "billing_address_id", "phone", "has_account"),
        *("created_at", "updated_at"),
    )
}


def customer_queryset(relations=()) -> QuerySet[Customer]:
    queryset = Customer.objects.all()
    if "billing_address" in relations:
        queryset = queryset.select_related("billing_address__country")
    if "shipping_addresses" in relations:
        queryset = queryset.prefetch_related(
            Prefetch("shipping_addresses", queryset=Address.objects.select_related("country").order_by("created_at"))
        )
    if "groups" in relations:
        queryset = queryset.prefetch_related(Prefetch("groups", queryset=CustomerGroup.objects.order_by("created_at")))
    return queryset


def customer_list(
    *,
    q: str | None = None,
    filters: dict | None = None,
    group_ids: list[str] | None = None,
    order: str | None = None,
    relations=(),
) -> QuerySet[Customer]:
    """v1's list, newest first unless `order` says otherwise: `q` matches email, first or last name, case-insensitively
    and in part (ILIKE `%q%`); `group_ids` keeps the members of any of those (live) groups."""
    queryset = customer_queryset(relations).filter(**(filters or {}))
    if group_ids is not None:
        members = Customer.groups.through.objects.filter(
            customergroup_id__in=group_ids, customergroup__deleted_at__isnull=True
        )
        queryset = queryset.filter(pk__in=members.values("customer_id"))
    if q:
        queryset = queryset.filter(Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q))
    return queryset.order_by(*order_by_fields(order, CUSTOMER_ORDER_FIELDS))


def customer_not_found(customer_id: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"Customer with id: {customer_id} was not found")


def address_not_found(address_id: str) -> MedusaError:
    """CustomerService's wording."""
    return MedusaError(ErrorType.NOT_FOUND, f"Address with id {address_id} was not found")


def customer_get(customer_id: str, *, relations=()) -> Customer:
    """The live customer or v1's 404 `Customer with id: <id> was not found`; without relations, `customer_find`'s
    prepared read (so `customer_find_reads` reads it ahead)."""
    customer = customer_queryset(relations).filter(pk=customer_id).first() if relations else customer_find(customer_id)
    if customer is None:
        raise customer_not_found(customer_id)
    return customer


# `customer_find` and `address_get` (config.prepared), and what they read for `read_ahead`
_CUSTOMER = PreparedQuery(lambda customer_id: Customer.objects.filter(pk=customer_id))
_ADDRESS = PreparedQuery(lambda address_id: Address.objects.select_related("country").filter(pk=address_id))


def customer_find(customer_id: str) -> Customer | None:
    """The live customer of this id, or None."""
    found = _CUSTOMER(customer_id) if can_be_id(customer_id) else []
    return found[0] if found else None


def customer_find_reads(customer_id: str | None) -> list:
    """What `customer_find` (and `customer_get` without relations) reads, for `read_ahead`."""
    return [(_CUSTOMER, (customer_id,))] if customer_id and can_be_id(customer_id) else []


def address_get(address_id: str) -> Address:
    """The live address or v1's 404 `Address with id <id> was not found`."""
    found = _ADDRESS(address_id) if can_be_id(address_id) else []
    if not found:
        raise address_not_found(address_id)
    return found[0]


def address_get_reads(address_ids: Iterable[str]) -> list:
    return [(_ADDRESS, (address_id,)) for address_id in address_ids if can_be_id(address_id)]


# --- customer groups -----------------------------------------------------------------------------------------

CUSTOMER_GROUP_RELATIONS = ("customers",)
CUSTOMER_GROUP_ORDER_FIELDS = {name: name for name in ("id", "name", "created_at", "updated_at")}


def customer_group_not_found(group_id: str) -> MedusaError:
    return MedusaError(ErrorType.NOT_FOUND, f"CustomerGroup with id {group_id} was not found")


def customer_group_queryset(relations=()) -> QuerySet[CustomerGroup]:
    queryset = CustomerGroup.objects.all()
    if "customers" in relations:
        queryset = queryset.prefetch_related(Prefetch("customers", queryset=Customer.objects.order_by("created_at")))
    return queryset


def customer_group_list(
    *, q: str | None = None, filters: dict | None = None, order: str | None = None, relations=()
) -> QuerySet[CustomerGroup]:
    """v1's list, newest first unless `order` says otherwise; `q` matches the name (ILIKE `%q%`)."""
    queryset = customer_group_queryset(relations).filter(**(filters or {}))
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset.order_by(*order_by_fields(order, CUSTOMER_GROUP_ORDER_FIELDS))


def customer_group_get(group_id: str, *, relations=()) -> CustomerGroup:
    """The live group or v1's 404 `CustomerGroup with id <id> was not found`."""
    group = customer_group_queryset(relations).filter(pk=group_id).first()
    if group is None:
        raise customer_group_not_found(group_id)
    return group
