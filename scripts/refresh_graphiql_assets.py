"""Vendor the files strawberry's GraphiQL page loads from a CDN into core/static/graphiql.

Run after upgrading strawberry-graphql: ``.venv/bin/python scripts/refresh_graphiql_assets.py``.
Each package is fetched with ``npm pack`` from the npm registry (the CDN serves the same
tarballs); every file must match the ``integrity`` hash the page expects, or nothing is
written. The folder then holds exactly what the installed strawberry's page loads, plus each
package's LICENSE; its README.md is kept.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from core.graphiql import ASSETS, cdn_assets, strawberry_page

KEEP = {"README.md"}


def package_of(path: str) -> tuple[str, str]:
    """``@scope/name@1.0/dist/x.js`` -> (``@scope/name@1.0``, ``dist/x.js``)."""
    parts = path.split("/")
    width = 2 if parts[0].startswith("@") else 1
    return "/".join(parts[:width]), "/".join(parts[width:])


def sri(data: bytes, algorithm: str) -> str:
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def fetch(spec: str, workdir: Path) -> tarfile.TarFile:
    packed = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return tarfile.open(workdir / json.loads(packed.stdout)[0]["filename"])


def collect(workdir: Path) -> dict[str, bytes]:
    """Every file to vendor, by its path in the folder, checked against the page's hashes."""
    wanted: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for path, integrity in cdn_assets(strawberry_page()).items():
        spec, inner = package_of(path)
        wanted[spec].append((inner, integrity))
    files: dict[str, bytes] = {}
    for spec, inners in wanted.items():
        with fetch(spec, workdir) as tarball:
            names = set(tarball.getnames())
            for inner, integrity in [*inners, ("LICENSE", None)]:
                member = f"package/{inner}"
                if member not in names and inner == "LICENSE":
                    continue  # some packages ship none; the README names their licence
                extracted = tarball.extractfile(member)
                if extracted is None:
                    raise SystemExit(f"{spec} has no file {inner}")
                data = extracted.read()
                if integrity and sri(data, integrity.split("-", 1)[0]) != integrity:
                    raise SystemExit(f"{spec}/{inner} does not match the page's {integrity}")
                files[f"{spec}/{inner}"] = data
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        files = collect(Path(workdir))
    for entry in ASSETS.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        elif entry.name not in KEEP:
            entry.unlink()
    for path, data in sorted(files.items()):
        target = ASSETS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{path} ({len(data):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
