"""A table's list cell ("IenW; BZK; EZ") wrapped into its column: a ";" follows every item but the
last, so only those need room for it.  C-95b9c4 (``k < len(items) - 1``)."""

from __future__ import annotations

from ra_graph.core.output import to_table


def test_the_last_item_of_a_list_cell_may_fill_its_column_to_the_edge():
    """The obligor column is seven wide ("obligor"); "BZK; EZ" is seven characters, and EZ, the
    last item, takes no ";" -- so it stays on the line of BZK."""
    table = to_table([{"clause": "a", "obligor": ["IenW", "BZK", "EZ"]}], width=16)
    assert table.split("\n") == ["clause  obligor", "------  -------", "a       IenW;", "        BZK; EZ", ""]


def test_an_item_that_is_not_the_last_needs_room_for_its_semicolon():
    """The other side: "IenW; BZK" would fill the seven columns, but BZK has a ";" after it, so it
    goes to the next line."""
    table = to_table([{"clause": "a", "obligor": ["IenW", "BZK", "EZ"]}], width=18)
    assert table.split("\n") == ["clause  obligor", "------  ----------", "a       IenW; BZK;", "        EZ", ""]
