"""The pure core: rules over plain data. No database, no Textual, no I/O, no clock.

Nothing in this package may import ``sqlalchemy``, ``sqlmodel``, ``textual`` or read the
clock; ``tests/test_architecture.py`` checks it.
"""
