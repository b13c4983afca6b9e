from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using, **kwargs):
    """The database cache's table (production's default cache, which holds the login failure counters), made
    wherever the database is migrated; a no-op for other caches or when it exists."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
