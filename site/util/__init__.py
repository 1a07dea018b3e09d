"""Small helpers every layer may use: suggestions, pickling by fields, hashing."""
