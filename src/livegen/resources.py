"""Where the shipped templates and data files live.

In a wheel, the top-level `templates/` folder is mapped to `livegen/templates`; in a
source checkout (editable install) it is read from the repository root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_root() -> Path:
    packaged = Path(str(resources.files("livegen"))) / "templates"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("livegen templates folder not found; the installation is incomplete")


def data_path(*parts: str) -> Path:
    """A file or folder under the shipped templates/data tree."""
    return templates_root().joinpath(*parts)
