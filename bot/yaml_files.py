"""Reading the project's YAML data files (responses, crisis lines, directory, payloads).

PyYAML's pure-Python loader takes about 0.3 s for the two response folders, and every
catalogue, seed and staff screen reads them; libyaml's loader (bundled in PyYAML's wheels)
reads the same documents into the same values several times faster. Both are safe loaders:
no arbitrary Python objects are ever built from a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
