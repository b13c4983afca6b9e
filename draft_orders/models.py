"""A draft order is a thin wrapper around a cart of type `draft_order` (as v1): the commerce data lives on the cart."""

from django.db import models
from django.db.models.functions import Lower

from config.models import DisplayIdSequence, PrefixedIdField, TimestampedModel


class DraftOrderDisplayId(DisplayIdSequence):
    pass


class DraftOrder(TimestampedModel):
    class Status(models.TextChoices):
        OPEN = "open"
        COMPLETED = "completed"

    id = PrefixedIdField(prefix="dorder")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    display_id = models.IntegerField(unique=True, editable=False)
    cart = models.OneToOneField("carts.Cart", null=True, on_delete=models.CASCADE, related_name="draft_order")
    order = models.OneToOneField(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="draft_order"
    )
    canceled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    no_notification_order = models.BooleanField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)
    # one more on every change to the draft or its cart, under the row lock: the ETag (not on v1's wire)
    version = models.PositiveIntegerField(default=1, editable=False)
    # the last invoice mailed (addition "invoices"); kept off v1's draft-order JSON, which has no such keys
    invoice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    invoice_sent_to = models.EmailField(max_length=320, null=True, blank=True, editable=False)  # RFC 3696's limit
    # staff-only (addition "notes and tags"); its tags are DraftOrderTag rows
    note = models.TextField(null=True, blank=True)
    # the draft's managed lines hold their stock until then while it is open (addition "stock holds")
    reserve_inventory_until = models.DateTimeField(
        null=True, blank=True, help_text="Until when the lines hold their stock while the draft is open (null: none)."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # the list's default order (newest first, ties by id), read a page at a time
            models.Index(fields=["-created_at", "-id"], name="draft_order_newest_first"),
            models.Index(fields=["updated_at"], name="draft_order_updated_at"),
        ]

    def __str__(self):
        return f"Draft order #{self.display_id}"


class DraftOrderTag(models.Model):
    """One tag of a draft order (addition "notes and tags"): rows, so that the list can find drafts by tag through
    an index; a draft's tags are unique regardless of case."""

    NAME_MAX_LENGTH = 40
    PER_DRAFT_ORDER_MAX = 50

    draft_order = models.ForeignKey(DraftOrder, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=NAME_MAX_LENGTH)

    class Meta:
        ordering = ["id"]  # the order they were given in
        constraints = [
            models.UniqueConstraint("draft_order", Lower("name"), name="draft_order_tag_unique_ignoring_case"),
        ]
        indexes = [models.Index(Lower("name"), name="draft_order_tag_name_lower")]

    def __str__(self):
        return self.name
