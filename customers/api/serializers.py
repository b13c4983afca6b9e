from rest_framework import serializers

from config.api.querystring import (
    CommaListField,
    DateComparisonSerializer,
    IdListField,
    ListQuerySerializer,
    QueryBooleanField,
)
from config.api.serializers import DeletedSerializer, EmptyListField, EntitySerializer
from config.api.validation import (
    ArrayField,
    EmailField,
    IdObjectReq,
    NestedArrayField,
    ObjectField,
    RequestSerializer,
    StringField,
)
from customers.models import Address, Customer, CustomerGroup
from customers.selectors import CUSTOMER_GROUP_RELATIONS, CUSTOMER_RELATIONS
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
    groups = ArrayField(child=IdObjectReq())


class AdminGetCustomersParams(ListQuerySerializer):
    q = StringField()
    order = StringField()
    groups = ArrayField(child=StringField())
    has_account = QueryBooleanField()
    expand = CommaListField(CUSTOMER_RELATIONS)
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


class AdminGetCustomersCustomerParams(RequestSerializer):
    expand = CommaListField(CUSTOMER_RELATIONS)


class AdminPostCustomerGroupsReq(RequestSerializer):
    writes_to = CustomerGroup
    name = StringField(required=True)
    metadata = ObjectField()


class AdminPostCustomerGroupsGroupReq(RequestSerializer):
    writes_to = CustomerGroup
    name = StringField()
    metadata = ObjectField()


class AdminPostCustomerGroupsGroupCustomersBatchReq(RequestSerializer):
    # v1 does not require the list and answers 500 without it (departure "pricing input refusals")
    customer_ids = NestedArrayField(child=IdObjectReq(), required=True)


class AdminDeleteCustomerGroupsGroupCustomerBatchReq(AdminPostCustomerGroupsGroupCustomersBatchReq):
    pass


class AdminGetCustomerGroupsGroupParams(RequestSerializer):
    """`fields` is accepted and ignored, as on the other entities here."""

    expand = CommaListField(CUSTOMER_GROUP_RELATIONS)
    fields = StringField()


class AdminGetCustomerGroupsParams(ListQuerySerializer, AdminGetCustomerGroupsGroupParams):
    q = StringField()
    order = StringField()
    id = IdListField()
    name = ArrayField(child=StringField())
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


class AdminGetGroupsGroupCustomersParams(ListQuerySerializer):
    expand = CommaListField(CUSTOMER_RELATIONS)
    q = StringField()


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


class CustomerGroupSerializer(EntitySerializer):
    """A customer group's columns (observed key order)."""

    class Meta:
        model = CustomerGroup
        fields = ["id", "created_at", "updated_at", "deleted_at", "name", "metadata"]


class CreatedCustomerGroupSerializer(CustomerGroupSerializer):
    """v1 answers a create with the row as inserted: the same keys, in the order TypeORM returns them (file 01)."""

    class Meta(CustomerGroupSerializer.Meta):
        fields = ["name", "id", "deleted_at", "metadata", "created_at", "updated_at"]


class AdminCustomerSerializer(CustomerSerializer):
    """The admin customer: columns plus the relations named in `context["relations"]` (all of them for the schema)."""

    groups = CustomerGroupSerializer(many=True)
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


class AdminCustomerGroupSerializer(CustomerGroupSerializer):
    """A group with the relations named in `context["relations"]` (v1's `expand`; none by default)."""

    customers = CustomerSerializer(many=True)
    context_dependent_fields = CUSTOMER_GROUP_RELATIONS

    class Meta(CustomerGroupSerializer.Meta):
        fields = [*CustomerGroupSerializer.Meta.fields, *CUSTOMER_GROUP_RELATIONS]

    def get_fields(self):
        fields = super().get_fields()
        if "relations" in self.context:
            for name in CUSTOMER_GROUP_RELATIONS:
                if name not in self.context["relations"]:
                    fields.pop(name)
        return fields


class AdminCustomerGroupsRes(serializers.Serializer):
    customer_group = AdminCustomerGroupSerializer()


class AdminCustomerGroupsListRes(serializers.Serializer):
    customer_groups = AdminCustomerGroupSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminCustomerGroupsDeleteRes(DeletedSerializer):
    pass
