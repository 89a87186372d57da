"""Skills that ship with familiar."""
