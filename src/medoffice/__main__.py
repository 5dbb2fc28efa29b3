"""Run the command line as ``python -m medoffice``."""

from __future__ import annotations

from medoffice.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
