"""Exchange with translators' own tools: the guides as PO, XLIFF, TMX and TBX, and their work back.

Engine-free like the rest of the clause model. The modules, from pure to I/O:

- :mod:`.segments`: a guide file → translation units, one per translatable block, with the inline
  Markdown that must survive a translation tool turned into protected codes;
- :mod:`.bundle`: source and translation paired unit by unit, with the clause's freshness;
- :mod:`.po`, :mod:`.xliff`, :mod:`.tmx`, :mod:`.tbx`: the file formats, read and written with
  translate-toolkit;
- :mod:`.apply`: an imported file's targets written back into the translation, block by block;
- :mod:`.history`: the source text an outdated translation was made from, recovered from git.
"""


class ExchangeError(Exception):
    """A file ``cmg import`` refuses, or an export that cannot be made; the message names file and unit."""
