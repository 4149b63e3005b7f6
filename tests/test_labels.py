"""Domain words have one home (bulletin/labels.py): every page, export and table cites them alike."""

from bulletin.labels import event_label, issue_label


def test_issue_label_reads_as_the_office_cites_an_issue():
    assert issue_label("政务信息", 2026, 3) == "《政务信息》2026年第3期"
    assert issue_label("政务信息", 2026, 1, supplement=True) == "《政务信息》2026年增刊第1期"


def test_event_labels_say_the_form_of_an_adoption_only():
    assert event_label("forwarded") == "上报"
    assert event_label("instruction") == "批示"
    assert event_label("adopted") == "采用（单条）"
    assert event_label("adopted", "combined") == "采用（综合）"


def test_the_site_cites_issues_by_the_one_label(sample_site, sample_archive):
    issue = sample_archive.series_issues["zwxx"][2]
    label = sample_archive.label(issue)
    assert sample_site.soup(f"issues/zwxx/{issue.year}/{issue.slug}/").title.get_text().startswith(label)
    item = sample_archive.issue_items(issue)[0]
    assert label in sample_site.soup(f"items/{item.id}/").select_one(".bl-facts").get_text()
