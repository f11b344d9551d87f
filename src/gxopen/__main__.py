"""``python -m gxopen``: the command line."""

from gxopen._cli import main

main()
