"""Pagination for the article lists."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A Paginator told its total, rather than counting its object list.

    The articles index counts its articles with a cheaper query than its
    listing's own, and keeps the count under the content version (see
    ArticleIndexPage.paginate).
    """

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._total = count

    @cached_property
    def count(self) -> int:
        return self._total
