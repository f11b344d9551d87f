"""The machinery behind :mod:`gxopen.batch`: inputs, work, tables, pairing, output."""
