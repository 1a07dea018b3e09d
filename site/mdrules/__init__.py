"""Thaw's own markdown-it rules, one small module each."""
