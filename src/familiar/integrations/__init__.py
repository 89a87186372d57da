"""Drivers: familiar's connections to the user's own data and devices."""
