"""Static files storage for production: hashed names, compressed, ES module imports rewritten."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, also rewriting `import ... from "./x.js"` to the hashed names.

    The editor is several ES modules; without this the hashed entry module would import
    the unhashed ones, which a browser could mix across a deploy.
    """

    support_js_module_import_aggregation = True
