"""File helpers: checksums and writes that never leave a half-written result behind."""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile

CHECKSUM_FILE = "SHA256SUMS"


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_temp_dir(parent, prefix):
    """`tempfile.mkdtemp` in `parent`, but with the permissions a plain `mkdir` would give (the umask's)."""
    path = tempfile.mkdtemp(prefix=prefix, dir=parent)  # parent None: the system's temporary folder
    os.chmod(path, 0o777 & ~current_umask())
    return path


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(folder):
    """Writes `SHA256SUMS` (sha256sum format) for every other file in `folder`."""
    names = sorted(n for n in os.listdir(folder) if n != CHECKSUM_FILE and os.path.isfile(os.path.join(folder, n)))
    lines = [f"{sha256_file(os.path.join(folder, n))}  {n}\n" for n in names]
    with open(os.path.join(folder, CHECKSUM_FILE), "w") as f:
        f.writelines(lines)


def verify_checksums(folder, required=()):
    """Checks every file listed in `folder/SHA256SUMS`; raises ValueError on any mismatch.

    Files in `required` must be listed: a weights file nobody vouched for is refused.
    """
    listing = os.path.join(folder, CHECKSUM_FILE)
    if not os.path.isfile(listing):
        raise ValueError(f"{folder} has no {CHECKSUM_FILE}; re-save the preset with save_to_preset")
    expected = {}
    with open(listing) as f:
        for line in f:
            if line.strip():
                digest, name = line.strip().split(None, 1)
                expected[name.lstrip("*")] = digest
    for name in required:
        if name not in expected:
            raise ValueError(f"{os.path.join(folder, name)} is not listed in {CHECKSUM_FILE}; re-save the preset")
    for name, digest in expected.items():
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise ValueError(f"{path} is missing; restore it or re-save the preset")
        if sha256_file(path) != digest:
            raise ValueError(
                f"{path} does not match its SHA256SUMS entry (corrupted or truncated); "
                "restore the file or re-save the preset"
            )


@contextlib.contextmanager
def atomic_directory(final_dir, overwrite=False):
    """Yields a temporary folder beside `final_dir` that replaces it only on success.

    A crash or an exception leaves `final_dir` as it was. An existing `final_dir`
    is replaced only with `overwrite=True`.
    """
    final_dir = os.path.abspath(final_dir)
    if os.path.exists(final_dir) and not overwrite:
        raise FileExistsError(f"{final_dir} already exists; choose another path or pass overwrite")
    parent = os.path.dirname(final_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = make_temp_dir(parent, f".{os.path.basename(final_dir)}.tmp-")
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if os.path.exists(final_dir):
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(final_dir)}.old-", dir=parent)
        os.rmdir(old)
        os.replace(final_dir, old)
    os.replace(tmp, final_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def atomic_write_json(path, data):
    """Writes JSON to `path` through a temporary file and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; a plain open() respects the umask
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def read_json(path):
    """Parsed JSON of a file; a malformed file raises ValueError naming it."""
    try:
        with open(path) as f:
            return json.load(f)
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not a UTF-8 JSON file; restore it") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON ({error.msg} at line {error.lineno}); restore it") from None


def available_memory_bytes():
    """Memory the OS reports as available (Linux `MemAvailable`), or None where it cannot tell."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def resolve_model_source(name):
    """A preset name or folder as given, or a training run folder's `preset/` subfolder."""
    run_preset = os.path.join(str(name), "preset")
    return run_preset if os.path.isfile(os.path.join(run_preset, "config.json")) else name
