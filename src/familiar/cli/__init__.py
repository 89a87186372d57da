"""The command line: one shell over the composition root."""
