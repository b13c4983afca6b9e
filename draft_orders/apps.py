from django.apps import AppConfig


class DraftOrdersConfig(AppConfig):
    name = "draft_orders"
    verbose_name = "Draft orders"
