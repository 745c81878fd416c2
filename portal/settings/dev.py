"""Development: the embedded default (SQLite under var/, files on local disk)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
