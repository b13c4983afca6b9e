from rest_framework import serializers

from config.api.querystring import CommaListField, DateComparisonSerializer, ListQuerySerializer, QueryBooleanField
from config.api.serializers import EmptyListField, EntitySerializer
from config.api.validation import EmailField, ObjectField, RequestSerializer, StringField
from customers.models import Address, Customer
from customers.selectors import CUSTOMER_RELATIONS
from regions.api.serializers import CountrySerializer

# --- requests ------------------------------------------------------------------------------------------------


class AddressPayload(RequestSerializer):
    """v1's AddressPayload: every field optional; `country_code` is an ISO 3166 alpha-2 code."""

    writes_to = Address

    first_name = StringField()
    last_name = StringField()
    phone = StringField()
    metadata = ObjectField()
    company = StringField()
    address_1 = StringField()
    address_2 = StringField()
    city = StringField()
    country_code = StringField()
    province = StringField()
    postal_code = StringField()


class AdminPostCustomersReq(RequestSerializer):
    writes_to = Customer
    email = EmailField(required=True)
    first_name = StringField(required=True)
    last_name = StringField(required=True)
    password = StringField(required=True)
    phone = StringField()
    metadata = ObjectField()


class AdminPostCustomersCustomerReq(RequestSerializer):
    writes_to = Customer
    email = EmailField()
    first_name = StringField()
    last_name = StringField()
    password = StringField()
    phone = StringField()
    metadata = ObjectField()


class AdminGetCustomersParams(ListQuerySerializer):
    q = StringField()
    order = StringField()
    has_account = QueryBooleanField()
    expand = CommaListField(CUSTOMER_RELATIONS)
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


class AdminGetCustomersCustomerParams(RequestSerializer):
    expand = CommaListField(CUSTOMER_RELATIONS)


# --- responses -----------------------------------------------------------------------------------------------


class AddressSerializer(EntitySerializer):
    """v1's Address with its country (observed key order); `country_code` is the country's iso_2."""

    country_code = serializers.CharField(source="country_id", allow_null=True)
    country = CountrySerializer(allow_null=True)

    class Meta:
        model = Address
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "customer_id",
            "company",
            "first_name",
            "last_name",
            "address_1",
            "address_2",
            "city",
            "country_code",
            "province",
            "postal_code",
            "phone",
            "metadata",
            "country",
        ]


class CustomerSerializer(EntitySerializer):
    """A customer's columns, as v1 embeds it in a cart or an order (observed key order)."""

    class Meta:
        model = Customer
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "email",
            "first_name",
            "last_name",
            "billing_address_id",
            "phone",
            "has_account",
            "metadata",
        ]


class AdminCustomerSerializer(CustomerSerializer):
    """The admin customer: columns plus the relations named in `context["relations"]` (all of them for the schema)."""

    billing_address = AddressSerializer(allow_null=True)
    shipping_addresses = AddressSerializer(many=True)
    # Orders are serialized by orders/, which customers/ must not import; until it is wired the relation is empty.
    orders = EmptyListField()
    context_dependent_fields = CUSTOMER_RELATIONS  # the schema: `expand` (or a create) may leave them out

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, *CUSTOMER_RELATIONS]

    def get_fields(self):
        fields = super().get_fields()
        if "relations" in self.context:
            for name in CUSTOMER_RELATIONS:
                if name not in self.context["relations"]:
                    fields.pop(name)
        return fields


class AdminCustomersRes(serializers.Serializer):
    customer = AdminCustomerSerializer()


class AdminCustomersListRes(serializers.Serializer):
    customers = AdminCustomerSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
