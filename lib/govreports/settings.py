"""Settings read from the environment, and the error a bad one raises (one line on the command line)."""
from __future__ import annotations


class SettingError(ValueError):
    """An environment setting the reader cannot use."""
