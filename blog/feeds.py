"""The RSS feed of the latest articles, served by the articles index at feed/."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro or f"The latest articles from {self.index_page.get_site().site_name}."

    def items(self):
        return self.index_page.articles().prefetch_related("article_authors__author", "tags")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        """The date the article shows (the editor's published date), at its publication time that day."""
        first_published_at = item.first_published_at
        if item.published_date is None:
            return first_published_at
        if first_published_at and timezone.localdate(first_published_at) == item.published_date:
            return first_published_at
        return datetime.datetime.combine(item.published_date, datetime.time(), tzinfo=timezone.get_current_timezone())

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
