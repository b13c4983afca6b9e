from django.db import models

from config.models import PrefixedIdField, TimestampedModel


class Store(TimestampedModel):
    """v1's store, one row made by a migration: what `GET /admin/store` answers about the backend."""

    id = PrefixedIdField(prefix="store")
    name = models.CharField(max_length=255, default="Medusa Store")
    default_currency = models.ForeignKey(
        "regions.Currency", on_delete=models.PROTECT, db_column="default_currency_code", related_name="+"
    )
    swap_link_template = models.CharField(max_length=255, null=True, blank=True)
    payment_link_template = models.CharField(max_length=255, null=True, blank=True)
    invite_link_template = models.CharField(max_length=255, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    def __str__(self):
        return self.name
