"""Compiled templates kept between builds in the user's own cache folder, the way Python keeps .pyc files."""
from __future__ import annotations

import hmac
import os
import shutil
from io import BytesIO
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from thaw.build.cache import MAC_BYTES, cache_home, code_version, private_folder, sign, write_atomic


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled code for each template, one signed file per template in `folder`.

    Compiled code is loaded with marshal and run, so it is trusted like a .pyc file: it lives in the user's own cache
    folder (0700), and each file is signed with the user's key (cache.signing_key), so a file this user's Thaw did not
    write is compiled again, never loaded. Jinja reuses a compilation only for the same template source; the folder is
    per version of Thaw's Python code and its libraries. A folder that cannot be read or written never stops a build.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = (self.folder / bucket.key).read_bytes()
        except OSError:
            return
        if len(data) < MAC_BYTES or not hmac.compare_digest(data[:MAC_BYTES], sign(bucket.key.encode(), data[MAC_BYTES:])):
            return
        try:
            bucket.load_bytecode(BytesIO(data[32:]))
        except Exception:  # noqa: BLE001 - unreadable compiled code is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        stream = BytesIO()
        bucket.write_bytecode(stream)
        data = stream.getvalue()
        try:
            write_atomic(self.folder / bucket.key, sign(bucket.key.encode(), data), data)
        except OSError:
            pass


def compiled_templates() -> CompiledTemplates | None:
    """The cache for this version of Thaw (older versions' folders are removed), or None when it is turned off
    (THAW_NO_TEMPLATE_CACHE=1) or there is nowhere to keep it."""
    if os.environ.get("THAW_NO_TEMPLATE_CACHE"):
        return None
    root = cache_home() / "templates"
    folder = root / code_version(python_only=True)[:20]  # how templates compile is set in code; each source is checked
    try:
        private_folder(cache_home())
        if not folder.is_dir():
            if root.is_dir():
                for old in root.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return CompiledTemplates(folder)
