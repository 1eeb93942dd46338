"""Where the rule assets in `models/` are found, and how they are read."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

def _models_dir() -> Path:
    """The rule assets: inside the installed package (`newsfacts/models/`, a wheel),
    else beside the package folder (`models/` in the repository, an editable install).
    `NEWSFACTS_MODELS` overrides both."""
    if os.environ.get("NEWSFACTS_MODELS"):
        return Path(os.environ["NEWSFACTS_MODELS"])
    package = Path(__file__).resolve().parent
    inside = package / "models"
    return inside if (inside / "units.json").is_file() else package.parent / "models"


MODELS_DIR = _models_dir()


@functools.lru_cache(maxsize=None)
def load_json(name: str, models_dir: str | None = None) -> Any:
    """A JSON asset from `models/` (keys starting with `_` are comments, at any depth)."""
    path = Path(models_dir or MODELS_DIR) / name
    with open(path, encoding="utf-8") as fh:
        return _without_comments(json.load(fh))


def _without_comments(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_comments(v) for k, v in data.items() if not k.startswith("_")}
    return data
