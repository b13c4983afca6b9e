from rest_framework import serializers

from accounts.models import User
from config.api.serializers import EntitySerializer
from config.api.validation import EmailField, RequestSerializer, StringField


class AdminPostAuthReq(RequestSerializer):
    email = EmailField(required=True, not_empty=True)
    password = StringField(required=True, not_empty=True)


class UserSerializer(EntitySerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "created_at",
            "updated_at",
            "deleted_at",
            "role",
            "email",
            "first_name",
            "last_name",
            "api_token",
            "metadata",
        ]
        ref_name = "User"


class AdminAuthRes(serializers.Serializer):
    user = UserSerializer()


class AdminBearerAuthRes(serializers.Serializer):
    access_token = serializers.CharField()
