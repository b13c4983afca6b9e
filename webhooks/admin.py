"""Webhook endpoints and their deliveries on the staff site; every write goes through webhooks.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from config.admin import EntityAdmin
from events.catalog import ALL_EVENTS, EVENT_TYPES
from events.timeline import event_sentence
from webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from webhooks.services import (
    deliveries_resend_failed,
    delivery_resend,
    webhook_create,
    webhook_delete,
    webhook_update,
)

EVENT_CHOICES = [(ALL_EVENTS, "All events (*)"), *((name, name) for name in EVENT_TYPES)]


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "active")
        widgets = {"url": forms.URLInput(attrs={"size": 80})}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "url": data["url"],
            "description": data["description"] or None,
            "events": data["events"],
            "active": data["active"],
        }


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(EntityAdmin):
    form = WebhookEndpointForm
    list_display = ("url", "events_list", "active", "disabled_reason", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description")
    ordering = ("-created_at", "-id")
    actions = ["resend_failed_selected"]
    readonly_fields = ("secret", "disabled_reason", "failed_deliveries_in_a_row", "deliveries_link")
    change_form_template = "admin/webhooks/webhookendpoint/change_form.html"

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ("url", "description", "events", "active")})
        if obj is None:
            return (main,)
        state = ("State", {"fields": ("disabled_reason", "failed_deliveries_in_a_row", "deliveries_link")})
        return (
            (None, {"fields": ("id", "created_at", "updated_at")}),
            main,
            ("Signing", {"fields": ("secret",)}),
            state,
        )

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.resend_failed_view)
        return [path("<path:object_id>/resend-failed/", view, name=f"{prefix}_resend_failed"), *super().get_urls()]

    @admin.display(description="events")
    def events_list(self, endpoint):
        return ", ".join(endpoint.events)

    @admin.display(description="deliveries")
    def deliveries_link(self, endpoint):
        url = reverse("admin:webhooks_delivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        return format_html('<a href="{}">All deliveries of this endpoint</a>', url)

    def save_model(self, request, obj, form, change):
        if change:
            endpoint = webhook_update(webhook_id=obj.pk, data=form.service_arguments())
        else:
            endpoint = webhook_create(**form.service_arguments())
        form.instance.__dict__.update(endpoint.__dict__)  # the admin carries on with the saved endpoint

    def delete_model(self, request, obj):
        webhook_delete(webhook_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for webhook_id in queryset.values_list("pk", flat=True):
            webhook_delete(webhook_id=webhook_id)

    def _resend_failed(self, request, endpoint) -> None:
        count = deliveries_resend_failed(webhook_id=endpoint.pk)
        self.message_user(request, f"{endpoint}: {count} failed deliveries sent again.", messages.SUCCESS)

    def resend_failed_view(self, request, object_id):
        endpoint = self.get_object(request, unquote(object_id))
        if endpoint is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST" or not self.has_change_permission(request, endpoint):
            raise PermissionDenied
        self._resend_failed(request, endpoint)
        return HttpResponseRedirect(reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]))

    @admin.action(description="Send the failed deliveries of the selected endpoints again", permissions=["change"])
    def resend_failed_selected(self, request, queryset):
        for endpoint in queryset:
            self._resend_failed(request, endpoint)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ("attempted_at", "succeeded", "status_code", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "endpoint", "event_type", "resource_id", "status", "attempt_count", "last_answer")
    list_filter = ("status", "endpoint")
    search_fields = ("=id", "=resource_id", "=event__id")
    ordering = ("-event_id", "-id")
    list_select_related = ("endpoint", "event")
    inlines = [DeliveryAttemptInline]
    actions = ["resend_selected"]
    fields = (
        "id",
        "endpoint",
        "event_link",
        "what_happened",
        "resource_id",
        "status",
        "attempt_count",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    change_form_template = "admin/webhooks/delivery/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("attempts")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view(self.resend_view)
        return [path("<path:object_id>/resend/", view, name=f"{prefix}_resend"), *super().get_urls()]

    @admin.display(description="event", ordering="event__type")
    def event_type(self, delivery):
        return delivery.event.type

    @admin.display(description="event")
    def event_link(self, delivery):
        url = reverse("admin:events_event_change", args=[delivery.event_id])
        return format_html('<a href="{}">{} {}</a>', url, delivery.event.id, delivery.event.type)

    @admin.display(description="what happened")
    def what_happened(self, delivery):
        return event_sentence(delivery.event)

    @admin.display(description="last answer")
    def last_answer(self, delivery):
        attempts = list(delivery.attempts.all())
        if not attempts:
            return "-"
        last = attempts[-1]
        return last.status_code or last.error or "in flight"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record: shown, and sent again by the resend button or action

    def has_delete_permission(self, request, obj=None):
        return False

    def resend_view(self, request, object_id):
        delivery = self.get_object(request, unquote(object_id))
        if delivery is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if request.method != "POST" or not request.user.has_perm("webhooks.change_webhookendpoint"):
            raise PermissionDenied
        delivery_resend(delivery_id=delivery.pk)
        self.message_user(request, f"Delivery {delivery.pk} is being sent again.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))

    @admin.action(description="Send the selected deliveries again")
    def resend_selected(self, request, queryset):
        if not request.user.has_perm("webhooks.change_webhookendpoint"):
            raise PermissionDenied
        ids = list(queryset.values_list("pk", flat=True))
        for delivery_id in ids:
            delivery_resend(delivery_id=delivery_id)
        self.message_user(request, f"{len(ids)} deliveries are being sent again.", messages.SUCCESS)
