"""Growth: the article page and the articles index with 10 articles and with 10,000 (and 100,000 callback requests).

    .venv/bin/python bench/scale.py [--articles 10000] [--requests 100000] [--repeat 30]

Creates a throwaway PostgreSQL database (postgres://postgres@127.0.0.1:5432, or
BENCH_POSTGRES_URL), migrates it, loads the demo content and tops the articles
up to 10; measures; then adds articles in bulk up to --articles, callback
requests up to --requests, runs ANALYZE, and measures again. Prints, for each
page, the median time per request and the queries it made at both sizes, and
whether the large size stays within 1.5 times the small one. Drops the
database at the end. Not part of `make test`.

Pages are fetched in-process through Django's test client with the test
settings, and with the page cache and Wagtail's fragment caches turned off
here (PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0; the test settings keep
them on): what is measured is what the database and the templates cost on
every request, which is where growth would show (the caches hide it, and are
cold after every publish anyway). The report says so above its table.

Articles are written the way the tree stores them, without Wagtail's one-by-
one add_child: base page rows with their materialised paths (the index's path
plus a four-character step each, as treebeard numbers children) in one bulk
insert, the article rows and their tags and authors in others; then the
index's child count is set. Each generated article copies the body of the
demo's longest article, and carries three of forty tags.
"""

import sys
from pathlib import Path

# Replace bench/ on the path by the project (see bench/support.py): bench/queue.py would shadow `queue`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from bench.support import POSTGRES_URL, create_database, drop_database, step  # noqa: E402

SMALL = 10
LIMIT = 1.5
TAGS = 40
TAGS_PER_ARTICLE = 3
BATCH = 2_000
# Every request renders in full: what grows with the data is the queries and the templates, not the caches.
CACHES_OFF = {"PAGE_CACHE_SECONDS": 0, "FRAGMENT_CACHE_SECONDS": 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="the large size (default 10,000)")
    parser.add_argument("--requests", type=int, default=100_000, help="callback requests (default 100,000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page and size (default 30)")
    parser.add_argument("--slowest", action="store_true", help="print each page's slowest queries at each size")
    args = parser.parse_args()
    database = f"bench_scale_{os.getpid()}"
    create_database(database)
    try:
        os.environ["DATABASE_URL"] = f"{POSTGRES_URL}/{database}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        import django

        django.setup()
        from django.test.utils import override_settings

        with override_settings(**CACHES_OFF):
            return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(database)


def run(args) -> int:
    from django.core.management import call_command

    from blog.models import ArticleIndexPage, ArticlePage

    step(f"database {POSTGRES_URL}/…: migrating and loading the demo content")
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    index = ArticleIndexPage.objects.get()
    generator = ArticleGenerator(index)
    generator.add(SMALL - ArticlePage.objects.live().count())
    analyze()
    # The same article at both sizes: one of the first generated, with tags other articles will share.
    article = ArticlePage.objects.filter(slug=generator.slug(0)).get()
    paths = {"article page": article.url, "articles index": index.url, "index, page 2": index.url + "?page=2"}
    rows = measure(paths, size=ArticlePage.objects.live().count(), repeat=args.repeat, slowest=args.slowest)

    started = time.perf_counter()
    step(f"adding articles up to {args.articles:,}")
    generator.add(args.articles - ArticlePage.objects.live().count())
    step(f"adding callback requests up to {args.requests:,}")
    add_callback_requests(args.requests)
    analyze()
    step(f"filled in {time.perf_counter() - started:.0f} s")
    rows += measure(paths, size=ArticlePage.objects.live().count(), repeat=args.repeat, slowest=args.slowest)
    return report(rows)


class ArticleGenerator:
    """Live articles under the index, written in bulk with the paths treebeard would give them."""

    def __init__(self, index):
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag
        from wagtail.models import Locale

        from blog.models import ArticlePage, Author

        self.index = index
        self.random = random.Random(7)  # test data: the same articles every run
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.locale = Locale.get_default()
        template = max(ArticlePage.objects.live(), key=lambda page: len(page.body.raw_data))
        self.body = json.dumps(list(template.body.raw_data))
        self.sources = json.dumps(list(template.sources.raw_data))
        self.authors = list(Author.objects.values_list("pk", flat=True))
        self.tags = [Tag.objects.get_or_create(name=f"Topic {n}", slug=f"topic-{n}")[0].pk for n in range(TAGS)]
        self.made = 0

    def slug(self, n: int) -> str:
        return f"generated-article-{n}"

    def add(self, count: int) -> None:
        from django.db import connection, transaction
        from wagtail.models import Page

        from blog.models import ArticlePageAuthor, ArticlePageTag

        while count > 0:
            batch = min(BATCH, count)
            self.index.refresh_from_db()
            first_step = self.index.numchild + 1
            numbers = range(self.made, self.made + batch)
            with transaction.atomic():
                pages = Page.objects.bulk_create(
                    [self.page(n, first_step + offset) for offset, n in enumerate(numbers)]
                )
                with connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO blog_articlepage "
                        "(page_ptr_id, intro, published_date, body, sources, listing_date) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        [self.article_row(page, n) for page, n in zip(pages, numbers, strict=True)],
                    )
                ArticlePageTag.objects.bulk_create(
                    [
                        ArticlePageTag(content_object_id=page.pk, tag_id=tag)
                        for page in pages
                        for tag in self.random.sample(self.tags, TAGS_PER_ARTICLE)
                    ]
                )
                ArticlePageAuthor.objects.bulk_create(
                    [
                        ArticlePageAuthor(page_id=page.pk, author_id=self.random.choice(self.authors), sort_order=0)
                        for page in pages
                    ]
                )
                Page.objects.filter(pk=self.index.pk).update(numchild=first_step - 1 + batch)
            self.made += batch
            count -= batch

    def page(self, n: int, step_number: int):
        from wagtail.models import Page

        published = datetime(2021, 1, 1, 9, tzinfo=UTC) + timedelta(hours=4 * n + self.random.randint(0, 3))
        slug = self.slug(n)
        return Page(
            title=f"Generated article {n}: moving well with back pain",
            draft_title=f"Generated article {n}: moving well with back pain",
            slug=slug,
            path=Page._get_path(self.index.path, self.index.depth + 1, step_number),
            depth=self.index.depth + 1,
            numchild=0,
            url_path=f"{self.index.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            content_type=self.content_type,
            locale=self.locale,
            translation_key=uuid.uuid4(),
        )

    def article_row(self, page, n: int) -> tuple:
        # One in five has an editor's date, so listings order by that or by first publication.
        published_date = page.first_published_at.date() - timedelta(days=1) if n % 5 == 0 else None
        intro = "How to keep moving, sleep better and know when to ask for help."
        # listing_date as ArticlePage.clean() sets it: the date readers see.
        listing_date = published_date or page.first_published_at.date()
        return (page.pk, intro, published_date, self.body, self.sources, listing_date)


def add_callback_requests(size: int) -> None:
    from bench.queue import Filler
    from tests.home.factories import UserFactory

    staff = UserFactory(username="bench-scale-staff")
    Filler(now=datetime.now(UTC), staff=staff).fill_to(size)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(paths: dict[str, str], *, size: int, repeat: int, slowest: bool = False) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    step(f"measuring at {size:,} articles")
    client = Client()
    rows = []
    for label, path in paths.items():
        for _ in range(3):  # warm the connection and Wagtail's own caches
            assert client.get(path).status_code == 200, path
        timings, queries = [], set()
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries.add(len(captured))
        rows.append((size, label, statistics.median(timings), sorted(queries)))
        if slowest:
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]:
                print(f"    {label}: {float(query['time']) * 1000:.1f} ms  {query['sql'][:300]}")
    return rows


def report(rows: list[tuple]) -> int:
    print()
    print(f"In-process, test client, caches off ({', '.join(f'{k}={v}' for k, v in CACHES_OFF.items())}):")
    print(f"{'articles':>9}  {'page':<16} {'median ms':>10}  queries")
    for size, label, median, queries in rows:
        print(f"{size:>9,}  {label:<16} {median:>10.1f}  {', '.join(map(str, queries))}")
    print()
    small = {label: (median, queries) for size, label, median, queries in rows[: len(rows) // 2]}
    failed = False
    for size, label, median, queries in rows[len(rows) // 2 :]:
        ratio = median / small[label][0]
        same_queries = queries == small[label][1]
        met = ratio <= LIMIT and same_queries
        failed |= not met
        print(
            f"  {label:<16} {size:,} vs {SMALL}: time x{ratio:.2f} (limit x{LIMIT}), "
            f"queries {'the same' if same_queries else 'DIFFERENT'} -> {'met' if met else 'NOT met'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
