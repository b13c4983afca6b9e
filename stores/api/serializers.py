from rest_framework import serializers

from config.api.serializers import MedusaDateTimeField, NullField
from products.api.serializers import SalesChannelSerializer
from regions.api.serializers import CurrencySerializer, FulfillmentProviderSerializer, PaymentProviderSerializer


class FeatureFlagSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.BooleanField()


class ModuleSerializer(serializers.Serializer):
    module = serializers.CharField()
    resolution = serializers.CharField()


class ExtendedStoreSerializer(serializers.Serializer):
    """v1's ExtendedStoreDTO in its observed key order, rendered from a `StoreInfo`."""

    id = serializers.CharField(source="store.id")
    created_at = MedusaDateTimeField(source="store.created_at")
    updated_at = MedusaDateTimeField(source="store.updated_at")
    name = serializers.CharField(source="store.name")
    default_currency_code = serializers.CharField(source="store.default_currency_id")
    swap_link_template = serializers.CharField(source="store.swap_link_template", allow_null=True)
    payment_link_template = serializers.CharField(source="store.payment_link_template", allow_null=True)
    invite_link_template = serializers.CharField(source="store.invite_link_template", allow_null=True)
    default_location_id = NullField()  # stock locations are not modelled
    metadata = serializers.JSONField(source="store.metadata", allow_null=True)
    default_sales_channel_id = serializers.CharField(source="default_sales_channel.id")
    currencies = CurrencySerializer(many=True)
    default_currency = CurrencySerializer(source="store.default_currency")
    default_sales_channel = SalesChannelSerializer()
    feature_flags = FeatureFlagSerializer(many=True)
    modules = ModuleSerializer(many=True)
    payment_providers = PaymentProviderSerializer(many=True)
    fulfillment_providers = FulfillmentProviderSerializer(many=True)


class AdminExtendedStoresRes(serializers.Serializer):
    store = ExtendedStoreSerializer()
