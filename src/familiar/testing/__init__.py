"""Development tools for tests and measurements; not part of the user-facing agent."""
