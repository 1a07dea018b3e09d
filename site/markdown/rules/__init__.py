"""markdown-it-py rules of Thaw's own, one module each."""
