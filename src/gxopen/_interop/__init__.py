"""Reports in other tools' JSON shapes: mappings as data (see :mod:`gxopen.interop`)."""
