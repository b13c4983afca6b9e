"""Customers and addresses for staff: every save runs the same services as the API and draft orders."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple

from config.admin import JSON_FORMFIELD_OVERRIDES, EntityAdmin
from customers.models import Address, Customer, CustomerGroup
from customers.services import (
    address_create,
    address_delete,
    address_update,
    customer_create,
    customer_group_add_customers,
    customer_group_create,
    customer_group_delete,
    customer_group_remove_customers,
    customer_group_update,
    customer_update,
)

ADDRESS_FORM_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "province",
    "postal_code",
    "country",
    "phone",
    "metadata",
)


def address_payload(address: Address, fields) -> dict:
    """The AddressPayload the services take, from an address the admin form filled in."""
    return {
        ("country_code" if field == "country" else field): (
            address.country_id if field == "country" else getattr(address, field)
        )
        for field in fields
        if field in ADDRESS_FORM_FIELDS
    }


class ShippingAddressInline(admin.StackedInline):
    model = Address
    fk_name = "customer"
    fields = ADDRESS_FORM_FIELDS
    extra = 0
    verbose_name = "shipping address"
    verbose_name_plural = "shipping addresses"
    formfield_overrides = JSON_FORMFIELD_OVERRIDES


class CustomerForm(forms.ModelForm):
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Setting a password on a new customer gives it an account, as v1's create does.",
    )

    class Meta:
        model = Customer
        fields = ("email", "first_name", "last_name", "phone", "billing_address", "groups", "metadata")
        widgets = {"groups": FilteredSelectMultiple("groups", is_stacked=False)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a cart's or an order's own address is never a customer's (departure "a draft's addresses are its own")
        self.fields["billing_address"].queryset = Address.objects.filter(cart_owned=False)


@admin.register(Customer)
class CustomerAdmin(EntityAdmin):
    form = CustomerForm
    list_display = ("email", "first_name", "last_name", "has_account", "created_at")
    list_filter = ("has_account",)
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("has_account",)
    raw_id_fields = ("billing_address",)
    refusal_fields = {"country_code": "shipping_addresses"}  # an address refusal comes from the inline
    fields = (
        "id",
        "email",
        "first_name",
        "last_name",
        "phone",
        "password",
        "has_account",
        "billing_address",
        "groups",
        "metadata",
        "created_at",
        "updated_at",
    )
    inlines = [ShippingAddressInline]

    def has_delete_permission(self, request, obj=None):
        return False  # v1's admin API has no customer delete

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in form.changed_data if name in CustomerForm.Meta.fields}
        if "billing_address" in data:
            data["billing_address"] = data["billing_address"].pk if data["billing_address"] else None
        if "groups" in data:
            data["groups"] = [group.pk for group in data["groups"]]
        if form.cleaned_data.get("password"):
            data["password"] = form.cleaned_data["password"]
        if change:
            saved = customer_update(customer_id=obj.pk, data=data)
        else:
            later = {key: data.pop(key) for key in ("billing_address", "groups") if data.get(key)}
            saved = customer_create(email=form.cleaned_data["email"], **{k: v for k, v in data.items() if k != "email"})
            if later:  # v1's create takes neither: they are set by an update, as the API would
                saved = customer_update(customer_id=saved.pk, data=later)
        obj.__dict__.update(
            saved.__dict__
        )  # the admin carries on with `obj` (inlines, redirect): make it the saved row

    def save_related(self, request, form, formsets, change):
        form.save_m2m = lambda: None  # the groups were set by customer_update in save_model
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for address in formset.deleted_objects:
            address_delete(address_id=address.pk)
        for address, changed in formset.changed_objects:
            address_update(address_id=address.pk, data=address_payload(address, changed))
        for address in formset.new_objects:
            address_create(data=address_payload(address, ADDRESS_FORM_FIELDS), customer_id=form.instance.pk)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ("customer", *ADDRESS_FORM_FIELDS)


@admin.register(Address)
class AddressAdmin(EntityAdmin):
    form = AddressForm
    list_display = ("__str__", "customer", "city", "postal_code", "country", "created_at")
    list_filter = (("country", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("first_name", "last_name", "company", "address_1", "city", "postal_code", "customer__email")
    list_select_related = ("customer", "country")
    raw_id_fields = ("customer",)
    refusal_fields = {"country_code": "country"}

    def get_queryset(self, request):
        # a cart's or an order's own address is changed only through its draft order or order
        return super().get_queryset(request).filter(cart_owned=False)

    def get_readonly_fields(self, request, obj=None):
        # an address stays with the customer it was made for
        return [*super().get_readonly_fields(request, obj), *(["customer"] if obj else [])]

    def save_model(self, request, obj, form, change):
        if change:
            saved = address_update(address_id=obj.pk, data=address_payload(obj, form.changed_data))
        else:
            saved = address_create(data=address_payload(obj, ADDRESS_FORM_FIELDS), customer_id=obj.customer_id)
        obj.__dict__.update(saved.__dict__)

    def delete_model(self, request, obj):
        address_delete(address_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for address in queryset:
            address_delete(address_id=address.pk)


# --- customer groups -----------------------------------------------------------------------------------------


class CustomerGroupForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        queryset=Customer.objects.order_by("email"),
        required=False,
        widget=FilteredSelectMultiple("customers", is_stacked=False),
        help_text="Customers in this group: price lists restricted to the group price them.",
    )

    class Meta:
        model = CustomerGroup
        fields = ("name", "metadata")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["members"].initial = self.instance.customers.all()


@admin.register(CustomerGroup)
class CustomerGroupAdmin(EntityAdmin):
    form = CustomerGroupForm
    list_display = ("name", "member_count", "created_at")
    search_fields = ("name",)
    fields = ("id", "name", "members", "metadata", "created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("customers")

    @admin.display(description="members")
    def member_count(self, group):
        return len(group.customers.all())

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in ("name", "metadata") if name in form.changed_data}
        if change:
            saved = customer_group_update(group_id=obj.pk, data=data)
        else:
            saved = customer_group_create(name=form.cleaned_data["name"], metadata=form.cleaned_data.get("metadata"))
        members = {customer.pk for customer in form.cleaned_data["members"]}
        current = set(saved.customers.values_list("pk", flat=True))
        if members - current:
            customer_group_add_customers(group_id=saved.pk, customer_ids=sorted(members - current))
        if current - members:
            customer_group_remove_customers(group_id=saved.pk, customer_ids=sorted(current - members))
        obj.__dict__.update(saved.__dict__)

    def delete_model(self, request, obj):
        customer_group_delete(group_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            customer_group_delete(group_id=group.pk)
