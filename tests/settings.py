"""Test settings: the base settings with a fast hasher, immediate tasks and locmem cache."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from annotator.settings import *  # noqa: E402,F403
from annotator.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Proposals run only in the tests that ask for them (they load the spaCy model).
ANNOTATOR_PROPOSE_ON_IMPORT = False
# Login throttling is off except in the tests of it (tests/accounts/test_login_throttling.py
# turns it on with the settings above): tests log in a lot, some with Client.login(),
# which passes no request for axes to count.
AXES_ENABLED = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
ANNOTATOR_RELEASE_ROOT = MEDIA_ROOT / "releases"
ANNOTATOR_IMPORT_ROOT = MEDIA_ROOT / "imports"
# Serve static files from the app folders without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
