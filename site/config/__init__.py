"""The practice's settings: thaw.toml, crisis lines, crisis phrases and colours."""
