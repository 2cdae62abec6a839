"""The cmg plugin's settings: ``plugins.cmg`` in ``mkdocs.yml``, as MkDocs validates them.

Made from the one table of settings in :mod:`cmg.settings` (names, types, defaults), which ``cmg``
reads mkdocs.yml with too.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..settings import SETTINGS

CmgPluginConfig = type("CmgPluginConfig", (base.Config,), {
    "__doc__": "plugins.cmg: " + "; ".join(f"{s.name} ({s.doc})" for s in SETTINGS),
    "__module__": __name__,
    **{s.name: c.Type(s.type, default=s.default) for s in SETTINGS},
})
