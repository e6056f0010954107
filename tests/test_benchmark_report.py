"""What `make benchmark` prints of the comparison with Wagtail (the figures themselves are measured, not tested)."""

import io

from diseases.management.commands.benchmark_pages import Command


def report_beside_wagtail(miss):
    output = io.StringIO()
    Command(stdout=output).beside_wagtail(miss)
    return output.getvalue()


def test_page_miss_is_reported_as_a_multiple_of_wagtails_page(monkeypatch):
    monkeypatch.setenv("WAGTAIL_VERSION", "8.0.1")
    monkeypatch.setenv("WAGTAIL_PAGE_CPU_MS", "12.0")
    monkeypatch.setenv("WAGTAIL_PAGE_BYTES", "15829")

    report = report_beside_wagtail(3.0)

    assert "Wagtail 8.0.1, the same page, uncached: 12.00 ms (15829 bytes)" in report
    assert "our cache miss 0.25 × Wagtail (goal ≤ 1/3)" in report


def test_without_wagtails_figure_the_report_says_so_in_one_line(monkeypatch):
    monkeypatch.delenv("WAGTAIL_PAGE_CPU_MS", raising=False)

    report = report_beside_wagtail(3.0)

    assert report.count("\n") == 1
    assert "Wagtail not measured" in report
