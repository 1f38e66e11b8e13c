"""Widgets and formatting shared by the app's screens."""
