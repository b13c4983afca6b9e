"""The store and what its answer gathers from the other apps: currencies, the default channel, providers."""

from dataclasses import dataclass, field

from config.features import FEATURE_FLAGS
from products.models import SalesChannel
from products.selectors import default_sales_channel
from regions.models import Currency, FulfillmentProvider, PaymentProvider, Region
from stores.models import Store


@dataclass(frozen=True)
class StoreInfo:
    store: Store
    currencies: list[Currency]
    default_sales_channel: SalesChannel
    payment_providers: list[PaymentProvider]
    fulfillment_providers: list[FulfillmentProvider]
    feature_flags: list[dict] = field(
        default_factory=lambda: [{"key": key, "value": value} for key, value in FEATURE_FLAGS.items()]
    )
    # v1's plug-in modules (cache, event bus, …): this project has none
    modules: list[dict] = field(default_factory=list)


def store_get() -> StoreInfo:
    """The store with its relations, in a fixed number of queries.

    v1 keeps a list of store currencies that regions must be in; this project does not check a region's currency
    against the store, so the store's currencies are the default one and those of its regions.
    """
    store = Store.objects.select_related("default_currency").get()
    region_currencies = Currency.objects.filter(code__in=Region.objects.values("currency_id")).exclude(
        code=store.default_currency_id
    )
    return StoreInfo(
        store=store,
        currencies=[store.default_currency, *region_currencies.order_by("code")],
        default_sales_channel=default_sales_channel(),
        payment_providers=list(PaymentProvider.objects.filter(is_installed=True).order_by("id")),
        fulfillment_providers=list(FulfillmentProvider.objects.filter(is_installed=True).order_by("id")),
    )
