from django.core.management.base import BaseCommand

from home.search_hits import flush_search_hits


class Command(BaseCommand):
    help = "Add the search counts kept in the cache to the promoted-results screen's daily hits (run by the clock)."

    def handle(self, *args, **options):
        written = flush_search_hits()
        if options["verbosity"] > 1:
            self.stdout.write(f"{written} search hits written.")
