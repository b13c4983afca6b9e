"""What every model admin shares: ids and timestamps read-only, money shown as money beside the integer."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from config.errors import MedusaError
from config.money import format_money


class EntityAdmin(admin.ModelAdmin):
    entity_readonly_fields = ("id", "created_at", "updated_at")
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        present = {f.name for f in self.model._meta.get_fields()}
        base = [name for name in self.entity_readonly_fields if name in present]
        return [*base, *[f for f in super().get_readonly_fields(request, obj) if f not in base]]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service refusing the write (MedusaError) shows its message; the view's transaction saves nothing."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MedusaError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def money_with_raw(amount, currency) -> str:
    """`$80.00 (8000)`: money in the currency, then the raw smallest-unit integer the API speaks."""
    if amount is None or currency is None:
        return "-"
    return f"{format_money(amount, currency.code, currency.symbol)} ({amount})"
