"""A streamed CSV is written a few hundred rows to a piece (one write to the client each),
and the pieces together are exactly the rows as CSV: a byte-order mark first, every row
whole, formulas kept as text."""

import csv
import io

from core import csv as core_csv


def test_the_rows_come_in_pieces_that_together_are_the_whole_csv(monkeypatch):
    monkeypatch.setattr(core_csv, "ROWS_PER_PIECE", 2)
    rows = [["Name", "Note"], ["Ann", "a, b"], ['Bo "B"', "line\nbreak"], ["=1+1", None], ["C", 3]]

    pieces = list(core_csv.csv_lines(iter(rows)))

    assert pieces[0] == "\ufeff"
    assert len(pieces) == 1 + 3  # the mark, then rows 2 + 2 + 1
    assert all(piece.endswith("\r\n") for piece in pieces[1:])
    assert list(csv.reader(io.StringIO("".join(pieces[1:])))) == [
        ["Name", "Note"],
        ["Ann", "a, b"],
        ['Bo "B"', "line\nbreak"],
        ["'=1+1", ""],
        ["C", "3"],
    ]


def test_no_rows_is_just_the_byte_order_mark():
    assert list(core_csv.csv_lines([])) == ["\ufeff"]
