from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.querystring import (
    DateComparisonSerializer,
    EnumListField,
    IdListField,
    ListQuerySerializer,
    QueryBooleanField,
    QueryDateField,
    QueryNumberField,
)
from config.api.serializers import AmountField, ComputedField, DeletedSerializer, EntitySerializer
from config.api.validation import (
    ArrayField,
    BooleanField,
    ClassValidatorField,
    EnumField,
    IdObjectReq,
    IncludesTaxField,
    NestedArrayField,
    NumberField,
    RequestSerializer,
    StringField,
)
from customers.api.serializers import CustomerGroupSerializer
from pricing.models import PriceList, PriceListPrice, TaxRate
from pricing.selectors import TAX_RATE_RELATIONS
from products.api.serializers import (
    VARIANT_COLUMNS,
    MoneyAmountSerializer,
    ProductColumnsSerializer,
    ProductOptionValueSerializer,
    ProductTypeSerializer,
    ProductVariantPricesCreateReq,
    ProductVariantPricesUpdateReq,
    ProductVariantSerializer,
)
from regions.api.serializers import ShippingOptionSerializer

# --- price lists: requests -----------------------------------------------------------------------------------


class AdminPriceListPricesCreateReq(ProductVariantPricesCreateReq):
    """A list price: a variant's, with exactly one of `region_id` / `currency_code` (v1's XOR)."""

    variant_id = StringField(required=True)


class AdminPriceListPricesUpdateReq(ProductVariantPricesUpdateReq):
    """As the create one, plus the `id` of an existing price of the list, which lifts the XOR check."""

    variant_id = StringField(required=True)


class PriceListFieldsReq(RequestSerializer):
    writes_to = PriceList
    name = StringField()
    description = StringField()
    starts_at = QueryDateField(null_clears=True)
    ends_at = QueryDateField(null_clears=True)
    status = EnumField(PriceList.Status.choices)
    type = EnumField(PriceList.Type.choices)


class AdminPostPriceListsPriceListReq(PriceListFieldsReq):
    name = StringField(required=True)
    description = StringField(required=True)
    starts_at = QueryDateField()
    ends_at = QueryDateField()
    type = EnumField(PriceList.Type.choices, required=True)
    prices = NestedArrayField(child=AdminPriceListPricesCreateReq(), required=True)
    customer_groups = ArrayField(child=IdObjectReq())
    includes_tax = IncludesTaxField()


class AdminPostPriceListsPriceListPriceListReq(PriceListFieldsReq):
    prices = NestedArrayField(child=AdminPriceListPricesUpdateReq())
    customer_groups = ArrayField(child=IdObjectReq())
    includes_tax = IncludesTaxField()


class AdminPostPriceListPricesPricesReq(RequestSerializer):
    prices = NestedArrayField(child=AdminPriceListPricesUpdateReq(), required=True)
    override = BooleanField()


class AdminDeletePriceListPricesPricesReq(RequestSerializer):
    price_ids = ArrayField(child=StringField(), required=True)


class AdminGetPriceListPaginationParams(ListQuerySerializer):
    """`expand` and `fields` are accepted and ignored: a list always comes with its customer groups."""

    q = StringField()
    order = StringField()
    id = IdListField()
    name = StringField()
    status = EnumListField(PriceList.Status.values)
    type = EnumListField(PriceList.Type.values)
    customer_groups = ArrayField(child=StringField())
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    deleted_at = DateComparisonSerializer(required=False)
    expand = StringField()
    fields = StringField()


# --- price lists: responses ----------------------------------------------------------------------------------


class PriceListSerializer(EntitySerializer):
    """A price list's columns (observed key order)."""

    class Meta:
        model = PriceList
        fields = ["id", "created_at", "updated_at", "deleted_at", "name", "description", "type", "status"]
        fields += ["starts_at", "ends_at"]


class PriceListPriceSerializer(EntitySerializer):
    """A list's money amount with its variant, which v1 prints twice (`variants` and `variant`)."""

    currency_code = serializers.CharField(source="currency_id")
    variants = serializers.SerializerMethodField()
    variant = ProductVariantSerializer()

    class Meta:
        model = PriceListPrice
        fields = ["id", "created_at", "updated_at", "deleted_at", "currency_code", "amount", "min_quantity"]
        fields += ["max_quantity", "price_list_id", "region_id", "variants", "variant", "variant_id"]

    @extend_schema_field(ProductVariantSerializer(many=True))
    def get_variants(self, price):
        return [ProductVariantSerializer(price.variant).data]


class AdminListedPriceListSerializer(PriceListSerializer):
    """A price list of the list endpoint: with its customer groups, without its prices."""

    customer_groups = CustomerGroupSerializer(many=True)

    class Meta(PriceListSerializer.Meta):
        fields = [*PriceListSerializer.Meta.fields, "customer_groups"]


class AdminPriceListSerializer(AdminListedPriceListSerializer):
    prices = PriceListPriceSerializer(many=True)

    class Meta(AdminListedPriceListSerializer.Meta):
        fields = [*AdminListedPriceListSerializer.Meta.fields, "prices"]


class AdminPriceListRes(serializers.Serializer):
    price_list = AdminPriceListSerializer()


class AdminPriceListsListRes(serializers.Serializer):
    price_lists = AdminListedPriceListSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminPriceListDeleteRes(DeletedSerializer):
    pass


class AdminPriceListDeleteBatchRes(serializers.Serializer):
    """v1's `{ids, object: "money-amount", deleted: true}`."""

    ids = serializers.ListField(child=serializers.CharField())
    object = serializers.CharField()
    deleted = serializers.BooleanField()


class AdminPriceListDeleteProductPricesRes(AdminPriceListDeleteBatchRes):
    pass


class AdminPriceListDeleteVariantPricesRes(AdminPriceListDeleteBatchRes):
    pass


def deleted_prices_body(ids: list[str]) -> dict:
    return {"ids": ids, "object": "money-amount", "deleted": True}


# --- tax rates -----------------------------------------------------------------------------------------------

TAX_RATE_COLUMNS = ("code", "created_at", "id", "name", "rate", "region_id", "updated_at")


class TaxRateFieldsReq(RequestSerializer):
    writes_to = TaxRate
    code = StringField()
    name = StringField()
    region_id = StringField()
    rate = NumberField()
    products = ArrayField(child=StringField())
    shipping_options = ArrayField(child=StringField())
    product_types = ArrayField(child=StringField())


class AdminPostTaxRatesReq(TaxRateFieldsReq):
    code = StringField(required=True)
    name = StringField(required=True)
    region_id = StringField(required=True)


class AdminPostTaxRatesTaxRateReq(TaxRateFieldsReq):
    rate = NumberField(null_clears=True)


class AdminPostTaxRatesTaxRateProductsReq(RequestSerializer):
    products = ArrayField(child=StringField(), required=True)


class AdminDeleteTaxRatesTaxRateProductsReq(AdminPostTaxRatesTaxRateProductsReq):
    pass


class AdminPostTaxRatesTaxRateProductTypesReq(RequestSerializer):
    product_types = ArrayField(child=StringField(), required=True)


class AdminDeleteTaxRatesTaxRateProductTypesReq(AdminPostTaxRatesTaxRateProductTypesReq):
    pass


class AdminPostTaxRatesTaxRateShippingOptionsReq(RequestSerializer):
    shipping_options = ArrayField(child=StringField(), required=True)


class AdminDeleteTaxRatesTaxRateShippingOptionsReq(AdminPostTaxRatesTaxRateShippingOptionsReq):
    pass


class TaxRateListValueField(ArrayField):
    """`expand[]=products` / `fields[]=rate`: arrays (v1 refuses a plain string), each an allowed name."""

    def __init__(self, choices, **kwargs):
        super().__init__(child=EnumField(choices), **kwargs)


class AdminGetTaxRatesTaxRateParams(RequestSerializer):
    fields = TaxRateListValueField(TAX_RATE_COLUMNS)
    expand = TaxRateListValueField(TAX_RATE_RELATIONS)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number"},
            {"type": "object", "properties": {operator: {"type": "number"} for operator in ("lt", "gt", "lte", "gte")}},
        ]
    }
)
class NumberFilterField(ClassValidatorField, serializers.Field):
    """`rate=12.5` or `rate[lt]=10`: a number, or comparisons with numbers, as `{operator: number}` (`exact`
    for the plain form), ready for `number_filters`."""

    messages = ("{name} must be a number conforming to the specified constraints",)
    OPERATORS = ("lt", "gt", "lte", "gte")

    def to_internal_value(self, data):
        number = QueryNumberField()
        number.bind(self.field_name, self.parent)
        if not isinstance(data, Mapping):
            return {"exact": number.to_internal_value(data)}
        unknown = [key for key in data if key not in self.OPERATORS]
        if unknown:
            raise serializers.ValidationError([f"property {key} should not exist" for key in unknown])
        return {operator: number.to_internal_value(value) for operator, value in data.items()}

    def to_representation(self, value):
        return value


def number_filters(field: str, comparison: dict | None) -> dict:
    """`{"lt": 10}` on `rate` becomes `{"rate__lt": 10}` for a queryset filter."""
    return {f"{field}__{operator}": value for operator, value in (comparison or {}).items()}


class AdminGetTaxRatesParams(ListQuerySerializer, AdminGetTaxRatesTaxRateParams):
    name = StringField()
    region_id = IdListField()
    code = StringField()
    rate = NumberFilterField()
    q = StringField()
    order = StringField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    deleted_at = DateComparisonSerializer(required=False)


class TaxRateSerializer(EntitySerializer):
    """v1's tax rate: its keys in alphabetical order (the handler's pickByConfig), then the relations asked for
    (`context["relations"]`) and, with `context["fields"]`, only those columns."""

    rate = AmountField(allow_null=True)
    products = ProductColumnsSerializer(many=True)
    product_types = ProductTypeSerializer(many=True)
    shipping_options = ShippingOptionSerializer(many=True)
    context_dependent_fields = True  # `fields` and `expand` choose the keys

    class Meta:
        model = TaxRate
        fields = [*TAX_RATE_COLUMNS, *TAX_RATE_RELATIONS]

    def get_fields(self):
        fields = super().get_fields()
        if "relations" not in self.context:  # the schema: every key
            return fields
        chosen = set(self.context.get("fields") or TAX_RATE_COLUMNS) | set(self.context["relations"])
        return {name: field for name, field in fields.items() if name in chosen}


class AdminTaxRatesRes(serializers.Serializer):
    tax_rate = TaxRateSerializer()


class AdminTaxRatesListRes(serializers.Serializer):
    tax_rates = TaxRateSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminTaxRatesDeleteRes(DeletedSerializer):
    pass


# --- variants ------------------------------------------------------------------------------------------------


class AdminGetVariantsParams(ListQuerySerializer):
    """`expand` and `fields` are accepted and ignored: a variant always comes with its options, product and
    prices. `cart_id` (v1 prices for a cart's region and customer) is not offered: pass those two instead."""

    id = IdListField()
    expand = StringField()
    fields = StringField()
    order = StringField()
    manage_inventory = QueryBooleanField()
    allow_backorder = QueryBooleanField()
    region_id = StringField()
    currency_code = StringField()
    customer_id = StringField()
    title = IdListField()
    inventory_quantity = NumberFilterField()


class CandidatePriceSerializer(MoneyAmountSerializer):
    """A candidate price as `GET /admin/variants` prints it: with its price list's columns (null for the
    variant's own)."""

    price_list_id = serializers.CharField(allow_null=True, default=None)
    price_list = PriceListSerializer(allow_null=True, default=None)

    class Meta(MoneyAmountSerializer.Meta):
        fields = [*MoneyAmountSerializer.Meta.fields[:-1], "price_list", "variant_id"]


class TaxRateLineSerializer(serializers.Serializer):
    rate = AmountField()
    name = serializers.CharField()
    code = serializers.CharField()


@extend_schema_field(CandidatePriceSerializer(many=True))
class CandidatePricesField(ComputedField):
    """The candidate money amounts the view computed for the variant, with their price lists."""

    def to_representation(self, row):
        return CandidatePriceSerializer(super().to_representation(row), many=True).data


@extend_schema_field(serializers.IntegerField(allow_null=True))
class ComputedAmountField(ComputedField):
    pass


@extend_schema_field(serializers.CharField(allow_null=True))
class ComputedTextField(ComputedField):
    pass


@extend_schema_field(TaxRateLineSerializer(many=True, allow_null=True))
class ComputedTaxRatesField(ComputedField):
    def to_representation(self, row):
        lines = super().to_representation(row)
        return None if lines is None else TaxRateLineSerializer(lines, many=True).data


class PricedVariantSerializer(ProductVariantSerializer):
    """v1's PricedVariant (observed key order: no `variant_rank`). The priced keys are read from
    `context["priced"]` (variant id → `pricing.api.views.VariantPrices`)."""

    options = ProductOptionValueSerializer(many=True)
    product = ProductColumnsSerializer()
    prices = CandidatePricesField("priced", "prices")
    original_price = ComputedAmountField("priced", "original_price")
    calculated_price = ComputedAmountField("priced", "calculated_price")
    calculated_price_type = ComputedTextField("priced", "calculated_price_type")
    original_price_incl_tax = ComputedAmountField("priced", "original_price_incl_tax")
    calculated_price_incl_tax = ComputedAmountField("priced", "calculated_price_incl_tax")
    original_tax = ComputedAmountField("priced", "original_tax")
    calculated_tax = ComputedAmountField("priced", "calculated_tax")
    tax_rates = ComputedTaxRatesField("priced", "tax_rates")

    class Meta(ProductVariantSerializer.Meta):
        fields = [column for column in VARIANT_COLUMNS if column != "variant_rank"]
        fields += ["options", "product", "prices", "original_price", "calculated_price", "calculated_price_type"]
        fields += ["original_price_incl_tax", "calculated_price_incl_tax", "original_tax", "calculated_tax"]
        fields += ["tax_rates"]


class AdminVariantsListRes(serializers.Serializer):
    """v1 answers `{variants, count}`: its handler's `offset` and `limit` are undefined and vanish (file 32)."""

    variants = PricedVariantSerializer(many=True)
    count = serializers.IntegerField()
