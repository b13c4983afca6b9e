from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.querystring import (
    CommaListField,
    DateComparisonSerializer,
    EnumListField,
    IdListField,
    ListQuerySerializer,
    QueryBooleanField,
    QueryNumberField,
)
from config.api.render import rendered
from config.api.serializers import (
    DeletedSerializer,
    EmptyListField,
    EntitySerializer,
    MedusaDateTimeField,
    NullField,
    NullRelationField,
)
from config.api.validation import (
    ArrayField,
    BooleanField,
    EnumField,
    IdObjectReq,
    IntegerField,
    NestedArrayField,
    ObjectField,
    RequestSerializer,
    StringField,
    column_max_length,
    flatten_messages,
)
from products.inventory import held_quantity
from products.models import (
    MoneyAmount,
    Product,
    ProductOption,
    ProductOptionValue,
    ProductType,
    ProductVariant,
    SalesChannel,
)
from regions.api.serializers import ShippingProfileSerializer

STATUSES = Product.Status.values
THUMBNAIL_LENGTH = column_max_length(Product, "thumbnail")

# --- requests ------------------------------------------------------------------------------------------------


class ProductVariantPricesCreateReq(RequestSerializer):
    """A price: exactly one of `region_id` and `currency_code` (v1's XorConstraint), an integer amount."""

    region_id = StringField()
    currency_code = StringField()
    amount = IntegerField(required=True)
    min_quantity = IntegerField()
    max_quantity = IntegerField()

    def xor_applies(self, data: Mapping) -> bool:
        return True

    def to_internal_value(self, data):
        xor = {}
        if (
            isinstance(data, Mapping)
            and self.xor_applies(data)
            and bool(data.get("region_id")) == bool(data.get("currency_code"))
        ):
            xor = {
                "region_id": ['Failed XOR relation between "region_id" and "currency_code".'],
                "currency_code": ['Failed XOR relation between "currency_code" and "region_id".'],
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            raise serializers.ValidationError(self._in_field_order(exc.detail, xor)) from None
        if xor:
            raise serializers.ValidationError(self._in_field_order({}, xor))
        return value

    def _in_field_order(self, detail: Mapping, xor: dict) -> dict:
        """class-validator's order: unknown properties, then each property's constraints in class order."""
        ordered = {"__unknown__": detail["__unknown__"]} if "__unknown__" in detail else {}
        for name in self.fields:
            messages = [*xor.get(name, []), *flatten_messages(detail.get(name, []))]
            if messages:
                ordered[name] = messages
        return ordered


class ProductVariantPricesUpdateReq(ProductVariantPricesCreateReq):
    """As the create one, plus the `id` of an existing price, which lifts the XOR check (`@ValidateIf(!o.id)`)."""

    id = StringField()

    def xor_applies(self, data: Mapping) -> bool:
        return not data.get("id")


class ProductOptionReq(RequestSerializer):
    writes_to = ProductOption
    title = StringField(required=True)


class ProductVariantOptionReq(RequestSerializer):
    """A variant's option value in a product create: the value for the product option at the same index."""

    writes_to = ProductOptionValue

    value = StringField(required=True)


class ProductVariantOptionIdReq(RequestSerializer):
    writes_to = ProductOptionValue
    value = StringField(required=True)
    option_id = StringField(required=True)


class VariantFieldsReq(RequestSerializer):
    """The variant columns every variant request shares, in v1's class order.

    Integer columns take integers only: v1 validates some with `@IsNumber` and lets a fraction fail in Postgres.
    """

    writes_to = ProductVariant

    title = StringField()
    sku = StringField()
    ean = StringField()
    upc = StringField()
    barcode = StringField()
    hs_code = StringField()
    inventory_quantity = IntegerField()
    allow_backorder = BooleanField()
    manage_inventory = BooleanField()
    weight = IntegerField()
    length = IntegerField()
    height = IntegerField()
    width = IntegerField()
    origin_country = StringField()
    mid_code = StringField()
    material = StringField()
    metadata = ObjectField()


class ProductVariantReq(VariantFieldsReq):
    """A variant created with its product (create-product.ts)."""

    title = StringField(required=True)
    prices = NestedArrayField(child=ProductVariantPricesCreateReq(), required=True)
    options = ArrayField(child=ProductVariantOptionReq())


class ProductVariantUpdateReq(VariantFieldsReq):
    """A variant in a product update (update-product.ts): with `id` it changes that variant, without it adds one."""

    id = StringField()
    prices = ArrayField(child=ProductVariantPricesUpdateReq())
    options = ArrayField(child=ProductVariantOptionIdReq())


class ProductTypeReq(RequestSerializer):
    """`type: {value}`: the type of that value, made when there is none (`id` is accepted and, as v1, unused)."""

    writes_to = ProductType

    id = StringField()
    value = StringField(required=True)


class ProductFieldsReq(RequestSerializer):
    writes_to = Product
    title = StringField()
    subtitle = StringField()
    description = StringField()


class AdminPostProductsReq(ProductFieldsReq):
    """v1's create; `images` only give the thumbnail; collection and tags are not modelled."""

    title = StringField(required=True)
    is_giftcard = BooleanField()
    discountable = BooleanField()
    images = ArrayField(child=StringField(max_length=THUMBNAIL_LENGTH))  # the first becomes the thumbnail
    thumbnail = StringField()
    handle = StringField()
    status = EnumField(Product.Status.choices)
    type = ProductTypeReq(required=False)
    sales_channels = ArrayField(child=IdObjectReq())
    options = ArrayField(child=ProductOptionReq())
    variants = ArrayField(child=ProductVariantReq())
    weight = IntegerField()
    length = IntegerField()
    height = IntegerField()
    width = IntegerField()
    hs_code = StringField()
    origin_country = StringField()
    mid_code = StringField()
    material = StringField()
    metadata = ObjectField()


class AdminPostProductsProductReq(ProductFieldsReq):
    discountable = BooleanField()
    images = ArrayField(child=StringField(max_length=THUMBNAIL_LENGTH))  # the first becomes the thumbnail
    thumbnail = StringField()
    handle = StringField()
    status = EnumField(Product.Status.choices)
    type = ProductTypeReq(required=False, allow_null=True)
    sales_channels = ArrayField(child=IdObjectReq())
    variants = ArrayField(child=ProductVariantUpdateReq())
    weight = IntegerField()
    length = IntegerField()
    height = IntegerField()
    width = IntegerField()
    hs_code = StringField()
    origin_country = StringField()
    mid_code = StringField()
    material = StringField()
    metadata = ObjectField()


class AdminPostProductsProductVariantsReq(VariantFieldsReq):
    title = StringField(required=True)
    prices = NestedArrayField(child=ProductVariantPricesCreateReq(), required=True)
    options = ArrayField(child=ProductVariantOptionIdReq())


class AdminPostProductsProductVariantsVariantReq(VariantFieldsReq):
    prices = ArrayField(child=ProductVariantPricesUpdateReq())
    options = ArrayField(child=ProductVariantOptionIdReq())


class AdminGetProductsProductParams(RequestSerializer):
    """`expand` and `fields` are accepted and ignored: a product always comes with v1's default relations."""

    expand = StringField()
    fields = StringField()


class AdminGetProductsParams(ListQuerySerializer, AdminGetProductsProductParams):
    q = StringField()
    order = StringField()
    id = IdListField()
    status = EnumListField(STATUSES)
    title = StringField()
    description = StringField()
    handle = StringField()
    is_giftcard = QueryBooleanField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


VARIANT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "title",
    "product_id",
    "sku",
    "barcode",
    "ean",
    "upc",
    "variant_rank",
    "inventory_quantity",
    "allow_backorder",
    "manage_inventory",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "weight",
    "length",
    "height",
    "width",
    "metadata",
)
VARIANT_RELATIONS = ("prices", "options", "product")


class AdminGetProductsVariantsParams(RequestSerializer):
    """v1 lists only `id` and `product_id` of each variant unless `fields` / `expand` ask for more."""

    fields = CommaListField(VARIANT_COLUMNS)
    expand = CommaListField(VARIANT_RELATIONS)
    offset = QueryNumberField(minimum=0)
    limit = QueryNumberField(minimum=0)
    q = StringField()
    order = StringField()
    manage_inventory = QueryBooleanField()
    allow_backorder = QueryBooleanField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


# --- responses -----------------------------------------------------------------------------------------------


class MoneyAmountSerializer(EntitySerializer):
    currency_code = serializers.CharField(source="currency_id")
    price_list_id = NullField()

    class Meta:
        model = MoneyAmount
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "currency_code",
            "amount",
            "min_quantity",
            "max_quantity",
            "price_list_id",
            "region_id",
            "variant_id",
        ]


class ProductOptionValueSerializer(EntitySerializer):
    class Meta:
        model = ProductOptionValue
        fields = ["id", "created_at", "updated_at", "deleted_at", "value", "option_id", "variant_id", "metadata"]


class ProductOptionSerializer(EntitySerializer):
    values = ProductOptionValueSerializer(many=True)

    class Meta:
        model = ProductOption
        fields = ["id", "created_at", "updated_at", "deleted_at", "title", "product_id", "metadata", "values"]


class ProductTypeSerializer(EntitySerializer):
    class Meta:
        model = ProductType
        fields = ["id", "created_at", "updated_at", "deleted_at", "value", "metadata"]


class SalesChannelSerializer(EntitySerializer):
    class Meta:
        model = SalesChannel
        fields = ["id", "created_at", "updated_at", "deleted_at", "name", "description", "is_disabled", "metadata"]


PRODUCT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "title",
    "subtitle",
    "description",
    "handle",
    "is_giftcard",
    "status",
    "thumbnail",
    "weight",
    "length",
    "height",
    "width",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "collection_id",
    "type_id",
    "discountable",
    "external_id",
    "metadata",
)


class ProductColumnsSerializer(EntitySerializer):
    """A product's columns alone, as v1 embeds one in a variant of `/admin/variants` or a tax rate's `products`."""

    collection_id = NullField()

    class Meta:
        model = Product
        fields = list(PRODUCT_COLUMNS)


class ProductSerializer(ProductColumnsSerializer):
    """A product's columns as v1 1.20 embeds one (observed key order), with its shipping profile.

    1.20 links products to profiles through `profiles`; its afterLoad sets `profile` and `profile_id` from them.
    """

    profiles = serializers.SerializerMethodField()
    profile = ShippingProfileSerializer()

    class Meta:
        model = Product
        fields = [*PRODUCT_COLUMNS, "profiles", "profile", "profile_id"]

    @extend_schema_field(ShippingProfileSerializer(many=True))
    def get_profiles(self, product):
        return [rendered(ShippingProfileSerializer, product.profile)]


class ProductVariantSerializer(EntitySerializer):
    """A variant's columns (observed key order)."""

    class Meta:
        model = ProductVariant
        fields = list(VARIANT_COLUMNS)


class LineItemVariantSerializer(ProductVariantSerializer):
    """The variant of a line item: its columns and its product's (select_related `variant__product__profile`)."""

    product = ProductSerializer()

    class Meta(ProductVariantSerializer.Meta):
        fields = [*VARIANT_COLUMNS, "product"]


class VariantHoldSerializer(serializers.Serializer):
    draft_order_id = serializers.CharField()
    quantity = serializers.IntegerField()
    until = MedusaDateTimeField()


@extend_schema_field(serializers.IntegerField())
class HeldQuantityField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, variant):
        return held_quantity(variant)


class AdminProductVariantSerializer(ProductVariantSerializer):
    """A variant in an admin product: with its prices and option values (v1's `variants.prices`, `.options`), and
    what open draft orders hold of it (addition "stock holds", from the prefetched live holds)."""

    prices = MoneyAmountSerializer(many=True)
    options = ProductOptionValueSerializer(many=True)
    held_quantity = HeldQuantityField(
        help_text="How much of `inventory_quantity` open draft orders hold (addition to v1)."
    )
    held_by = VariantHoldSerializer(
        source="holds", many=True, read_only=True, help_text="The draft orders holding it (addition to v1)."
    )

    class Meta(ProductVariantSerializer.Meta):
        fields = [*VARIANT_COLUMNS, "prices", "options", "held_quantity", "held_by"]


class AdminProductSerializer(ProductSerializer):
    """v1's admin product (AdminProductsRes relations); relations not modelled here print as v1's empty ones."""

    variants = AdminProductVariantSerializer(many=True)
    options = ProductOptionSerializer(many=True)
    images = EmptyListField()
    tags = EmptyListField()
    type = ProductTypeSerializer(allow_null=True)
    collection = NullRelationField()
    sales_channels = SalesChannelSerializer(many=True)

    class Meta(ProductSerializer.Meta):
        fields = [
            *ProductSerializer.Meta.fields,
            "variants",
            "options",
            "images",
            "tags",
            "type",
            "collection",
            "sales_channels",
        ]


class AdminProductsRes(serializers.Serializer):
    product = AdminProductSerializer()


class AdminProductsListRes(serializers.Serializer):
    products = AdminProductSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminProductsDeleteRes(DeletedSerializer):
    pass


class AdminProductsDeleteVariantRes(serializers.Serializer):
    variant_id = serializers.CharField()
    object = serializers.CharField()
    deleted = serializers.BooleanField()
    product = AdminProductSerializer()


class AdminListedVariantSerializer(AdminProductVariantSerializer):
    """A variant of `GET /admin/products/:id/variants`: `id`, `product_id`, and the `fields` and `expand` asked for."""

    product = ProductSerializer(read_only=True)
    context_dependent_fields = tuple({*VARIANT_COLUMNS, *VARIANT_RELATIONS} - {"id", "product_id"})

    class Meta(AdminProductVariantSerializer.Meta):
        # v1's keys only: `fields` cannot ask for the holds (addition "stock holds", on the product's variants)
        fields = [*VARIANT_COLUMNS, "prices", "options", "product"]


class AdminProductsListVariantsRes(serializers.Serializer):
    variants = AdminListedVariantSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


# --- sales channels ------------------------------------------------------------------------------------------


class AdminPostSalesChannelsReq(RequestSerializer):
    writes_to = SalesChannel
    name = StringField(required=True)
    description = StringField()
    is_disabled = BooleanField()


class AdminPostSalesChannelsSalesChannelReq(RequestSerializer):
    writes_to = SalesChannel
    name = StringField()
    description = StringField()
    is_disabled = BooleanField()


class AdminGetSalesChannelsParams(ListQuerySerializer):
    """`expand` and `fields` are accepted and ignored, as on products."""

    id = StringField()
    name = StringField()
    description = StringField()
    q = StringField()
    order = StringField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)
    deleted_at = DateComparisonSerializer(required=False)
    expand = StringField()
    fields = StringField()


class AdminSalesChannelsDeleteRes(DeletedSerializer):
    pass


class AdminSalesChannelsRes(serializers.Serializer):
    sales_channel = SalesChannelSerializer()


class AdminSalesChannelsListRes(serializers.Serializer):
    sales_channels = SalesChannelSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
