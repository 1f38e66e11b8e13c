"""The morning batch: reading and validating information forms (oplysningsskemaer).

Pure: no database, no clock. ``readers`` turns files into raw records, ``validate`` turns
raw records into normalised forms or rejections. The use case that stores them lives in
``caseload.services.importing``. The contract is ``shared/spec/oplysningsskema.md``.
"""
