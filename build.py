#!/usr/bin/env python3
"""Thaw's command line: `python build.py build | serve | preview | check | new` (see --help)."""
import sys

try:
    from thaw.cli import main
except ModuleNotFoundError as missing:
    sys.exit(f"Thaw is not installed ({missing}). Run `make setup` first, or: pip install -r requirements.txt -e .")

if __name__ == "__main__":
    main()
