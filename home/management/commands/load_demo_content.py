"""Fill an empty site with demo content: `python manage.py load_demo_content`.

Each installed app may have a `demo` module with a `load(*, stdout) -> list[str]`
function that creates whatever is missing and returns a line per change. The
apps are loaded in INSTALLED_APPS order (so `home` comes before the apps that
build on it), all in one transaction, and every loader is idempotent: running
the command again changes nothing and says so.

`--site-address HOST:PORT` (given by `make run`) also sets the default site's
hostname and port to the address the demo is served at, so that the site's
absolute URLs (canonical, og:url, structured data, sitemap, feed) point there.
"""

import argparse
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from home.demo import point_site_at_address

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

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-address",
            metavar="HOST:PORT",
            type=site_address,
            help="Also give the default site this hostname and port: the address the demo is served at.",
        )

    def handle(self, *args, site_address=None, **options):
        changes: list[str] = []
        with transaction.atomic():
            for _label, load in demo_loaders():
                changes.extend(load(stdout=self.stdout))
            if site_address is not None:
                hostname, port = site_address
                try:
                    changes.extend(point_site_at_address(hostname=hostname, port=port))
                except ValueError as error:
                    raise CommandError(str(error)) from error
        if not changes:
            self.stdout.write(NOTHING_CHANGED)
            return
        for line in changes:
            self.stdout.write(f"- {line}")
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(changes)} change(s)."))


def site_address(value: str) -> tuple[str, int]:
    """Parse "127.0.0.1:8000" as (hostname, port); without a port, the port is 80."""
    hostname, _colon, port = value.strip().rpartition(":") if ":" in value else (value.strip(), "", "80")
    if not hostname or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"“{value}” is not a HOST:PORT address, for example 127.0.0.1:8000.")
    return hostname.lower(), int(port)
