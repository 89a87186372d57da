"""The kernel: the agent loop, its one tool dispatcher, context assembly and run records."""
