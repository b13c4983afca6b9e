"""Load each app's demo data (its `demo` module's `load()`), in INSTALLED_APPS order."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            yield import_module(name)


class Command(BaseCommand):
    help = "Load a believable demo store. Safe to run twice: what exists is kept, nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when demo data is already there.")

    def handle(self, *args, if_empty=False, **options):
        modules = list(demo_modules())
        if if_empty and any(module.has_data() for module in modules):
            self.stdout.write("Demo data already present; nothing loaded.")
            return
        with transaction.atomic():
            for module in modules:
                module.load()
        self.stdout.write(f"Demo data loaded ({', '.join(m.__name__.split('.')[0] for m in modules) or 'none'}).")
