"""The Textual app's plumbing: its context (database, caseworker, today), palette
providers, bindings in the catalogue's language, and the style sheet."""
