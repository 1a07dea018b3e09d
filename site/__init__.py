"""Thaw: turn a folder of Markdown into a calm, static psychoeducation website."""
from thaw.web.app import create_app

__all__ = ["create_app"]
__version__ = "0.1.0"
