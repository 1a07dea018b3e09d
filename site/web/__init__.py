"""The Flask site: app factory, views, site state, frames, exercises, templates and static files."""
