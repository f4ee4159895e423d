"""Queue reads: day bounds across clock changes, counts in one query, statistics in a fixed number, chart maths."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from callbacks.models import AttemptOutcome, Status
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.views.charts import bar_chart, nice_ceiling

from .queue_support import NOW, add_attempt, make_request, staff_user

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 11, 23), 24)],
)
def test_a_local_day_is_23_24_or_25_hours_long(day, hours):
    start, end = queue_selectors.local_day_bounds(day, LONDON)
    assert end - start == timedelta(hours=hours)
    assert start.astimezone(LONDON).hour == 0


@pytest.mark.django_db
def test_the_dashboard_counts_take_one_query(django_assert_num_queries):
    staff = staff_user()
    make_request()
    make_request(status=Status.CLAIMED, claimed_by=staff)
    rules = queue_selectors.queue_rules()
    with django_assert_num_queries(1):
        counts = queue_selectors.queue_counts(user=staff, now=NOW, rules=rules)
    assert (counts.due_now, counts.due_today, counts.mine, counts.unclaimed) == (2, 2, 1, 1)


@pytest.mark.django_db
def test_statistics_take_a_fixed_number_of_queries(django_assert_num_queries):
    rules = queue_selectors.queue_rules()
    for n in range(20):
        request = make_request(starts=timedelta(days=-(n % 10), minutes=-5))
        add_attempt(request, outcome=AttemptOutcome.REACHED if n % 2 else AttemptOutcome.NO_ANSWER)
    with django_assert_num_queries(5):
        figures = queue_selectors.queue_statistics(now=NOW, rules=rules)
    assert figures.requests == 20 and figures.attempted == 20 and figures.reached_first_time == 10


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (160, 200)])
def test_the_axis_rounds_up_to_a_readable_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_bars_fill_the_plot_in_proportion_and_today_is_always_labelled():
    chart = bar_chart([(f"d{n}", f"day {n}", n) for n in range(10)], label_every=3)
    assert [bar.label for bar in chart.bars if bar.label] == ["d0", "d3", "d6", "d9"]
    tallest = chart.bars[-1]
    assert tallest.y + tallest.height == chart.baseline
    assert chart.bars[0].height == 0
    assert [tick.value for tick in chart.ticks] == [0, 5, 10]
    assert all(bar.x + bar.width <= chart.right_edge for bar in chart.bars)
