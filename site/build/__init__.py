"""Building the static site: publish, freeze, manifests and caches, workers, output folder, link check."""
