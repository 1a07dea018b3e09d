"""Local servers: the dev server with live reload and the static preview of a built site."""
