"""Fill an empty site with demo content: `python manage.py load_demo_content`.

Each installed app may have a `demo` module with a `load(*, stdout) -> list[str]`
function that creates whatever is missing and returns a line per change. The
apps are loaded in INSTALLED_APPS order (so `home` comes before the apps that
build on it), all in one transaction, and every loader is idempotent: running
the command again changes nothing and says so.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

DEMO_MODULE = "demo"
NOTHING_CHANGED = "Demo content is already loaded; nothing changed."


def demo_loaders() -> list[tuple[str, Callable[..., list[str]]]]:
    """(app label, load function) for every installed app that has a demo module, in INSTALLED_APPS order."""
    loaders = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, DEMO_MODULE):
            continue
        module = import_module(f"{app_config.name}.{DEMO_MODULE}")
        load = getattr(module, "load", None)
        if callable(load):
            loaders.append((app_config.label, load))
    return loaders


class Command(BaseCommand):
    help = (
        "Create the demo site (home page, pages, articles, settings). Safe to run again: it adds only what is missing."
    )

    def handle(self, *args, **options):
        changes: list[str] = []
        with transaction.atomic():
            for _label, load in demo_loaders():
                changes.extend(load(stdout=self.stdout))
        if not changes:
            self.stdout.write(NOTHING_CHANGED)
            return
        for line in changes:
            self.stdout.write(f"- {line}")
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(changes)} change(s)."))
