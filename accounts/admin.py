from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.services import user_logout_everywhere
from accounts.throttling import LoginThrottled, login_attempt
from config.admin import JSON_FORMFIELD_OVERRIDES


class StaffLoginForm(AdminAuthenticationForm):
    """The staff site's login (/staff/login/), throttled as the API's logins are."""

    def clean(self):
        try:
            with login_attempt(self.request, self.cleaned_data.get("username") or ""):
                return super().clean()
        except LoginThrottled as throttled:
            raise ValidationError(throttled.message, code="throttled") from None


admin.site.login_form = StaffLoginForm


class StaffUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class StaffUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    formfield_overrides = JSON_FORMFIELD_OVERRIDES
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "role", "is_staff", "is_active", "created_at")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("id", "api_token", "created_at", "updated_at", "last_login")
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name", "role", "metadata")}),
        ("API", {"fields": ("api_token",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "role")}),)
    actions = ["log_out_everywhere"]

    @admin.action(description="Log out everywhere (end every session and JWT)")
    def log_out_everywhere(self, request, queryset):
        for user_id in queryset.values_list("pk", flat=True):
            user_logout_everywhere(user_id=user_id)
        self.message_user(request, f"Logged out {len(queryset)} user(s) everywhere.")
