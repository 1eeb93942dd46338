"""Where the rule assets in `models/` are found, and how they are read."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable


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


def cache_file(name: str, *key_parts: str) -> Path:
    """A file in the user's cache folder for data built once from installed packages
    (the gazetteer, pint's unit conversions), named by a digest of what it was built
    from: a new package version or word list builds it again."""
    digest = hashlib.sha256("\0".join(key_parts).encode()).hexdigest()[:16]
    stem, _, suffix = name.partition(".")
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsfacts"
    return folder / f"{stem}-{digest}.{suffix}"


def write_cache(path: Path, write: Callable[[Path], None],
                errors: tuple[type[Exception], ...] = (OSError,)) -> bool:
    """`write(temporary)`, then moved into place whole. False if it could not be
    written (`errors`): a cache only makes the next run faster."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
        return True
    except errors:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
