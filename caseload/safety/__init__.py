"""Guards against hostile input and leftovers: text that is safe to show, partial files."""
