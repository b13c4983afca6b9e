"""Staff build draft orders at /staff/: every write runs the services the API runs, so both make the same thing.

A service's refusal rolls the whole save back and comes back on the field it names (config.admin.EntityAdmin).
"""

import copy
from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.checks import InlineModelAdminChecks
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms import modelformset_factory
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from carts.invoice import invoice_html
from carts.models import Cart, LineItem
from carts.selectors import CartInfo, cart_info
from config.admin import EntityAdmin
from config.errors import ErrorCode, MedusaError
from config.money import money
from customers.models import Address, Customer
from draft_orders.activity import draft_order_timeline
from draft_orders.admin_views import DraftOrderButtonsMixin
from draft_orders.forms import DraftOrderForm, LineItemForm, LineItemFormSet, variant_label
from draft_orders.models import DraftOrder
from draft_orders.selectors import (
    draft_order_get,
    draft_order_ids_tagged,
    draft_order_info,
    draft_order_queryset,
    draft_order_tag_names,
)
from draft_orders.services import (
    draft_order_calculate,
    draft_order_create,
    draft_order_delete,
    draft_order_mark_paid,
    draft_order_update,
)
from events.timeline import timeline_html
from orders.models import Order
from products.models import ProductVariant
from products.selectors import variant_price_for_region
from regions.models import Region

CHANGED_SINCE_OPENED = "This draft order was changed by someone else since you opened it: reload it to see the change."


@contextmanager
def changed_since_opened_said_plainly():
    """The services' refusal of a change made on a stale page (the ETag check), in the staff site's words."""
    try:
        yield
    except MedusaError as error:
        if error.code == ErrorCode.PRECONDITION_FAILED:
            error.message = CHANGED_SINCE_OPENED
        raise


def opened_version(value) -> frozenset[int] | None:
    """The draft's version a page was opened at, sent back by that page; None when it sent none."""
    return frozenset({int(value)}) if value is not None and str(value).isdigit() else None


def page_region(request, draft_order) -> Region | None:
    """The region a draft order's page prices in: the one it posted (staff may have changed it), else the draft's."""
    posted = request.POST.get("region") if request.method == "POST" else None
    if posted:
        return Region.objects.select_related("currency").filter(pk=posted).first()
    cart = getattr(draft_order, "cart", None) if draft_order is not None and draft_order.pk else None
    return cart.region if cart is not None else None


def summary_html(priced: CartInfo) -> str:
    return invoice_html(
        items=priced.items,
        shipping_methods=priced.shipping_methods,
        totals=priced.computed,
        owner_id=priced.cart.id,
        currency=priced.cart.region.currency,
    )


def form_errors_by_id(form, formsets) -> dict[str, list[str]]:
    """A page's errors keyed by the id of the input each is about (a row's own errors: its variant's; a table's:
    its prefix; the form's own: "summary")."""
    errors = {}
    for name, messages_ in form.errors.items():
        errors[form[name].auto_id if name in form.fields else "summary"] = list(messages_)
    for formset in formsets:
        if formset.non_form_errors():
            errors[formset.prefix] = list(formset.non_form_errors())
        for row in formset.forms:
            for name, messages_ in row.errors.items():
                key = row[name].auto_id if name in row.fields else row["variant"].auto_id
                errors.setdefault(key, []).extend(messages_)
    return errors


TOTAL_ORDERING = "total_position"


class DraftOrderChangeList(ChangeList):
    """The draft orders list, sortable by total. A total is computed, not stored (the totals engine prices fetched
    rows), so sorting by it prices every draft order the filters and search keep, in a fixed number of queries, and
    orders the page's query by their positions: its cost grows with the drafts kept, not with the page."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        ordering = list(queryset.query.order_by)
        by_total = [field for field in ordering if isinstance(field, str) and field.lstrip("-") == TOTAL_ORDERING]
        if not by_total:
            return queryset
        kept = draft_order_queryset(with_payments=False).filter(pk__in=queryset.order_by().values("pk"))
        totals = {draft_order.pk: cart_info(draft_order.cart).totals.total for draft_order in kept}
        ranked = sorted(totals, key=lambda pk: (totals[pk], pk), reverse=by_total[0].startswith("-"))
        position = Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ranked)),
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        rest = [field for field in ordering if field not in by_total]
        return queryset.alias(**{TOTAL_ORDERING: position}).order_by(TOTAL_ORDERING, *rest)


# --- line items ----------------------------------------------------------------------------------------------


class CartLinesInlineChecks(InlineModelAdminChecks):
    """Lines belong to the draft order's cart, not to the draft order: there is no foreign key to the parent."""

    def _check_relation(self, obj, parent_model):
        return []

    def _check_exclude_of_parent_model(self, obj, parent_model):
        return []


class LineItemInline(admin.TabularInline):
    model = LineItem
    form = LineItemForm
    formset = LineItemFormSet
    checks_class = CartLinesInlineChecks
    fields = LineItemForm.Meta.fields
    extra = 1
    verbose_name = "line item"

    def get_formset(self, request, obj=None, **kwargs):
        return modelformset_factory(
            LineItem,
            form=self.form,
            formset=self.formset,
            fields=self.fields,
            extra=self.get_extra(request, obj),
            can_delete=self.has_delete_permission(request, obj),
        )

    def _draft_order_editable(self, request, obj) -> bool:
        parent = self.admin_site.get_model_admin(DraftOrder)
        return parent.has_change_permission(request, obj) if obj else parent.has_add_permission(request)

    def has_add_permission(self, request, obj=None):
        return self._draft_order_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft_order_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft_order_editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.get_model_admin(DraftOrder).has_view_permission(request, obj)


class DraftOrderAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete for the draft order page: a variant shows its price in the region the page forwards,
    an address is one of the forwarded customer's."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.source_field.related_model is ProductVariant:
            return queryset.select_related("product").order_by("product__title", "title", "id")
        if self.source_field.related_model is Address:
            customer = Customer.objects.filter(pk=self.request.GET.get("customer") or None).first()
            if customer is None:
                return queryset.none()
            mine = Q(customer=customer) | Q(pk=customer.billing_address_id)
            return queryset.filter(mine).order_by("created_at", "id")
        return queryset

    @cached_property
    def region(self) -> Region | None:
        region_id = self.request.GET.get("region") or None
        return Region.objects.select_related("currency").filter(pk=region_id).first()

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, ProductVariant):
            result["text"] = variant_label(obj)
            if self.region is not None:
                price = variant_price_for_region(obj, self.region)
                shown = money(price, self.region.currency) if price is not None else f"no price in {self.region}"
                result["text"] = f"{result['text']} / {shown}"
            result["text"] = f"{result['text']} / {stock_label(obj)}"
        return result


def stock_label(variant: ProductVariant) -> str:
    """What staff need to know before promising a variant: how many are in stock, or that it is not counted."""
    if not variant.manage_inventory:
        return "stock not tracked"
    backorder = ", backorders allowed" if variant.allow_backorder else ""
    return f"{variant.inventory_quantity} in stock{backorder}"


# --- draft orders --------------------------------------------------------------------------------------------


def _address_rows(kind: str):
    return (
        f"{kind}_address",
        (f"{kind}_first_name", f"{kind}_last_name"),
        f"{kind}_company",
        (f"{kind}_address_1", f"{kind}_address_2"),
        (f"{kind}_city", f"{kind}_province", f"{kind}_postal_code"),
        (f"{kind}_country_code", f"{kind}_phone"),
    )


# In the order staff work (issue 15): the customer (the page's first fieldset), the lines (the inline, shown next by
# change_form.html), then these; addresses and the rarely used fields fold away.
EDITABLE_FIELDSETS = (
    ("Shipping", {"fields": (("shipping_option", "shipping_price"),)}),
    ("Discounts", {"fields": ("discounts", ("manual_discount", "manual_discount_reason"))}),
    ("Note and tags", {"fields": ("note", "tags")}),
    (
        "Shipping address",
        {"classes": ("collapse",), "fields": (*_address_rows("shipping"), "billing_same_as_shipping")},
    ),
    # hidden by draft_order_form.js while "billing same as shipping" is ticked
    ("Billing address", {"classes": ("collapse", "billing-address"), "fields": _address_rows("billing")}),
    ("Stock", {"classes": ("collapse",), "fields": ("reserve_inventory_until",)}),
    ("More", {"classes": ("collapse",), "fields": ("no_notification_order", "metadata")}),
)
# who did what and when: the draft's events and its order's (issue 14)
ACTIVITY_FIELDSET = ("Activity", {"fields": ("activity",)})
COMPLETED_FIELDSETS = (
    (None, {"fields": ("display_id", "status", "order_link", "completed_at", "created_at")}),
    ("Customer", {"fields": ("customer_email", "region_name", "shipping_address_text", "billing_address_text")}),
    ("Summary", {"fields": ("invoice",)}),
    ("More", {"fields": ("note", "tag_list", "no_notification_order", "metadata")}),
    ACTIVITY_FIELDSET,
)
READONLY_FIELDS = (
    "display_id",
    "status",
    "order_link",
    "completed_at",
    "customer_email",
    "region_name",
    "shipping_address_text",
    "billing_address_text",
    "invoice",
    "tag_list",
    "activity",
)


class TagFilter(admin.SimpleListFilter):
    """Draft orders carrying a tag, in any case (addition "notes and tags")."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(name, name) for name in draft_order_tag_names()]

    def queryset(self, request, queryset):
        return queryset.filter(pk__in=draft_order_ids_tagged([self.value()])) if self.value() else queryset


@admin.register(DraftOrder)
class DraftOrderAdmin(DraftOrderButtonsMixin, EntityAdmin):
    form = DraftOrderForm
    inlines = [LineItemInline]
    list_display = (
        "display_id",
        "status",
        "customer_name",
        "customer_email",
        "region_name",
        "lines",
        "total",
        "order_link",
        "tag_list",
        "created_at",
    )
    list_filter = ("status", "cart__region", TagFilter, "created_at")
    search_fields = ("=display_id", "cart__email", "cart__customer__first_name", "cart__customer__last_name")
    search_help_text = "An email, a display id or a customer's name."
    ordering = ("-created_at", "-id")
    actions = ["mark_paid_selected"]

    class Media:
        css = {"all": ["draft_orders/admin/draft_order_form.css"]}

    refusal_fields = {
        "shipping_methods": "shipping_option",
        "price": "shipping_price",
        "country_code": "shipping_country_code",
        "quantity": "items",
        "unit_price": "items",
    }

    def get_queryset(self, request):
        # the total column sorts by TOTAL_ORDERING, which DraftOrderChangeList fills in when it is asked for
        queryset = draft_order_queryset(with_payments=False).alias(**{TOTAL_ORDERING: Value(0)})
        return queryset.order_by(*self.get_ordering(request))

    def get_changelist(self, request, **kwargs):
        return DraftOrderChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The customer picker with the admin's "+": a new customer is made in a popup (through the customer admin's
        services) and chosen here."""
        form_class = super().get_form(request, obj, change, **kwargs)
        picker = form_class.base_fields.get("customer")
        if picker is not None and not isinstance(picker.widget, RelatedFieldWidgetWrapper):
            picker = form_class.base_fields["customer"] = copy.deepcopy(picker)  # the declared field is shared
            customers = self.admin_site.get_model_admin(Customer)
            picker.widget = RelatedFieldWidgetWrapper(
                picker.widget,
                Cart._meta.get_field("customer").remote_field,
                self.admin_site,
                can_add_related=customers.has_add_permission(request),
                can_change_related=False,
                can_view_related=False,
            )
        return form_class

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The lines' prices are typed in the region's currency: the one posted, else the draft's."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, LineItemInline):
            kwargs["region"] = page_region(request, obj)
        return kwargs

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "autocomplete/",
                self.admin_site.admin_view(DraftOrderAutocompleteView.as_view(admin_site=self.admin_site)),
                name=f"{prefix}_autocomplete",
            ),
            path(
                "calculate/",
                self.admin_site.admin_view(self.calculate_view),
                name=f"{prefix}_calculate",
            ),
            path(
                "<path:object_id>/calculate/",
                self.admin_site.admin_view(self.calculate_view),
                name=f"{prefix}_calculate",
            ),
            path(
                "<path:object_id>/mark-paid/",
                self.admin_site.admin_view(self.mark_paid_view),
                name=f"{prefix}_mark_paid",
            ),
            *super().get_urls(),
        ]

    # --- pages ---------------------------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (("Customer", {"fields": ("region", ("customer", "email"))}), *EDITABLE_FIELDSETS)
        if obj.status == DraftOrder.Status.COMPLETED:
            return COMPLETED_FIELDSETS
        return (
            ("Customer", {"fields": ("display_id", "status", "region", ("customer", "email"))}),
            *EDITABLE_FIELDSETS,
            ACTIVITY_FIELDSET,
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *READONLY_FIELDS]

    def get_inlines(self, request, obj):
        return [] if obj is not None and obj.status == DraftOrder.Status.COMPLETED else self.inlines

    def has_change_permission(self, request, obj=None):
        """A completed draft order is the record of its order: shown, never changed."""
        return super().has_change_permission(request, obj) and (obj is None or obj.status == DraftOrder.Status.OPEN)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == DraftOrder.Status.OPEN)

    # --- columns and read-only fields ----------------------------------------------------------------------------

    @staticmethod
    def _priced(draft_order) -> CartInfo:
        """Computed from the rows the page's queryset fetched: no queries."""
        return cart_info(draft_order.cart)

    @admin.display(description="customer", ordering="cart__customer__last_name")
    def customer_name(self, draft_order):
        customer = draft_order.cart.customer
        name = " ".join(part for part in (customer.first_name, customer.last_name) if part) if customer else ""
        return name or "-"

    @admin.display(description="customer email", ordering="cart__email")
    def customer_email(self, draft_order):
        return draft_order.cart.email

    @admin.display(description="region", ordering="cart__region__name")
    def region_name(self, draft_order):
        return draft_order.cart.region.name

    @admin.display(description="lines")
    def lines(self, draft_order):
        return len(draft_order.cart.items.all())

    @admin.display(description="total", ordering=TOTAL_ORDERING)
    def total(self, draft_order):
        priced = self._priced(draft_order)
        return money(priced.totals.total, priced.cart.region.currency)

    @admin.display(description="tags")
    def tag_list(self, draft_order):
        return ", ".join(tag.name for tag in draft_order.tags.all()) or "-"

    @admin.display(description="lines and totals")
    def invoice(self, draft_order):
        return summary_html(self._priced(draft_order))

    @admin.display(description="activity")
    def activity(self, draft_order):
        return timeline_html(draft_order_timeline(draft_order.pk, draft_order.order_id))

    @admin.display(description="order", ordering="order__display_id")
    def order_link(self, draft_order):
        if draft_order.order is None:
            return "-"
        url = reverse("admin:orders_order_change", args=[draft_order.order.pk])
        return format_html('<a href="{}">{}</a>', url, draft_order.order)

    @admin.display(description="shipping address")
    def shipping_address_text(self, draft_order):
        return str(draft_order.cart.shipping_address or "-")

    @admin.display(description="billing address")
    def billing_address_text(self, draft_order):
        return str(draft_order.cart.billing_address or "-")

    # --- writes, all through the services ------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Written with its lines in save_related, where the inline's rows are known."""

    def save_related(self, request, form, formsets, change):
        (lines,) = (formset for formset in formsets if isinstance(formset, LineItemFormSet))
        lines.save(commit=False)  # writes nothing; fills what the admin's change message reads
        if change:
            self._update(form, lines)
        else:
            draft_order = draft_order_create(**form.create_arguments(lines.new_items())).draft_order
            form.instance.__dict__.update(draft_order.__dict__)  # the admin carries on with this object

    @staticmethod
    def _update(form, lines) -> DraftOrder | None:
        """One service call for the whole page: the header, the lines, then the shipping (its requirements are
        checked on the new lines), and one recompute. The draft order as saved, or None when nothing changed."""
        arguments, change = form.update_arguments(), lines.lines_change()
        shipping = form.shipping_update()
        if shipping is not None:
            arguments["shipping_methods"] = shipping
        if not (arguments or change):
            return None
        with changed_since_opened_said_plainly():
            return draft_order_update(
                draft_order_id=form.instance.pk,
                lines=change,
                expected_versions=form.opened_version(),
                **arguments,
            ).draft_order

    def get_deleted_objects(self, objs, request):
        """A completed draft order is the record of its order (the service refuses to delete it): the admin's
        delete pages name that order as what protects it."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        orders = [self.order_link(draft_order) for draft_order in objs if draft_order.order_id is not None]
        return deleted, model_count, perms_needed if not orders else set(), [*protected, *orders]

    def delete_model(self, request, obj):
        draft_order_delete(draft_order_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for draft_order_id in queryset.values_list("pk", flat=True):
            draft_order_delete(draft_order_id=draft_order_id)

    # --- the live summary (issue 15) ---------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The page's summary box: what the draft adds up to, kept up to date as staff type (draft_order_form.js)."""
        if add or (obj is not None and obj.status == DraftOrder.Status.OPEN):
            args = [] if obj is None else [obj.pk]
            context["summary_url"] = reverse("admin:draft_orders_draftorder_calculate", args=args)
            context["summary_html"] = None if obj is None else self.invoice(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def calculate_view(self, request, object_id=None):
        """The page as typed, priced as Save would price it, saving nothing: `{"summary": <html> | null, "errors":
        {<field id>: [messages]}}`. A new draft is priced by `draft_order_calculate` (the service of POST
        /admin/draft-orders/calculate); a change by the save's own `draft_order_update`, rolled back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        draft_order = None
        if object_id is not None:
            draft_order = self.get_object(request, unquote(object_id))
            if draft_order is None:
                raise Http404
            if not self.has_change_permission(request, draft_order):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request, draft_order, change=draft_order is not None)(request.POST, instance=draft_order)
        valid = form.is_valid()
        formsets, _ = self._create_formsets(request, form.instance, change=draft_order is not None)
        valid = all_valid(formsets) and valid
        errors = form_errors_by_id(form, formsets)
        summary = None
        if valid:
            (lines,) = (formset for formset in formsets if isinstance(formset, LineItemFormSet))
            lines.save(commit=False)  # writes nothing; fills the deleted rows lines_change reads
            try:
                summary = self._priced_html(form, lines)
            except MedusaError as error:
                errors.setdefault(self._refusal_id(form, lines, error), []).append(error.message)
        return JsonResponse({"summary": summary, "errors": errors})

    def _priced_html(self, form, lines) -> str:
        if form.instance._state.adding:
            priced = draft_order_calculate(**form.create_arguments(lines.new_items())).info.cart
            return summary_html(priced)
        with transaction.atomic():
            # the update answers with the rows it saved (as the API's update does)
            saved = self._update(form, lines) or draft_order_get(form.instance.pk)
            html = summary_html(draft_order_info(saved).cart)
            transaction.set_rollback(True)  # a preview: nothing of it stays
        return html

    def _refusal_id(self, form, lines, error: MedusaError) -> str:
        """Where the page shows a service's refusal: the field it names, the lines table, or above the summary."""
        target = self.refusal_fields.get(error.field, error.field)
        if target in form.fields:
            return form[target].auto_id
        return lines.prefix if target == lines.prefix else "summary"

    def response_change(self, request, obj):
        """ "Mark as paid" with unsaved edits saves them first (draft_order_form.js asked), then shows the
        confirmation page with the total just saved: staff never pay a total they have not seen."""
        if request.POST.get("_then_mark_paid"):
            version = DraftOrder.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
            url = reverse("admin:draft_orders_draftorder_mark_paid", args=[obj.pk])
            return HttpResponseRedirect(f"{url}?version={version}")
        return super().response_change(request, obj)

    # --- Mark as paid --------------------------------------------------------------------------------------------

    def _mark_paid(self, request, draft_order) -> Order | None:
        """Mark Paid through the service, for the draft as the confirmation page showed it (its version); the
        outcome, a link to the new order or the refusal, is a message. The order, or None when refused."""
        try:
            with changed_since_opened_said_plainly():
                order = draft_order_mark_paid(
                    draft_order_id=draft_order.pk,
                    expected_versions=opened_version(request.POST.get(f"version_{draft_order.pk}")),
                )
        except MedusaError as error:
            self.message_user(request, f"{draft_order}: {error.message}", messages.ERROR)
            return None
        url = reverse("admin:orders_order_change", args=[order.pk])
        self.message_user(
            request,
            format_html('{} is marked as paid: <a href="{}">{}</a> is placed.', draft_order, url, order),
            messages.SUCCESS,
        )
        return order

    def _mark_paid_confirmation(self, request, draft_orders, *, bulk: bool):
        """The drafts with their totals; each is paid only at the version shown (the change page's, when its button
        says which)."""
        shown = opened_version(request.GET.get("version"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark as paid?",
            "opts": self.opts,
            "draft_orders": [
                (draft_order, self.total(draft_order), min(shown) if shown and not bulk else draft_order.version)
                for draft_order in draft_orders
            ],
            "bulk": bulk,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/draft_orders/draftorder/mark_paid_confirmation.html", context)

    def mark_paid_view(self, request, object_id):
        """The change page's button: a confirmation page, then Mark Paid on POST."""
        draft_order = self.get_object(request, unquote(object_id))
        if draft_order is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not super().has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return self._mark_paid_confirmation(request, [draft_order], bulk=False)
        order = self._mark_paid(request, draft_order)
        if order is not None:  # staff carry on with the order they placed
            return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
        return HttpResponseRedirect(reverse("admin:draft_orders_draftorder_change", args=[draft_order.pk]))

    @admin.action(description="Mark selected draft orders as paid", permissions=["change"])
    def mark_paid_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._mark_paid_confirmation(request, queryset, bulk=True)
        for draft_order in queryset:
            self._mark_paid(request, draft_order)
        return None
