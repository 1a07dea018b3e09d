"""The content folder's domain: front matter, articles, references, glossary, links, search documents."""
