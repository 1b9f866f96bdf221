"""The training matrix's cells: the words say where a mentor stands, the colour repeats it."""

from mentoring.training.templatetags.standing import standing_cells, standing_tag


def test_each_standing_has_its_colour_and_anything_else_is_grey():
    assert standing_tag("complete", "Complete") == (
        '<strong class="govuk-tag govuk-tag--green">Complete</strong>'
    )
    assert "govuk-tag--yellow" in standing_tag("expiring", "Expires soon")
    assert "govuk-tag--red" in standing_tag("expired", "Expired")
    assert "govuk-tag--red" in standing_tag("not_passed", "Quiz not passed")
    assert "govuk-tag--grey" in standing_tag("", "Not done")


def test_a_row_of_cells_escapes_the_words():
    html = standing_cells([("complete", "Done <b>"), ("", "Not done")])
    assert html.count('<td class="govuk-table__cell">') == 2
    assert "Done &lt;b&gt;" in html
    assert "<b>" not in html
