"""The catalog: every article validated, rendered and related, ready for pages."""
