"""``python -m plankg.cli``: the same as the ``plankg`` command."""

from . import main

main()
