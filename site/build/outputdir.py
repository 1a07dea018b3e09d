"""The output folder: only one Thaw made is replaced, and a new site takes its place in one step."""
from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from thaw.errors import ThawError

# Written into every output. Plain text, the same in every build, naming no path or person: harmless when published.
MARKER = ".thaw-output"
MARKER_TEXT = b"This folder is a website built by Thaw. Each build replaces what is in it, except CNAME, .nojekyll and the files [build] keep lists.\n"
ALWAYS_KEPT = ("CNAME", ".nojekyll")  # what a host needs that the user adds; Thaw never makes these
STAGING, RETIRED = "new", "old"  # .<output>.new-XXXX is a site being made; .<output>.old-PID one being replaced
SPARE = "spare"  # in the cache folder: the site the last build replaced, where the next build starts (see take_spare)


def real_path(output: Path) -> Path:
    """The folder the site is written to: the output, or the folder a symlinked output points at."""
    return Path(os.path.realpath(output))


def kept_names(keep: Iterable[str] = ()) -> tuple[str, ...]:
    """Every path (relative to the output) that builds leave as the user put it."""
    return tuple(dict.fromkeys((*ALWAYS_KEPT, *keep)))


def claim(output: Path, keep: Iterable[str] = (), earlier_build: Callable[[Path], bool] | None = None) -> None:
    """Refuse an output folder Thaw did not make: it must be missing, empty (but for kept files) or carry the marker.

    `earlier_build(folder)` may vouch for a folder built before Thaw wrote its marker (its manifest lists every file).
    """
    real = real_path(output)
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise ThawError(f"{output}: exists and is not a folder — remove it or choose another --output")
    if (real / MARKER).is_file():
        return
    top = {name.split("/", 1)[0] for name in kept_names(keep)}
    names = sorted(os.listdir(real))
    if all(name in top for name in names):
        return
    if earlier_build is not None and earlier_build(real):
        (real / MARKER).write_bytes(MARKER_TEXT)  # adopt it, so its leftovers are recognised too
        return
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    raise ThawError(
        f"{output}: this folder is not empty and was not made by Thaw (it has no {MARKER}); a build would delete what is in it ({shown})"
        " — choose a new or empty folder with --output, or empty this one yourself if it really is yours to replace"
    )


def recover(output: Path) -> None:
    """Undo what a killed build left: restore an output moved aside, remove staging and retired folders it made."""
    real = real_path(output)
    leftovers = _leftovers(real)
    if not os.path.lexists(real):
        retired = [path for path in leftovers if path.name.startswith(f".{real.name}.{RETIRED}-")]
        if retired:
            retired[0].rename(real)  # killed between moving the old site aside and the new one in: the old one comes back
            leftovers.remove(retired[0])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def _leftovers(real: Path) -> list[Path]:
    """Thaw's own folders beside the output: named as Thaw names them and marked (or empty)."""
    found = []
    try:
        names = sorted(os.listdir(real.parent))
    except OSError:
        return []
    for name in names:
        if not name.startswith((f".{real.name}.{STAGING}-", f".{real.name}.{RETIRED}-")):
            continue
        path = real.parent / name
        if path.is_symlink() or not path.is_dir():
            continue
        if (path / MARKER).is_file() or not any(path.iterdir()):
            found.append(path)
    return found


def make_staging(real: Path) -> Path:
    """A new marked folder beside the real output, where the next site is made."""
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.{STAGING}-", dir=real.parent))
    (staging / MARKER).write_bytes(MARKER_TEXT)
    return staging


def take_spare(cache_dir: Path, real: Path, usable: bool) -> Path | None:
    """The site the last build replaced, moved beside the output to be made into the next one, or None (then removed).

    It is usable only while the manifest says what it holds (`usable`) and it can share files with the output (the
    same file system). Taken, it is named as a staging folder: a build stopped while it is half made removes it
    (`recover`); it goes back to the cache folder only as the whole previous site, when the next one is in place.
    """
    folder = cache_dir / SPARE
    if not os.path.lexists(folder):
        return None
    try:
        if usable and not folder.is_symlink() and folder.is_dir() and os.stat(folder).st_dev == os.stat(real.parent).st_dev:
            for _ in range(8):
                staging = real.parent / f".{real.name}.{STAGING}-{secrets.token_hex(6)}"
                if not os.path.lexists(staging):
                    os.rename(folder, staging)
                    return staging
    except OSError:
        pass
    if folder.is_symlink() or not folder.is_dir():
        folder.unlink(missing_ok=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return None


def keep_as_spare(old: Path, cache_dir: Path) -> bool:
    """Keep the site just replaced in the cache folder, for the next build to start from; False if it cannot be."""
    try:
        os.chmod(old, 0o700)  # as private as the rest of the cache folder
        os.rename(old, cache_dir / SPARE)
    except OSError:
        return False
    return True


def clear_for_reuse(staging: Path, keep: Iterable[str], unwanted: Iterable[str]) -> None:
    """In a spare site taken as the staging folder: remove the kept files (the output's own are carried in later) and
    the files the new site does not have, then the folders that are left empty."""
    root = f"{staging}/"
    for name in kept_names(keep):
        clear_path(root + name)
    folders: set[str] = set()
    for relative in unwanted:
        clear_path(root + relative)
        folders.add(relative.rpartition("/")[0])
    for sub in sorted(folders - {""}, key=lambda name: -name.count("/")):  # the deepest first
        while sub:
            try:
                os.rmdir(root + sub)
            except OSError:
                break
            sub = sub.rpartition("/")[0]


def share(source_root: str, target_root: str, relative: str, inode: int | None, made: set[str]) -> bool:
    """Make `relative` in the staging folder the published site's own file (a hard link; a copy where links are
    refused). A file already there that is that very file (same inode) stays; any other is replaced, never written
    into (it may be a file of the published site). Returns whether anything was done."""
    target = target_root + relative
    try:
        if inode is not None and os.stat(target).st_ino == inode:
            return False
    except OSError:
        pass
    clear_path(target)
    folder = relative.rpartition("/")[0]
    if folder not in made:
        _make_folders(target_root, folder, made)
    _link_or_copy(source_root + relative, target)
    return True


def clear_path(path: str) -> None:
    """Remove what is at `path` in a staging folder, file or folder, if anything."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)
    except NotADirectoryError:  # a file where a folder above it should be: remove that file
        above = os.path.dirname(path)
        while above and not os.path.isdir(above):
            if os.path.lexists(above):
                os.unlink(above)
                break
            above = os.path.dirname(above)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link shares the file (its size and time too); where links are refused, a copy with the same time."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _make_folders(root: str, folder: str, made: set[str]) -> None:
    """Create `folder` under `root` and the folders above it that are not in `made` yet."""
    parts = folder.split("/")
    for end in range(1, len(parts) + 1):
        sub = "/".join(parts[:end])
        if sub not in made:
            try:
                os.mkdir(root + sub)
            except FileExistsError:
                if not os.path.isdir(root + sub):  # a file of the old site where the new one has a folder
                    os.unlink(root + sub)
                    os.mkdir(root + sub)
            made.add(sub)


def remove_site(folder: Path, files: Iterable[str] = ()) -> None:
    """Delete a site folder Thaw made: the files it is known to hold one by one (faster than walking it), then the rest."""
    root = f"{folder}/"
    folders: set[str] = set()
    for relative in files:
        try:
            os.unlink(root + relative)
        except OSError:
            continue
        sub = relative.rpartition("/")[0]
        while sub and sub not in folders:
            folders.add(sub)
            sub = sub.rpartition("/")[0]
    for sub in sorted(folders, key=lambda name: -name.count("/")):  # the deepest first
        try:
            os.rmdir(root + sub)
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def carry_kept(real: Path, staging: Path, keep: Iterable[str], where: str) -> None:
    """Bring the kept files and folders the user put in the output into the new site."""
    if not real.is_dir():
        return
    for name in kept_names(keep):
        source, target = real / name, staging / name
        if not os.path.lexists(source):
            continue
        if os.path.lexists(target):
            raise ThawError(f"{where}: keep lists \"{name}\", which the build makes itself — remove it from keep")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(source), str(target))


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()
AT_FDCWD, RENAME_EXCHANGE = -100, 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where the system or file system cannot."""
    if _RENAMEAT2 is None or os.environ.get("THAW_TEST_NO_EXCHANGE"):
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def checkpoint(stage: str) -> None:
    """Tests only: with THAW_TEST_PAUSE=stage:file, create the file and wait here to be killed."""
    wanted, _, flag = os.environ.get("THAW_TEST_PAUSE", "").partition(":")
    if wanted == stage and flag:
        Path(flag).write_text(str(os.getpid()))
        time.sleep(120)


def publish(staging: Path, real: Path, commit: Callable[[], None], old_files: Iterable[str] = (), retire: Callable[[Path], bool] | None = None) -> None:
    """Put the staging folder where the real output is, in one step; `commit` runs after, and a failure undoes the swap.

    Readers of the output see the old site or the new one: the two folders are exchanged by one system call. Where
    that call is missing, the old folder is moved aside first and, if the build is killed in between, the next build
    moves it back (`recover`). The old site is then handed to `retire` (which may keep it) or removed.
    """
    os.chmod(staging, stat.S_IMODE(real.stat().st_mode) if real.is_dir() else 0o755)
    checkpoint("staged")
    if not os.path.lexists(real):
        os.rename(staging, real)
        undo: Callable[[], None] = lambda: os.rename(real, staging)
    elif exchange(staging, real):
        undo = lambda: _swap_back(staging, real)
    else:
        retired = real.parent / f".{real.name}.{RETIRED}-{os.getpid()}"
        os.rename(real, retired)
        checkpoint("retired")
        try:
            os.rename(staging, real)
        except BaseException:
            os.rename(retired, real)
            raise
        os.rename(retired, staging)
        undo = lambda: _swap_back(staging, real)
    checkpoint("swapped")
    try:
        commit()
    except BaseException:
        undo()
        raise
    if os.path.isdir(staging) and not (retire is not None and retire(staging)):
        remove_site(staging, old_files)  # the old site (`old_files` is what it is known to hold)


def _swap_back(old: Path, real: Path) -> None:
    """Put the old site back after a failed commit."""
    if not exchange(old, real):
        new = real.parent / f".{real.name}.{STAGING}-undo-{os.getpid()}"
        os.rename(real, new)
        os.rename(old, real)
        os.rename(new, old)
