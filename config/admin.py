"""What every model admin shares: ids and timestamps read-only, service refusals shown on the form, metadata boxes
left empty rather than `null`."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect

from config.errors import MedusaError
from config.forms import OptionalJSONField

# For every admin and inline with a JSON column (metadata, data): an unset one shows an empty box.
JSON_FORMFIELD_OVERRIDES = {models.JSONField: {"form_class": OptionalJSONField}}


class EntityAdmin(admin.ModelAdmin):
    entity_readonly_fields = ("id", "created_at", "updated_at")
    list_per_page = 50
    formfield_overrides = JSON_FORMFIELD_OVERRIDES

    def get_readonly_fields(self, request, obj=None):
        present = {f.name for f in self.model._meta.get_fields()}
        base = [name for name in self.entity_readonly_fields if name in present]
        return [*base, *[f for f in super().get_readonly_fields(request, obj) if f not in base]]

    # A refusal's `field` names a service input; this maps it to the form field (or inline prefix) that shows it.
    refusal_fields: dict[str, str] = {}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A service refusing the write (MedusaError): the view's transaction saves nothing, and the form comes back
        as typed with the message on the field the refusal names (or above the form, or above that inline)."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MedusaError as error:
            if request.method != "POST" or hasattr(request, "service_refusal"):
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            request.service_refusal = error
            return self.changeform_view(request, object_id, form_url, extra_context)  # validates again, shows it

    def _refusal_target(self, request) -> str | None:
        refusal = getattr(request, "service_refusal", None)
        return None if refusal is None else self.refusal_fields.get(refusal.field, refusal.field)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On a refusal's second pass, the form (unless an inline shows it) carries the refusal as an error."""
        form_class = super().get_form(request, obj, change, **kwargs)
        if not hasattr(request, "service_refusal"):
            return form_class
        target = self._refusal_target(request)
        if target not in form_class.base_fields:
            inlines = {
                inline.get_formset(request, obj).get_default_prefix()
                for inline in self.get_inline_instances(request, obj)
            }
            if target in inlines:
                return form_class
            target = None
        message = request.service_refusal.message

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                self.add_error(target, message)
                return cleaned

        return RefusedForm

    def get_formsets_with_inlines(self, request, obj=None):
        target = self._refusal_target(request)
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            if target is not None and target == formset_class.get_default_prefix():
                formset_class = refused_formset(formset_class, request.service_refusal.message)
            yield formset_class, inline


def refused_formset(formset_class, message: str):
    class RefusedFormSet(formset_class):
        def clean(self):
            super().clean()
            raise ValidationError(message)

    return RefusedFormSet
