"""The ``pcitrack`` command: Django's command line with pcitrack's settings preset."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcitrack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pcitrack", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
