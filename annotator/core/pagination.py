"""Pagers: the API's page-number pagination, and the pages' pager that counts at most a cap."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination; clients may ask for up to 500 rows a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CappedPaginator(Paginator):
    """A pager that counts at most `cap` + 1 rows (`ANNOTATOR_LIST_COUNT_CAP` by default).

    An exact count reads every matching row: at 100,000 articles a word in two thirds of
    them made the count alone cost more than the page. This pager first reads the ids of
    at most cap + 1 matches, in no order (the database stops there, from whichever index
    finds them fastest), and:

    - below the cap, `count` is exact and the pages are the rows of those ids: a rare
      word's page sorts its few rows instead of leaving PostgreSQL to walk the newest-first
      index testing every article for a match it misjudged as common (100,000 articles, a
      word in one: 1.3 s);
    - above it, `capped` is true and `count` is cap + 1 (templates say "more than `cap`");
      `num_pages` are the pages those rows fill, and a later page is served while it has
      rows: each page reads its ids (one more than it shows, to know whether a next page
      exists), then the rows of those ids only, since an OFFSET computes the annotations
      of every row it skips (page 39 of a common word at 100,000 articles: 171 ms);
    - with `exact_count` (a callable giving the exact count), above the cap `count` is
      that and the pages are validated against it as Django's pager does (the API's
      documented `count`), the rows still read as above.
    """

    def __init__(self, object_list, per_page, cap: int | None = None, *, exact_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else settings.ANNOTATOR_LIST_COUNT_CAP
        self.exact_count = exact_count

    @cached_property
    def _first_ids(self) -> list:
        # values_list: the rows' annotations (counts per article) are not computed for this.
        return list(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @property
    def over_cap(self) -> bool:
        return len(self._first_ids) > self.cap

    @property
    def capped(self) -> bool:
        """Whether `count` is a lower bound: more than `cap` rows, not counted further."""
        return self.over_cap and self.exact_count is None

    @cached_property
    def count(self) -> int:
        if self.over_cap and self.exact_count is not None:
            return self.exact_count()
        return len(self._first_ids)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the counted rows of a capped count: the page exists if it has rows,
            # which page() finds out.
            if self.capped and int(number) > self.num_pages:
                return int(number)
            raise

    def get_page(self, number):
        """As Django's: a page past the last row gives the last counted page."""
        try:
            return super().get_page(number)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.over_cap:
            top = min(bottom + self.per_page, self.count)
            return self._get_page(self.object_list.filter(pk__in=self._first_ids)[bottom:top], number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1])
        if not ids:
            raise EmptyPage("That page contains no results")
        rows = self.object_list.filter(pk__in=ids[: self.per_page])
        if not self.capped:
            return self._get_page(rows, number, self)
        return CappedPage(rows, number, self, more=len(ids) > self.per_page)


class CappedPage(Page):
    """A page of a capped pager: whether a next page exists is what it read, not a count."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def pages_known(self) -> int:
        """The pages known to exist: those the counted rows fill, up to this one, and the next
        one when this page found it."""
        return max(self.paginator.num_pages, self.number + 1 if self.more else self.number)
