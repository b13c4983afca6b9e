"""Writes of customers and addresses: the only place that changes them, for the API, the admin and draft orders."""

import json
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.core.validators import EmailValidator
from django.core.validators import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import ErrorType, MedusaError
from config.models import metadata_merged, stored_json
from config.prepared import PreparedQuery
from config.writes import row_save, rows_insert
from customers.models import Address, Customer, CustomerGroup
from customers.selectors import address_get, address_not_found, customer_group_not_found, customer_not_found
from regions.models import Country

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "company",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "metadata",
)
CUSTOMER_FIELDS = ("first_name", "last_name", "phone")

ACCOUNT_EXISTS = "A customer with the given email already has an account. Log in instead"
GUEST_EXISTS = "Guest customer with email already exists"


def _valid_email(email: str) -> str:
    """Lower-cased, as v1's `validateEmail`; a malformed one is v1's 400 `The email is not valid`."""
    try:
        EmailValidator()(email)
    except DjangoValidationError:
        raise MedusaError(ErrorType.INVALID_DATA, "The email is not valid", field="email") from None
    return email.lower()


def _save_unique(customer: Customer, duplicate_message: str) -> None:
    """Saves; a concurrent insert of the same (email, has_account) fails the unique constraint, which is v1's
    422 duplicate_error."""
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        raise MedusaError(ErrorType.DUPLICATE_ERROR, duplicate_message, field="email") from None


@transaction.atomic
def customer_create(
    *,
    email: str,
    first_name: str | None = None,
    last_name: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    metadata: dict | None = None,
) -> Customer:
    """v1's CustomerService.create: a password gives the customer an account; one guest and one account per email."""
    email = _valid_email(email)
    has_accounts = set(Customer.objects.filter(email=email).values_list("has_account", flat=True))
    if password and True in has_accounts:
        raise MedusaError(ErrorType.DUPLICATE_ERROR, ACCOUNT_EXISTS, field="email")
    if not password and False in has_accounts:
        raise MedusaError(ErrorType.DUPLICATE_ERROR, GUEST_EXISTS, field="email")
    customer = Customer(
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        metadata=metadata,
        has_account=bool(password),
        password_hash=make_password(password) if password else None,
    )
    _save_unique(customer, ACCOUNT_EXISTS if password else GUEST_EXISTS)
    return customer


@transaction.atomic
def customer_update(*, customer_id: str, data: dict) -> Customer:
    """v1's update: the given keys of `email, first_name, last_name, phone, password, metadata, billing_address`.

    `billing_address` as v1's `updateBillingAddress_`: an address id links it, an object is merged into the
    current billing address (or becomes a new one), None unlinks it. Metadata merges as v1's setMetadata.
    """
    customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
    if customer is None:
        raise customer_not_found(customer_id)
    if "email" in data:
        if customer.has_account:
            raise MedusaError(
                ErrorType.INVALID_DATA,
                "Email cannot be changed when the user has registered their account",
                field="email",
            )
        # v1 stores an updated email as given; lower-cased here so it stays findable as create and guests expect
        # (departure "emails lower-cased")
        customer.email = _valid_email(data["email"])
        others = Customer.objects.filter(email=customer.email, has_account=customer.has_account).exclude(pk=customer.pk)
        if others.exists():
            raise MedusaError(ErrorType.DUPLICATE_ERROR, GUEST_EXISTS, field="email")
    for field in CUSTOMER_FIELDS:
        if field in data:
            setattr(customer, field, data[field])
    if data.get("metadata") is not None:
        customer.metadata = metadata_merged(customer.metadata, data["metadata"])
    if data.get("password"):
        customer.password_hash = make_password(data["password"])
    if "billing_address" in data:
        customer.billing_address = _billing_address(customer, data["billing_address"])
    _save_unique(customer, GUEST_EXISTS)
    if data.get("groups") is not None:
        # v1 replaces the customer's groups with the given ones
        customer.groups.set(_live_groups(data["groups"]))
    return customer


def _live_groups(group_ids: list[str]) -> list[CustomerGroup]:
    groups = {group.pk: group for group in CustomerGroup.objects.filter(pk__in=group_ids)}
    missing = next((group_id for group_id in group_ids if group_id not in groups), None)
    if missing is not None:
        raise customer_group_not_found(missing)
    return list(groups.values())


def _billing_address(customer: Customer, value: str | dict | None) -> Address | None:
    if value is None:
        return None
    if isinstance(value, str):
        return address_get(value)
    if customer.billing_address_id:
        return address_update(address_id=customer.billing_address_id, data=value)
    return address_create(data=value)


_GUEST = PreparedQuery(lambda email: Customer.objects.filter(email=email, has_account=False)[:1])  # newest first


def customer_guest_find(*, email: str) -> Customer:
    """The unregistered customer (has_account false) with this email (v1's cart flow), or a new one not saved yet
    (`customer_guest_save` saves it; a quote shows it as it is)."""
    email = _valid_email(email)
    found = _GUEST(email)
    return found[0] if found else Customer(email=email, has_account=False)


def customer_guest_find_reads(email: str) -> list:
    """What `customer_guest_find(email=email)` reads, for `read_ahead`."""
    return [(_GUEST, (email.lower(),))]


def customer_guest_save(customer: Customer) -> Customer:
    """Saves a new guest from `customer_guest_find`; the one a concurrent request created meanwhile wins (the insert
    has its own savepoint, so the caller's transaction goes on after losing that race)."""
    if not customer._state.adding:
        return customer
    try:
        with transaction.atomic():
            customer.save(force_insert=True)
            return customer
    except IntegrityError:
        return Customer.objects.get(email=customer.email, has_account=False)


def customer_get_or_create_guest(*, email: str) -> Customer:
    """The unregistered customer (has_account false) with this email, created when there is none (v1's cart flow)."""
    return customer_guest_save(customer_guest_find(email=email))


_COUNTRY = PreparedQuery(lambda iso_2: Country.objects.filter(iso_2=iso_2))  # unique


def _address_values(data: dict, countries: Iterable[Country] = ()) -> dict:
    """AddressPayload keys as model values; `country_code` lower-cased (as v1) and checked against the countries
    (looked up unless it is one of `countries`, rows the caller read: a region's)."""
    unknown = set(data) - set(ADDRESS_FIELDS)
    if unknown:
        raise MedusaError(ErrorType.INVALID_DATA, f"property {sorted(unknown)[0]} should not exist")
    values = {key: value for key, value in data.items() if key != "country_code"}
    if values.get("metadata") is not None:
        values["metadata"] = stored_json(values["metadata"])
    if "country_code" in data:
        code = (data["country_code"] or "").lower() or None
        country = None
        if code is not None:
            country = next((row for row in countries if row.iso_2 == code), None) or next(iter(_COUNTRY(code)), None)
        if code is not None and country is None:
            # v1 lets the foreign key fail; its error handler words that `Country with country_code xx does not exist.`
            raise MedusaError(
                ErrorType.NOT_FOUND, f"Country with country_code {code} does not exist.", field="country_code"
            )
        values["country"] = country  # the row, so the address renders without reading it again
    return values


def address_new(
    *, data: dict, customer_id: str | None = None, cart_owned: bool = False, countries: Iterable[Country] = ()
) -> Address:
    """A new address from AddressPayload fields, checked but not saved yet (a new draft order's, until it is made)."""
    return Address(customer_id=customer_id, cart_owned=cart_owned, **_address_values(data, countries))


def address_create(
    *, data: dict, customer_id: str | None = None, cart_owned: bool = False, countries: Iterable[Country] = ()
) -> Address:
    """A new address from AddressPayload fields: one of the customer's shipping addresses, a cart's own address
    (`cart_owned`), or neither (a customer's billing address). `countries`: as `_address_values`."""
    address = address_new(data=data, customer_id=customer_id, cart_owned=cart_owned, countries=countries)
    rows_insert([address])
    return address


# what a copy takes over: the AddressPayload fields, as columns
COPIED_COLUMNS = tuple("country_id" if field == "country_code" else field for field in ADDRESS_FIELDS)


def address_new_copy(*, address: Address) -> Address:
    """A cart's own copy of an address (departure "a draft's addresses are its own"): the same fields, a new id, no
    customer; editing one never changes the other. Not saved yet (`address_copy` saves it)."""
    copy = Address(cart_owned=True, **{column: getattr(address, column) for column in COPIED_COLUMNS})
    if Address.country.is_cached(address):  # the row read with it (address_get): the copy renders without a read
        copy.country = address.country
    return copy


def address_copy(*, address: Address) -> Address:
    copy = address_new_copy(address=address)
    rows_insert([copy])
    return copy


def _address_locked(address_id: str) -> Address:
    address = Address.objects.select_for_update().filter(pk=address_id).first()
    if address is None:
        raise address_not_found(address_id)
    return address


@transaction.atomic
def address_update(*, address_id: str, data: dict) -> Address:
    """Merges the given AddressPayload fields into the address (v1's `{...address, ...update}`)."""
    address = _address_locked(address_id)
    for field, value in _address_values(data).items():
        setattr(address, field, value)
    address.save()
    return address


def address_update_owned(*, address: Address, data: dict, countries: Iterable[Country] = ()) -> Address:
    """Merges the fields into a cart's or an order's own address, the row as the caller read it: the caller holds
    the lock of its owner (a draft order's or an order's row), which every change of the row takes first. A row it
    holds without owning it (shared before carts owned their addresses, departure "a draft's addresses are its
    own") is copied and the copy changed, so whoever else holds the row keeps it as it was. `countries`: as
    `_address_values`."""
    values = _address_values(data, countries)
    own = address if address.cart_owned else address_new_copy(address=address)
    for field, value in values.items():
        setattr(own, field, value)
    if address.cart_owned:
        row_save(own)
    else:
        rows_insert([own])
    return own


@transaction.atomic
def address_delete(*, address_id: str) -> None:
    """Soft delete, as v1's `removeAddress`."""
    address = _address_locked(address_id)
    address.deleted_at = timezone.now()
    address.save(update_fields=["deleted_at", "updated_at"])


# --- customer groups -----------------------------------------------------------------------------------------


def _group_locked(group_id: str) -> CustomerGroup:
    group = CustomerGroup.objects.select_for_update().filter(pk=group_id).first()
    if group is None:
        raise customer_group_not_found(group_id)
    return group


def _save_group(group: CustomerGroup) -> None:
    """Saves; a live group of the same name is v1's 422, worded as its Postgres unique index words it."""
    duplicate = MedusaError(ErrorType.DUPLICATE_ERROR, f"Key (name)=({group.name}) already exists.", field="name")
    if CustomerGroup.objects.filter(name=group.name).exclude(pk=group.pk).exists():
        raise duplicate
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:  # created meanwhile by a concurrent request
        raise duplicate from None


@transaction.atomic
def customer_group_create(*, name: str, metadata: dict | None = None) -> CustomerGroup:
    group = CustomerGroup(name=name, metadata=metadata)
    _save_group(group)
    return group


@transaction.atomic
def customer_group_update(*, group_id: str, data: dict) -> CustomerGroup:
    """The given `name`; `metadata` merges as v1's setMetadata."""
    group = _group_locked(group_id)
    if data.get("name") is not None:
        group.name = data["name"]
    if data.get("metadata") is not None:
        group.metadata = metadata_merged(group.metadata, data["metadata"])
    _save_group(group)
    return group


@transaction.atomic
def customer_group_delete(*, group_id: str) -> None:
    """Soft delete, keeping its members and price lists linked (departure "deleted groups close their lists");
    an unknown id is no error (v1)."""
    CustomerGroup.objects.filter(pk=group_id).update(deleted_at=timezone.now())


@transaction.atomic
def customer_group_add_customers(*, group_id: str, customer_ids: list[str]) -> CustomerGroup:
    """v1's addCustomers: every customer must exist; one already a member stays one."""
    group = _group_locked(group_id)
    customers = set(Customer.objects.filter(pk__in=customer_ids).values_list("pk", flat=True))
    missing = [customer_id for customer_id in dict.fromkeys(customer_ids) if customer_id not in customers]
    if missing:
        raise MedusaError(
            ErrorType.NOT_FOUND, f"The following customer ids do not exist: {json.dumps(', '.join(missing))}"
        )
    group.customers.add(*customers)
    return group


@transaction.atomic
def customer_group_remove_customers(*, group_id: str, customer_ids: list[str]) -> CustomerGroup:
    """v1's removeCustomer: ids that are not members are ignored."""
    group = _group_locked(group_id)
    group.customers.remove(*Customer.all_objects.filter(pk__in=customer_ids))
    return group
