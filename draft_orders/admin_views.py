"""The draft order page's "Send invoice" and "Duplicate" buttons (additions "invoices" and "duplicate"): each a page
of its own that asks first, then runs the service the API runs.

A mixin of DraftOrderAdmin, so its URLs and views stay apart from the draft order's form.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from config.errors import ErrorCode, MedusaError
from draft_orders.invoice import default_subject, invoice_mail
from draft_orders.selectors import draft_order_info
from draft_orders.services import draft_order_duplicate, draft_order_send_invoice

# The preview frame shows the mail as sent, inline <style> and all: a srcdoc frame has its page's policy. Scripts
# stay the project's own, and the frame is sandboxed.
preview_csp = csp_update({"style-src": [UNSAFE_INLINE]})

CHANGED_SINCE_PREVIEW = "The draft order was changed since this page showed it: the preview is now up to date."


class SendInvoiceForm(forms.Form):
    to = forms.EmailField(max_length=320, help_text="The draft order's email unless changed here.")
    subject = forms.CharField(max_length=998)  # the longest line a mail header may have (RFC 5322)
    custom_message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Shown above the invoice's lines."
    )


class DraftOrderButtonsMixin:
    """`<id>/send-invoice/` and `<id>/duplicate/` for ModelAdmin of DraftOrder."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/send-invoice/",
                self.admin_site.admin_view(preview_csp(self.send_invoice_view)),
                name=f"{prefix}_send_invoice",
            ),
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name=f"{prefix}_duplicate",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, draft_order_id: str) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[draft_order_id])

    def _page(self, request, template: str, draft_order, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": draft_order,
            "change_url": self._change_url(draft_order.pk),
            **context,
        }
        return TemplateResponse(request, f"admin/draft_orders/draftorder/{template}", context)

    def send_invoice_view(self, request, object_id):
        """The invoice as it will be mailed, with where to and what to say; sent when staff say so, only if the draft
        order is still as previewed (its version, which the page sends back)."""
        draft_order = self.get_object(request, unquote(object_id))
        if draft_order is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, draft_order) and self.has_change_permission(request)):
            raise PermissionDenied
        defaults = {"to": draft_order.cart.email, "subject": default_subject(draft_order)}
        form = SendInvoiceForm(request.POST or None, initial=defaults)
        values = form.cleaned_data if form.is_bound and form.is_valid() else defaults
        if form.is_bound and form.is_valid() and "_send" in request.POST:
            previewed = request.POST.get("version", "")
            try:
                sent = draft_order_send_invoice(
                    draft_order_id=draft_order.pk,
                    expected_versions=frozenset({int(previewed)}) if previewed.isdigit() else None,
                    **values,
                )
            except MedusaError as error:
                stale = error.code == ErrorCode.PRECONDITION_FAILED
                field = error.field if error.field in form.fields else None
                form.add_error(field, CHANGED_SINCE_PREVIEW if stale else error.message)
            else:
                self.message_user(request, f"The invoice of {draft_order} is sent to {sent.to}.", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(draft_order.pk))
        preview = invoice_mail(draft_order_info(draft_order), **values)
        title = f"Send the invoice of {draft_order}"
        return self._page(request, "send_invoice.html", draft_order, title=title, form=form, preview=preview)

    def duplicate_view(self, request, object_id):
        """Asks first, then makes the new draft order and lands on it, saying which discount codes it dropped."""
        draft_order = self.get_object(request, unquote(object_id))
        if draft_order is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, draft_order) and self.has_add_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            cart = draft_order.cart
            return self._page(
                request,
                "duplicate_confirmation.html",
                draft_order,
                title=f"Duplicate {draft_order}?",
                items=cart.items.all(),
                codes=[discount.code for discount in cart.discounts.all()],
            )
        try:
            duplicated = draft_order_duplicate(draft_order_id=draft_order.pk)
        except MedusaError as error:
            self.message_user(request, f"{draft_order} cannot be duplicated: {error.message}", messages.ERROR)
            return HttpResponseRedirect(self._change_url(draft_order.pk))
        copy = duplicated.written.draft_order
        self.message_user(
            request,
            format_html('{} is a copy of <a href="{}">{}</a>.', copy, self._change_url(draft_order.pk), draft_order),
            messages.SUCCESS,
        )
        for code, reason in duplicated.dropped_discounts.items():
            self.message_user(request, f"The discount code {code} is not kept: {reason}", messages.WARNING)
        return HttpResponseRedirect(self._change_url(copy.pk))
