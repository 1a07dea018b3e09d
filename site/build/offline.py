"""The opt-in offline copy: a service worker, written after freezing, that caches the crisis page and the exercises."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from thaw.web.exercises import EXERCISES
from thaw.web.exercises.base import RATINGS, UNRATED
from thaw.web.exercises.tokens import state_token

WORKER = "sw.js"
PLACEHOLDER = re.compile(r"__(?:VERSION|BASE|URLS|TWINS|EDITIONS)__")


def _path(slug: str, state: str) -> str:
    return f"exercises/{slug}/" + (f"{state_token(slug, state)}/" if state else "")


def offline_paths(folder: Path, editions: tuple[str, ...] = ()) -> list[str]:
    """Site-relative paths to keep: help now, the exercises without a numbered rating, and the files they load; in
    every language's edition (`editions`: the translations' folders, "es/")."""
    paths = []
    for edition in ("", *editions):
        paths += [f"{edition}help-now/", f"{edition}exercises/"]
        for exercise in EXERCISES.values():
            for state in exercise.states():
                if state.split("/", 1)[0] in RATINGS:
                    continue  # numbered ratings are served from their unrated twin when offline
                path = edition + _path(exercise.slug, state)
                if (folder / path / "index.html").is_file():
                    paths.append(path)
    assets = sorted(p.relative_to(folder).as_posix() for sub in ("assets", "static", "vendor") for p in (folder / sub).rglob("*") if p.is_file())
    return paths + assets


def twins() -> dict[str, str]:
    """Each numbered rating state's path token → its unrated twin's, which the offline copy serves in its place."""
    found = {}
    for exercise in EXERCISES.values():
        for state in exercise.states():
            before, _, rest = state.partition("/")
            if before in RATINGS:
                found[state_token(exercise.slug, state)] = state_token(exercise.slug, f"{UNRATED}/{rest}")
    return found


def write_service_worker(folder: Path, base_path: str, template: str, editions: tuple[str, ...] = ()) -> None:
    """Write sw.js; its version is a hash of every cached file, so a rebuild that changes any of them updates it.
    `editions` are the translations' folders ("es/"): their pages are kept too, and a page of theirs the copy does
    not hold is answered by their own Get help now."""
    paths = offline_paths(folder, editions)
    digest = hashlib.sha256()
    for path in paths:
        file = folder / path / "index.html" if path.endswith("/") else folder / path
        digest.update(path.encode() + b"\0" + file.read_bytes())
    urls = [base_path + path for path in paths]
    values = {
        "__VERSION__": digest.hexdigest()[:16],
        "__BASE__": json.dumps(base_path),
        "__URLS__": json.dumps(urls),
        "__TWINS__": json.dumps(twins(), separators=(",", ":")),
        "__EDITIONS__": json.dumps([base_path + edition for edition in editions]),
    }
    # One pass over the template: a value (the base path is the practice's) is never searched for another placeholder.
    script = PLACEHOLDER.sub(lambda match: values[match.group()], template)
    (folder / WORKER).write_text(script, encoding="utf-8")
