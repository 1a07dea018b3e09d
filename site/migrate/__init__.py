"""`import`: turn Markdown from Hugo, Jekyll, MkDocs or Obsidian into Thaw drafts, with a report for the editor."""
