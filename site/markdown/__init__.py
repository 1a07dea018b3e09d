"""Markdown to HTML: the configured parser, one module per rule, rendering and prose checks."""
