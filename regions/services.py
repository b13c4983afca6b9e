"""Writes to regions and shipping options, with Medusa v1's rules and error wording (services/region.ts,
services/shipping-option.ts). Every function is one transaction; callers re-read with a selector."""

from django.db import transaction
from django.utils import timezone

from config.errors import ErrorType, MedusaError, not_found
from config.models import metadata_merged
from regions.models import (
    Country,
    Currency,
    FulfillmentProvider,
    PaymentProvider,
    Region,
    ShippingOption,
    ShippingOptionRequirement,
    ShippingProfile,
)
from regions.seed_data import COUNTRIES
from regions.shipping import CALCULATING_PROVIDERS

ISO_ALPHA2 = frozenset(alpha2 for alpha2, *_ in COUNTRIES)


# --- regions -----------------------------------------------------------------------------------------------------


def _region_locked(region_id: str) -> Region:
    region = Region.objects.select_for_update().filter(pk=region_id).first()
    if region is None:
        raise not_found("Region", region_id)
    return region


def _currency(code: str) -> Currency:
    # v1 checks the store's currencies ("Invalid currency code"); every seeded currency is a store currency here.
    currency = Currency.objects.filter(code=code.lower()).first()
    if currency is None:
        raise MedusaError(ErrorType.INVALID_DATA, "Invalid currency code", field="currency_code")
    return currency


def _country_for_region(code: str, region_id: str | None, *, lock: bool = True) -> Country:
    """v1's validateCountry: a known ISO code, seeded, and not in another region (locked against a racing add)."""
    if code.upper() not in ISO_ALPHA2:
        raise MedusaError(ErrorType.INVALID_DATA, "Invalid country code", field="countries")
    countries = Country.objects.select_for_update() if lock else Country.objects
    country = countries.filter(iso_2=code.lower()).first()
    if country is None:
        raise MedusaError(ErrorType.INVALID_DATA, f"Country with code {code} not found", field="countries")
    if country.region_id and country.region_id != region_id:
        raise MedusaError(
            ErrorType.DUPLICATE_ERROR,
            f"{country.display_name} already exists in region {country.region_id}",
            field="countries",
        )
    return country


def _providers(model, provider_ids: list[str], message: str, field: str) -> list:
    found = model.objects.in_bulk(provider_ids)
    if any(pid not in found for pid in provider_ids):
        raise MedusaError(ErrorType.INVALID_DATA, message, field=field)
    return [found[pid] for pid in provider_ids]


def _region_changes(fields: dict, region_id: str | None) -> dict:
    """v1's validateFields then validateCurrency, in v1's order, resolving codes and ids to rows. Reads only."""
    tax_rate = fields.get("tax_rate")
    if tax_rate and not 0 <= tax_rate <= 100:
        # v1's wording, although the rate is a percentage.
        raise MedusaError(ErrorType.INVALID_DATA, "The tax_rate must be between 0 and 1", field="tax_rate")
    changes = dict(fields)
    if "countries" in fields:
        changes["countries"] = [_country_for_region(code, region_id) for code in fields["countries"]]
    if fields.get("tax_provider_id"):
        # Only plugins register tax providers in v1; none is installed here, so any id is unknown (departure
        # "region checks").
        raise MedusaError(ErrorType.INVALID_DATA, "Tax provider not found", field="tax_provider_id")
    if "payment_providers" in fields:
        changes["payment_providers"] = _providers(
            PaymentProvider, fields["payment_providers"], "Payment provider not found", "payment_providers"
        )
    if "fulfillment_providers" in fields:
        changes["fulfillment_providers"] = _providers(
            FulfillmentProvider,
            fields["fulfillment_providers"],
            "Fulfillment provider not found",
            "fulfillment_providers",
        )
    if "currency_code" in fields:
        changes["currency"] = _currency(changes.pop("currency_code"))
    return changes


def _region_write(region: Region, changes: dict) -> Region:
    relations = {key: changes.pop(key, None) for key in ("countries", "payment_providers", "fulfillment_providers")}
    if "metadata" in changes:
        region.metadata = metadata_merged(region.metadata, changes.pop("metadata"))
    for key, value in changes.items():
        setattr(region, key, value)
    region.save()
    if relations["countries"] is not None:
        # As TypeORM saves a one-to-many: countries left out of the list leave the region.
        kept = [country.pk for country in relations["countries"]]
        Country.objects.filter(region=region).exclude(pk__in=kept).update(region=None)
        Country.objects.filter(pk__in=kept).update(region=region)
    for key in ("payment_providers", "fulfillment_providers"):
        if relations[key] is not None:
            getattr(region, key).set(relations[key])
    return region


@transaction.atomic
def region_create(
    *,
    name: str,
    currency_code: str,
    tax_rate: float,
    payment_providers: list[str],
    fulfillment_providers: list[str],
    countries: list[str],
    tax_code: str | None = None,
    gift_cards_taxable: bool = True,
    automatic_taxes: bool = True,
    metadata: dict | None = None,
) -> Region:
    """v1's create; `gift_cards_taxable` and `automatic_taxes` are not in its request body but are columns."""
    fields = {
        "name": name,
        "currency_code": currency_code,
        "tax_rate": tax_rate,
        "tax_code": tax_code,
        "gift_cards_taxable": gift_cards_taxable,
        "automatic_taxes": automatic_taxes,
        "payment_providers": payment_providers,
        "fulfillment_providers": fulfillment_providers,
        "countries": countries,
    }
    if metadata is not None:
        fields["metadata"] = metadata
    return _region_write(Region(), _region_changes(fields, None))


@transaction.atomic
def region_update(*, region_id: str, **fields) -> Region:
    """Partial update with AdminPostRegionsRegionReq's fields; `countries` and providers replace the current sets."""
    region = _region_locked(region_id)
    return _region_write(region, _region_changes(fields, region.pk))


@transaction.atomic
def region_delete(*, region_id: str) -> None:
    """Soft delete; its countries become free for another region (as v1)."""
    region = _region_locked(region_id)
    region.deleted_at = timezone.now()
    region.save(update_fields=["deleted_at", "updated_at"])
    Country.objects.filter(region=region).update(region=None)


@transaction.atomic
def region_country_add(*, region_id: str, country_code: str) -> Region:
    _country_for_region(country_code, region_id, lock=False)  # v1 checks the country before the region
    region = _region_locked(region_id)
    # Checked again under the lock, taken region first then country as every region write does.
    country = _country_for_region(country_code, region.pk)
    if country.region_id != region.pk:
        country.region = region
        country.save(update_fields=["region"])
    return region


@transaction.atomic
def region_country_remove(*, region_id: str, country_code: str) -> Region:
    """Idempotent; the code is matched exactly (v1 compares it case-sensitively with the lower-case iso_2)."""
    region = _region_locked(region_id)
    Country.objects.filter(region=region, iso_2=country_code).update(region=None)
    return region


def _region_provider_add(region_id: str, relation: str, model, provider_id: str, label: str) -> Region:
    region = _region_locked(region_id)
    providers = getattr(region, relation)
    if not providers.filter(pk=provider_id).exists():
        provider = model.objects.filter(pk=provider_id).first()
        if provider is None:
            raise MedusaError(ErrorType.NOT_FOUND, f"{label} {provider_id} was not found")
        providers.add(provider)
    return region


def _region_provider_remove(region_id: str, relation: str, provider_id: str) -> Region:
    """Idempotent, as v1."""
    region = _region_locked(region_id)
    getattr(region, relation).remove(provider_id)
    return region


@transaction.atomic
def region_payment_provider_add(*, region_id: str, provider_id: str) -> Region:
    return _region_provider_add(region_id, "payment_providers", PaymentProvider, provider_id, "Payment provider")


@transaction.atomic
def region_payment_provider_remove(*, region_id: str, provider_id: str) -> Region:
    return _region_provider_remove(region_id, "payment_providers", provider_id)


@transaction.atomic
def region_fulfillment_provider_add(*, region_id: str, provider_id: str) -> Region:
    return _region_provider_add(
        region_id, "fulfillment_providers", FulfillmentProvider, provider_id, "Fulfillment provider"
    )


@transaction.atomic
def region_fulfillment_provider_remove(*, region_id: str, provider_id: str) -> Region:
    return _region_provider_remove(region_id, "fulfillment_providers", provider_id)


# --- shipping options --------------------------------------------------------------------------------------------


def _price_validated(*, price_type: str, amount: int | None, provider_id: str) -> int | None:
    """v1's validateAndMutatePrice: a calculated price needs a provider that calculates; a flat rate an amount >= 0."""
    if price_type == ShippingOption.PriceType.CALCULATED:
        if provider_id not in CALCULATING_PROVIDERS:
            raise MedusaError(
                ErrorType.INVALID_DATA,
                "The fulfillment provider cannot calculate prices for this option",
                field="price_type",
            )
        return None
    if amount is None or amount < 0:
        raise MedusaError(
            ErrorType.INVALID_DATA, "Shipping options of type `flat_rate` must have an `amount`", field="amount"
        )
    return amount


def _requirement_validated(requirement: dict) -> None:
    """v1's validateRequirement_ on one requirement."""
    if requirement["type"] not in ShippingOptionRequirement.Type.values:
        raise MedusaError(
            ErrorType.INVALID_DATA, "Requirement type must be one of min_subtotal, max_subtotal", field="requirements"
        )
    if requirement["amount"] < 0:
        # v1 stores a negative requirement; our CHECK (amount >= 0) refuses it, worded as class-validator's @Min
        # (departure "bad numbers").
        raise MedusaError(ErrorType.INVALID_DATA, "amount must not be less than 0", field="requirements")


def _requirement_accepted(requirement: dict, accepted: list[dict]) -> None:
    """The create/update loop's checks against the requirements accepted before this one."""
    if any(other["type"] == requirement["type"] for other in accepted):
        raise MedusaError(ErrorType.INVALID_DATA, "Only one requirement of each type is allowed", field="requirements")
    if any(
        (other["type"] == "max_subtotal" and requirement["amount"] > other["amount"])
        or (other["type"] == "min_subtotal" and requirement["amount"] < other["amount"])
        for other in accepted
    ):
        raise MedusaError(
            ErrorType.INVALID_DATA, "Max. subtotal must be greater than Min. subtotal", field="requirements"
        )
    accepted.append(requirement)


@transaction.atomic
def shipping_profile_create(*, name: str, type: str = ShippingProfile.Type.CUSTOM, metadata: dict | None = None):
    return ShippingProfile.objects.create(name=name, type=type, metadata=metadata)


@transaction.atomic
def shipping_profile_update(*, profile_id: str, **fields) -> ShippingProfile:
    profile = ShippingProfile.objects.select_for_update().filter(pk=profile_id).first()
    if profile is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Profile with id: {profile_id} was not found")
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.save()
    return profile


def _profile(profile_id: str | None) -> ShippingProfile:
    if profile_id is None:
        return ShippingProfile.objects.get(type=ShippingProfile.Type.DEFAULT)
    profile = ShippingProfile.objects.filter(pk=profile_id).first()
    if profile is None:
        # v1's wording for the foreign-key violation it hits on insert.
        raise MedusaError(ErrorType.NOT_FOUND, f"Shipping_profile with profile_id {profile_id} does not exist.")
    return profile


@transaction.atomic
def shipping_option_create(
    *,
    name: str,
    region_id: str,
    provider_id: str,
    data: dict,
    price_type: str,
    amount: int | None = None,
    profile_id: str | None = None,
    requirements: list[dict] | None = None,
    is_return: bool = False,
    admin_only: bool = False,
    metadata: dict | None = None,
) -> ShippingOption:
    amount = _price_validated(price_type=price_type, amount=amount, provider_id=provider_id)
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise not_found("Region", region_id)
    if not region.fulfillment_providers.filter(pk=provider_id).exists():
        raise MedusaError(
            ErrorType.INVALID_DATA, "The fulfillment provider is not available in the provided region", field="provider"
        )
    accepted: list[dict] = []
    for requirement in requirements or []:
        _requirement_validated(requirement)
        _requirement_accepted(requirement, accepted)
    option = ShippingOption.objects.create(
        name=name,
        region=region,
        profile=_profile(profile_id),
        provider_id=provider_id,
        price_type=price_type,
        amount=amount,
        is_return=is_return,
        admin_only=admin_only,
        data=data,
        metadata=metadata,
    )
    ShippingOptionRequirement.objects.bulk_create(
        ShippingOptionRequirement(shipping_option=option, type=r["type"], amount=r["amount"]) for r in accepted
    )
    return option


def _requirements_replace(option: ShippingOption, requirements: list[dict]) -> None:
    """v1's update: a requirement with an `id` is updated, one without is created, and the rest are soft-deleted."""
    live = {r.pk: r for r in option.requirements.filter(deleted_at__isnull=True)}
    accepted: list[dict] = []
    for requirement in requirements:
        requirement_id = requirement.get("id")
        # An id is looked up among this option's requirements only, never another option's (departure
        # "region checks": v1 would take another option's requirement over).
        _requirement_validated(requirement)
        if requirement_id and requirement_id not in live:
            raise MedusaError(
                ErrorType.INVALID_DATA,
                f"Shipping option requirement with id {requirement_id} does not exist",
                field="requirements",
            )
        _requirement_accepted(requirement, accepted)
    kept = set()
    for requirement in accepted:
        row = live.get(requirement.get("id")) or ShippingOptionRequirement(shipping_option=option)
        row.type, row.amount = requirement["type"], requirement["amount"]
        row.save()
        kept.add(row.pk)
    option.requirements.filter(deleted_at__isnull=True).exclude(pk__in=kept).update(deleted_at=timezone.now())


@transaction.atomic
def shipping_option_update(
    *,
    option_id: str,
    requirements: list[dict],
    name: str | None = None,
    amount: int | None = None,
    price_type: str | None = None,
    admin_only: bool | None = None,
    metadata: dict | None = None,
) -> ShippingOption:
    option = ShippingOption.objects.select_for_update().filter(pk=option_id).first()
    if option is None:
        raise MedusaError(ErrorType.NOT_FOUND, f"Shipping Option with {option_id} was not found")
    if metadata is not None:
        option.metadata = metadata_merged(option.metadata, metadata)
    _requirements_replace(option, requirements)
    if amount is not None:
        option.amount = amount
    # v1 re-checks the price type only when one is given, and a flat rate's amount always.
    if price_type is not None or option.price_type == ShippingOption.PriceType.FLAT_RATE:
        option.price_type = price_type or option.price_type
        option.amount = _price_validated(
            price_type=option.price_type, amount=option.amount, provider_id=option.provider_id
        )
    if name is not None:
        option.name = name
    if admin_only is not None:
        option.admin_only = admin_only
    option.save()
    return option


@transaction.atomic
def shipping_option_delete(*, option_id: str) -> None:
    """Soft delete. Idempotent as v1: an unknown or already deleted id is not an error."""
    ShippingOption.objects.filter(pk=option_id).update(deleted_at=timezone.now(), updated_at=timezone.now())
