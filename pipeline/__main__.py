"""`python -m newsfacts` is the `newsfacts` command."""

from newsfacts.cli import main

main(prog_name="newsfacts")
