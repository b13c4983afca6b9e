from django.db import models

from config.models import PrefixedIdField, SoftDeletableModel


class Address(SoftDeletableModel):
    id = PrefixedIdField(prefix="addr")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="shipping_addresses"
    )
    company = models.CharField(max_length=255, null=True, blank=True)
    first_name = models.CharField(max_length=255, null=True, blank=True)
    last_name = models.CharField(max_length=255, null=True, blank=True)
    address_1 = models.CharField(max_length=255, null=True, blank=True)
    address_2 = models.CharField(max_length=255, null=True, blank=True)
    city = models.CharField(max_length=255, null=True, blank=True)
    country = models.ForeignKey(
        "regions.Country",
        to_field="iso_2",
        db_column="country_code",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.CharField(max_length=255, null=True, blank=True)
    postal_code = models.CharField(max_length=255, null=True, blank=True)
    phone = models.CharField(max_length=255, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    # A cart's own row, and once paid its order's (departure "a draft's addresses are its own"): in no customer's
    # address book, changed only through its draft order or order, hidden from the staff site's Address pages.
    cart_owned = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self):
        parts = [" ".join(filter(None, [self.first_name, self.last_name])), self.address_1, self.city]
        return ", ".join(filter(None, [*parts, (self.country_id or "").upper()])) or self.id


class CustomerGroup(SoftDeletableModel):
    """v1's customer group, which price lists are restricted to.

    v1 removes the row on delete, and a price list left without groups then prices everyone; here the row is
    soft-deleted and keeps its links, so such a list stays restricted and prices no one (departure "deleted
    groups close their lists").
    """

    id = PrefixedIdField(prefix="cgrp")
    name = models.CharField(max_length=255)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(deleted_at__isnull=True), name="customer_group_name_unique_live"
            ),
        ]

    def __str__(self):
        return self.name


class Customer(SoftDeletableModel):
    id = PrefixedIdField(prefix="cus")
    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=255, null=True, blank=True)
    last_name = models.CharField(max_length=255, null=True, blank=True)
    billing_address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField(max_length=255, null=True, blank=True)
    has_account = models.BooleanField(default=False)
    # v1 keeps it `select: false`: never serialized; set when a customer gets an account
    password_hash = models.CharField(max_length=255, null=True, blank=True, editable=False)
    metadata = models.JSONField(null=True, blank=True)
    groups = models.ManyToManyField(CustomerGroup, blank=True, related_name="customers")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "has_account"],
                condition=models.Q(deleted_at__isnull=True),
                name="customer_email_has_account_unique_live",
            ),
        ]

    def __str__(self):
        name = " ".join(filter(None, [self.first_name, self.last_name]))
        return f"{name} <{self.email}>" if name else self.email
