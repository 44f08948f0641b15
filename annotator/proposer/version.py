"""The proposer engine's name and version, readable without loading the engine.

A machine annotation set and a release's datasheet record them; the processes that only
record them (the web server, a release build, an import) must not import spaCy for that.
Pure, like the engine, which re-exports both.
"""

ENGINE_NAME = "quote-proposer"
ENGINE_VERSION = "1.4.0"  # bump whenever output can change
