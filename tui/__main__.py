"""``python -m tui``: the same as the ``weerbaar`` command (used by ``weerbaar serve``)."""

from tui.cli import main

main(prog_name="weerbaar")
