"""cmg — toolkit for the Standardized Contract Management Guides.

The model (guides, clauses, locales, termbase) and the checks import nothing from MkDocs;
:mod:`cmg.engine` (the engine wing) is the adapter that wires them into MkDocs builds.
"""

__version__ = "0.1.0"
