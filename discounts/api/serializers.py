"""Request bodies worded as v1's class-validator DTOs (api/routes/admin/discounts), and discounts as v1 prints them."""

import re

from rest_framework import serializers
from rest_framework.fields import empty

from config.api.querystring import DateComparisonSerializer, ListQuerySerializer, QueryBooleanField, QueryDateField
from config.api.serializers import DeletedSerializer, EntitySerializer
from config.api.validation import (
    ArrayField,
    BooleanField,
    ClassValidatorField,
    EnumField,
    MaxLengthMixin,
    ObjectField,
    RequestSerializer,
    StringField,
    WholeNumberInputField,
)
from discounts.models import Discount, DiscountCondition, DiscountRule
from regions.api.serializers import RegionSerializer

# --- request fields ------------------------------------------------------------------------------------------


class NullableMixin:
    """`@IsOptional` lets null through, and v1's update copies it onto the column (clearing it)."""

    def run_validation(self, data=empty):
        if data is None:
            return None
        return super().run_validation(data)


class MessageEnumField(EnumField):
    """`@IsEnum(E, {message})`: v1 words some enums itself."""

    def __init__(self, choices, *, message: str, **kwargs):
        super().__init__(choices, **kwargs)
        self.messages = (message,)


class UsageLimitField(NullableMixin, WholeNumberInputField):
    """`@IsNumber @IsPositive`: class-validator reports the positive check first (decorators apply bottom-up)."""

    def to_internal_value(self, data):
        is_number = isinstance(data, int | float) and not isinstance(data, bool)
        if not (is_number and data > 0):
            raise self.invalid(("{name} must be a positive number", *(() if is_number else self.messages)))
        return super().to_internal_value(data)


class DurationField(NullableMixin, MaxLengthMixin, ClassValidatorField, serializers.CharField):
    """v1's `@IsISO8601Duration`."""

    messages = ('"{name}" must be a valid ISO 8601 duration',)
    pattern = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")

    def to_internal_value(self, data):
        if not isinstance(data, str) or not self.pattern.match(data):
            raise self.invalid()
        return data


class NullableDateField(NullableMixin, QueryDateField):
    """`@IsDate @Type(() => Date)` on a body field that may be cleared."""


class RegionIdsField(ArrayField):
    """`@IsArray @IsString({each: true})` without `@IsNotEmpty`: a missing list fails both, `[]` passes."""

    missing_messages = ("each value in {name} must be a string", "{name} must be an array")

    def __init__(self, **kwargs):
        super().__init__(child=StringField(), **kwargs)


def ends_after_starts(attrs: dict) -> dict:
    """`@IsGreaterThan("starts_at")` on `ends_at`."""
    if attrs.get("starts_at") and attrs.get("ends_at") and attrs["ends_at"] <= attrs["starts_at"]:
        raise serializers.ValidationError({"ends_at": ['"ends_at" must be greater than "starts_at"']})
    return attrs


RULE_TYPE_MESSAGE = 'Invalid rule type, must be one of "fixed", "percentage" or "free_shipping"'
ALLOCATION_MESSAGE = 'Invalid allocation type, must be one of "total" or "item"'
# the models' choices (labels too), so that requests and responses share one enum in the schema
RULE_TYPES = DiscountRule.Type.choices
ALLOCATIONS = DiscountRule.Allocation.choices
OPERATORS = DiscountCondition.Operator.choices


# --- requests ------------------------------------------------------------------------------------------------


class AdminCreateCondition(RequestSerializer):
    """Only product conditions are modelled: `product_types`, `product_tags`, … are unknown properties here.

    v1 takes any string as `operator` and fails in the database; here it must be `in` or `not_in` (departure
    "discount checks").
    """

    products = ArrayField(child=StringField())
    operator = EnumField(OPERATORS, required=True)


class AdminUpsertCondition(RequestSerializer):
    products = ArrayField(child=StringField())
    id = StringField()
    operator = EnumField(OPERATORS)


class AdminPostDiscountsDiscountRule(RequestSerializer):
    description = StringField()
    type = MessageEnumField(RULE_TYPES, message=RULE_TYPE_MESSAGE, required=True)
    value = WholeNumberInputField(required=True)
    allocation = MessageEnumField(ALLOCATIONS, message=ALLOCATION_MESSAGE, required=True)
    conditions = ArrayField(child=AdminCreateCondition())

    def validate_empty_values(self, data):
        # `@IsNotEmpty @ValidateNested`: class-validator skips the nested check for a missing value only
        if data is empty or data is None:
            messages = [f"{self.field_name} should not be empty"]
            if data is None:
                messages.append(f"nested property {self.field_name} must be either object or array")
            raise serializers.ValidationError(messages)
        return super().validate_empty_values(data)


class AdminUpdateDiscountRule(RequestSerializer):
    id = StringField(required=True, not_empty=True)
    description = StringField()
    value = WholeNumberInputField()
    allocation = MessageEnumField(ALLOCATIONS, message=ALLOCATION_MESSAGE)
    conditions = ArrayField(child=AdminUpsertCondition())


class AdminPostDiscountsReq(RequestSerializer):
    """Field order is v1's: it decides the order of the validation messages."""

    writes_to = Discount

    code = StringField(required=True, not_empty=True)
    rule = AdminPostDiscountsDiscountRule()
    is_dynamic = BooleanField()
    is_disabled = BooleanField()
    starts_at = QueryDateField()
    ends_at = QueryDateField()
    valid_duration = DurationField()
    usage_limit = UsageLimitField()
    regions = RegionIdsField(required=True)
    metadata = ObjectField()

    def validate(self, attrs):
        return ends_after_starts(attrs)


class AdminPostDiscountsDiscountReq(RequestSerializer):
    """`type` and `is_dynamic` cannot change (v1: `property type should not exist`)."""

    writes_to = Discount

    code = StringField()
    rule = AdminUpdateDiscountRule(required=False)
    is_disabled = BooleanField()
    starts_at = QueryDateField()
    ends_at = NullableDateField()
    valid_duration = DurationField()
    usage_limit = UsageLimitField()
    regions = ArrayField(child=StringField())
    metadata = ObjectField()

    def validate(self, attrs):
        return ends_after_starts(attrs)


class AdminGetDiscountsDiscountRuleParams(RequestSerializer):
    type = MessageEnumField(RULE_TYPES, message="type must be a valid enum value")
    allocation = MessageEnumField(ALLOCATIONS, message="allocation must be a valid enum value")


class AdminDiscountsFindParams(RequestSerializer):
    """`expand` and `fields` are accepted and ignored: every response has v1's default relations and fields."""

    expand = StringField()
    fields = StringField()


class AdminGetDiscountsParams(ListQuerySerializer, AdminDiscountsFindParams):
    rule = AdminGetDiscountsDiscountRuleParams(required=False)
    q = StringField()
    is_dynamic = QueryBooleanField()
    is_disabled = QueryBooleanField()
    order = StringField()
    created_at = DateComparisonSerializer(required=False)
    updated_at = DateComparisonSerializer(required=False)


# --- responses -----------------------------------------------------------------------------------------------


class DiscountConditionSerializer(EntitySerializer):
    # a plain string: always `products` here, while v1 has five types; no one-value enum beside the rule's types
    type = serializers.CharField(read_only=True)
    discount_rule_id = serializers.CharField(read_only=True)

    class Meta:
        model = DiscountCondition
        fields = ["id", "created_at", "updated_at", "deleted_at", "type", "operator", "discount_rule_id", "metadata"]


class DiscountRuleSerializer(EntitySerializer):
    """The rule's columns, as a cart's discounts embed it."""

    class Meta:
        model = DiscountRule
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "description",
            "type",
            "value",
            "allocation",
            "metadata",
        ]


class DiscountRuleWithConditionsSerializer(DiscountRuleSerializer):
    conditions = DiscountConditionSerializer(many=True, read_only=True)

    class Meta(DiscountRuleSerializer.Meta):
        fields = [*DiscountRuleSerializer.Meta.fields, "conditions"]


DISCOUNT_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "code",
    "is_dynamic",
    "rule_id",
    "is_disabled",
    "parent_discount_id",
    "starts_at",
    "ends_at",
    "valid_duration",
    "usage_limit",
    "usage_count",
    "metadata",
]


class DiscountColumnsSerializer(EntitySerializer):
    """A discount's own columns (v1's `parent_discount`)."""

    rule_id = serializers.CharField(read_only=True, allow_null=True)
    parent_discount_id = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Discount
        fields = DISCOUNT_COLUMNS


class DiscountSerializer(DiscountColumnsSerializer):
    """A discount with its rule, as a cart's `discounts` embed it (it01_create.json)."""

    rule = DiscountRuleSerializer(read_only=True)

    class Meta(DiscountColumnsSerializer.Meta):
        fields = [*DISCOUNT_COLUMNS, "rule"]


class AdminDiscountSerializer(DiscountColumnsSerializer):
    """AdminDiscountsRes' discount: relations `rule`, `rule.conditions`, `parent_discount`, `regions`."""

    rule = DiscountRuleWithConditionsSerializer(read_only=True)
    parent_discount = DiscountColumnsSerializer(read_only=True, allow_null=True)
    regions = RegionSerializer(many=True, read_only=True)

    class Meta(DiscountColumnsSerializer.Meta):
        fields = [*DISCOUNT_COLUMNS, "rule", "parent_discount", "regions"]


class AdminDiscountsRes(serializers.Serializer):
    discount = AdminDiscountSerializer()


class AdminDiscountsListRes(serializers.Serializer):
    discounts = AdminDiscountSerializer(many=True)
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()


class AdminDiscountsDeleteRes(DeletedSerializer):
    pass
