"""Migration tests run in real transactions, after other such tests may have flushed the database.

A flush leaves no page tree and no site, and gives content types new ids, so
these tests make what they need in the historical models themselves, rather
than rely on the rows Wagtail's migrations made when the test database was
created (or on serialized rollback, which collides with the new ids).
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets`; the historical apps at that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_the_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def tree_root(apps):
    """The page tree's root in the historical models, made as Wagtail's first migration makes it if missing."""
    page_model = apps.get_model("wagtailcore", "Page")
    root = page_model.objects.filter(depth=1).first()
    if root is not None:
        return root
    locale, _ = apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en-gb")
    page_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    return page_model.objects.create(
        title="Root", slug="root", path="0001", depth=1, numchild=0, url_path="/", content_type=page_type, locale=locale
    )


def default_site(apps):
    """The default site in the historical models, made on the tree's root if missing."""
    site_model = apps.get_model("wagtailcore", "Site")
    site = site_model.objects.filter(is_default_site=True).first()
    if site is None:
        site = site_model.objects.create(hostname="localhost", port=80, root_page=tree_root(apps), is_default_site=True)
    return site
