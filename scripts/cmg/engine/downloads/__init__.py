"""What a reader downloads from a guide's page or the home page: one module per output.

* :mod:`.pdf` — a PDF of each guide in each locale (WeasyPrint);
* :mod:`.forms` — the guide's model forms as a Word document;
* :mod:`.offline` — the whole site zipped for opening from disk.

A new output (EPUB, say) is a module beside these, called from the plugin's events.
"""
