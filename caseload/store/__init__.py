"""The store: where the SQLite file is, how it is opened, and its transactions."""
