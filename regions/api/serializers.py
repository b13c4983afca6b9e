from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.querystring import DateComparisonSerializer, IdListField, ListQuerySerializer, QueryBooleanField
from config.api.serializers import AmountField, DeletedSerializer, EntitySerializer
from config.api.validation import (
    ArrayField,
    BooleanField,
    ClassValidatorField,
    EnumField,
    IncludesTaxField,
    NestedArrayField,
    NumberField,
    ObjectField,
    RequestSerializer,
    StringField,
    WholeNumberInputField,
)
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
from regions.shipping import shipping_option_list_prices

# --- input -------------------------------------------------------------------------------------------------------


class StringArrayField(ArrayField):
    """`@IsArray() @IsString({each: true})`: a value that is no array is itself checked as a string, as class-validator
    does, so a missing list fails both."""

    missing_messages = ("each value in {name} must be a string", "{name} must be an array")

    def __init__(self, **kwargs):
        super().__init__(child=StringField(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise self.invalid(self.messages if isinstance(data, str) else self.missing_messages)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.BOOL)
class TruthyField(ClassValidatorField, serializers.Field):
    """`@IsOptional() @Type(() => Boolean)` without `@IsBoolean`: v1 coerces any value with JavaScript's Boolean()."""

    def to_internal_value(self, data):
        return data not in (False, 0, "")

    def to_representation(self, value):
        return value


class WordedEnumField(EnumField):
    """`@IsEnum(Enum, {message})`: an enum v1 words itself."""

    def __init__(self, choices, *, message: str, **kwargs):
        super().__init__(choices, **kwargs)
        self.messages = (message,)


class AdminPostRegionsReq(RequestSerializer):
    writes_to = Region
    name = StringField(required=True)
    currency_code = StringField(required=True)
    tax_code = StringField()
    tax_rate = NumberField(required=True)
    payment_providers = StringArrayField(required=True)
    fulfillment_providers = StringArrayField(required=True)
    countries = StringArrayField(required=True)
    metadata = ObjectField()
    includes_tax = IncludesTaxField()


class AdminPostRegionsRegionReq(RequestSerializer):
    writes_to = Region
    name = StringField()
    currency_code = StringField()
    tax_code = StringField()
    tax_rate = NumberField()
    gift_cards_taxable = BooleanField()
    automatic_taxes = BooleanField()
    tax_provider_id = StringField()
    payment_providers = StringArrayField()
    fulfillment_providers = StringArrayField()
    countries = StringArrayField()
    metadata = ObjectField()
    includes_tax = IncludesTaxField()


class AdminPostRegionsRegionCountriesReq(RequestSerializer):
    country_code = StringField(required=True)


class AdminPostRegionsRegionPaymentProvidersReq(RequestSerializer):
    provider_id = StringField(required=True)


class AdminPostRegionsRegionFulfillmentProvidersReq(RequestSerializer):
    provider_id = StringField(required=True)


class AdminGetRegionsRegionParams(RequestSerializer):
    # Accepted as v1 does; the response always carries v1's default relations and fields.
    expand = StringField()
    fields = StringField()


class AdminGetRegionsParams(ListQuerySerializer):
    q = StringField()
    order = StringField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    deleted_at = DateComparisonSerializer(required=False)
    expand = StringField()
    fields = StringField()


PRICE_TYPE_MESSAGE = 'Invalid price type, must be one of "flat_rate" or "calculated"'


class CreateOptionRequirement(RequestSerializer):
    type = WordedEnumField(
        ShippingOptionRequirement.Type.choices,
        message='Invalid option type, must be one of "min_subtotal" or "max_subtotal"',
        required=True,
    )
    amount = WholeNumberInputField(required=True)


class UpdateOptionRequirement(RequestSerializer):
    writes_to = ShippingOptionRequirement
    id = StringField()
    type = StringField(required=True)
    amount = WholeNumberInputField(required=True)


class AdminPostShippingOptionsReq(RequestSerializer):
    writes_to = ShippingOption
    name = StringField(required=True)
    region_id = StringField(required=True)
    provider_id = StringField(required=True)
    profile_id = StringField()
    data = ObjectField(required=True)
    price_type = WordedEnumField(ShippingOption.PriceType.choices, message=PRICE_TYPE_MESSAGE, required=True)
    amount = WholeNumberInputField()
    requirements = NestedArrayField(child=CreateOptionRequirement())
    admin_only = TruthyField()
    is_return = TruthyField()
    metadata = ObjectField()
    includes_tax = IncludesTaxField()


class AdminPostShippingOptionsOptionReq(RequestSerializer):
    writes_to = ShippingOption
    name = StringField()
    amount = WholeNumberInputField()
    price_type = WordedEnumField(ShippingOption.PriceType.choices, message=PRICE_TYPE_MESSAGE)
    requirements = NestedArrayField(child=UpdateOptionRequirement(), required=True)
    admin_only = BooleanField()
    metadata = ObjectField()
    includes_tax = IncludesTaxField()


class AdminGetShippingOptionsParams(ListQuerySerializer):
    id = IdListField()
    name = StringField()
    region_id = StringField()
    is_return = QueryBooleanField()
    admin_only = QueryBooleanField()
    q = StringField()
    order = StringField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    deleted_at = DateComparisonSerializer(required=False)
    fields = StringField()
    expand = StringField()


# --- output ------------------------------------------------------------------------------------------------------


class CurrencySerializer(EntitySerializer):
    class Meta:
        model = Currency
        fields = ["code", "symbol", "symbol_native", "name"]
        ref_name = "Currency"


class CountrySerializer(EntitySerializer):
    """`{"id": 236, "iso_2": "us", ..., "region_id": "reg_…"}` as v1 serializes a country."""

    class Meta:
        model = Country
        fields = ["id", "iso_2", "iso_3", "num_code", "name", "display_name", "region_id"]
        ref_name = "Country"


class PaymentProviderSerializer(EntitySerializer):
    class Meta:
        model = PaymentProvider
        fields = ["id", "is_installed"]
        ref_name = "PaymentProvider"


class FulfillmentProviderSerializer(EntitySerializer):
    class Meta:
        model = FulfillmentProvider
        fields = ["id", "is_installed"]
        ref_name = "FulfillmentProvider"


class RegionSerializer(EntitySerializer):
    """A region's columns only, in v1's key order; nest it where v1 nests a bare region (a cart adds relations)."""

    currency_code = serializers.CharField(source="currency_id")
    tax_rate = AmountField()

    class Meta:
        model = Region
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "name",
            "currency_code",
            "tax_rate",
            "tax_code",
            "gift_cards_taxable",
            "automatic_taxes",
            "tax_provider_id",
            "metadata",
        ]
        ref_name = "Region"


class AdminRegionSerializer(RegionSerializer):
    """`/admin/regions`' region: v1's defaultAdminRegionRelations (countries, providers, currency)."""

    countries = CountrySerializer(many=True)
    payment_providers = PaymentProviderSerializer(many=True)
    fulfillment_providers = FulfillmentProviderSerializer(many=True)
    currency = CurrencySerializer()

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "countries", "payment_providers", "fulfillment_providers", "currency"]
        ref_name = "AdminRegion"


class ShippingProfileSerializer(EntitySerializer):
    # A plain string keeps the schema free of a second enum named `type` (requirements have one).
    type = serializers.CharField()

    class Meta:
        model = ShippingProfile
        fields = ["id", "created_at", "updated_at", "deleted_at", "name", "type", "metadata"]
        ref_name = "ShippingProfile"


class ShippingOptionRequirementSerializer(EntitySerializer):
    class Meta:
        model = ShippingOptionRequirement
        fields = ["id", "shipping_option_id", "type", "amount", "deleted_at"]
        ref_name = "ShippingOptionRequirement"


class ShippingOptionSerializer(EntitySerializer):
    """A shipping option's columns, as nested in a shipping method."""

    class Meta:
        model = ShippingOption
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "name",
            "region_id",
            "profile_id",
            "provider_id",
            "price_type",
            "amount",
            "is_return",
            "admin_only",
            "data",
            "metadata",
        ]
        ref_name = "ShippingOption"


class AdminShippingOptionSerializer(ShippingOptionSerializer):
    """`/admin/shipping-options`' option: v1's shippingOptionsDefaultRelations (region, profile, requirements)."""

    region = RegionSerializer()
    profile = ShippingProfileSerializer()
    requirements = ShippingOptionRequirementSerializer(many=True)

    class Meta(ShippingOptionSerializer.Meta):
        fields = [*ShippingOptionSerializer.Meta.fields, "region", "profile", "requirements"]
        ref_name = "AdminShippingOption"


class ShippingTaxRateSerializer(serializers.Serializer):
    rate = AmountField()
    name = serializers.CharField()
    code = serializers.CharField()


class AdminListedShippingOptionSerializer(AdminShippingOptionSerializer):
    """The list adds what v1's pricingService.setShippingOptionPrices computes from the (fetched) region."""

    price_incl_tax = serializers.SerializerMethodField()
    tax_rates = serializers.SerializerMethodField()
    tax_amount = serializers.SerializerMethodField()

    class Meta(AdminShippingOptionSerializer.Meta):
        fields = [*AdminShippingOptionSerializer.Meta.fields, "price_incl_tax", "tax_rates", "tax_amount"]
        ref_name = "AdminListedShippingOption"

    @staticmethod
    def _prices(option) -> dict:
        region = option.region
        return shipping_option_list_prices(
            amount=option.amount, tax_rate=region.tax_rate, automatic_taxes=region.automatic_taxes
        )

    @extend_schema_field(serializers.IntegerField())
    def get_price_incl_tax(self, option) -> int:
        return self._prices(option)["price_incl_tax"]

    @extend_schema_field(ShippingTaxRateSerializer(many=True))
    def get_tax_rates(self, option) -> list:
        return ShippingTaxRateSerializer(self._prices(option)["tax_rates"], many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_tax_amount(self, option) -> int:
        return self._prices(option)["tax_amount"]


# --- response envelopes (schema only) ----------------------------------------------------------------------------


class AdminRegionsRes(serializers.Serializer):
    region = AdminRegionSerializer()


class AdminRegionsListRes(serializers.Serializer):
    regions = AdminRegionSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class FulfillmentOptionSerializer(serializers.Serializer):
    provider_id = serializers.CharField()
    options = serializers.ListField(child=serializers.DictField())


class AdminGetRegionsRegionFulfillmentOptionsRes(serializers.Serializer):
    fulfillment_options = FulfillmentOptionSerializer(many=True)


class AdminShippingOptionsRes(serializers.Serializer):
    shipping_option = AdminShippingOptionSerializer()


class AdminShippingOptionsListRes(serializers.Serializer):
    shipping_options = AdminListedShippingOptionSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminRegionsDeleteRes(DeletedSerializer):
    pass


class AdminShippingOptionsDeleteRes(DeletedSerializer):
    pass
