r"""The grading seed: a secret of at least 128 bits, never on a command line.

The hidden cases are drawn from the seed, so whoever knows it can compute every expected
answer with the public code of the checks. It therefore

* is at least 32 hexadecimal digits (128 bits), as ``python -m instructor seed FILE``
  writes them (:func:`new_seed`); a short number such as ``8412`` is refused, because the
  inputs shown in one feedback file are enough to search every small seed offline;
* comes from a file readable only by its owner (``--seed-file``, mode 0600) or from the
  environment variable ``LL_GRADING_SEED`` (a command line is readable by every user of
  the machine in ``/proc``; a process's environment and a 0600 file are not);
* never reaches a student's process, is not written into the results (only its
  :func:`fingerprint`, to tell runs apart), and is not used directly: the cases of a run
  are drawn from :func:`case_seed`, an HMAC keyed by the seed of the run's *salt* (a
  Gradescope submission's id, empty for a local run). Knowing the salt, or the cases of
  one submission, gives nothing about the cases of another.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

__all__ = [
    "ENV",
    "SeedError",
    "case_seed",
    "check_seed",
    "fingerprint",
    "new_seed",
    "read_seed_file",
    "write_seed_file",
]

ENV = "LL_GRADING_SEED"
MIN_HEX_DIGITS = 32  # 128 bits
HOW = "write a new one with `python -m instructor seed grading.seed`"


class SeedError(ValueError):
    """The seed is missing, weak, or stored where others can read it."""


def new_seed() -> str:
    """A new grading seed: 256 random bits as 64 hexadecimal digits."""
    return secrets.token_hex(32)


def check_seed(seed) -> str:
    """``seed`` as a clean string; :class:`SeedError` with the fix if it is weak."""
    from ..cases import PRACTICE_SEED

    if isinstance(seed, int) and not isinstance(seed, bool):
        if seed == PRACTICE_SEED:
            raise SeedError(
                f"{seed} is the practice seed: the grading cases would be the practice cases; {HOW}"
            )
        raise SeedError(
            f"the grading seed must be a secret of at least {MIN_HEX_DIGITS} hexadecimal "
            f"digits (128 bits), got the number {seed}: a small number can be found from "
            f"one feedback file; {HOW}"
        )
    if not isinstance(seed, str):
        raise SeedError(f"the grading seed must be text, got {type(seed).__name__}; {HOW}")
    text = seed.strip()
    digits = text.lower()
    if len(digits) < MIN_HEX_DIGITS or any(c not in "0123456789abcdef" for c in digits):
        raise SeedError(
            f"the grading seed must be at least {MIN_HEX_DIGITS} hexadecimal digits (128 "
            f"bits), got {len(text)} character(s)"
            + ("" if all(c in "0123456789abcdef" for c in digits) else " that are not all hex")
            + f"; {HOW}"
        )
    # A random string of 32 hex digits has about 14.5 different digits; one with fewer than
    # 8, or one that repeats a short pattern, was typed, not drawn.
    periodic = any(
        digits == (digits[:p] * (len(digits) // p + 1))[: len(digits)] for p in range(1, 17)
    )
    if len(set(digits)) < 8 or periodic:
        raise SeedError(f"the grading seed {text[:4]}... looks typed, not random; {HOW}")
    return text


def fingerprint(seed: str) -> str:
    """12 hex digits that tell seeds apart without revealing them (written in the results)."""
    return hashlib.sha256(b"loss-landscapes seed fingerprint\0" + seed.encode()).hexdigest()[:12]


def case_seed(seed: str, salt: str = "") -> int:
    """The 64-bit seed the cases of a run are drawn from: HMAC-SHA256 of the salt, keyed by
    the grading seed. Without the grading seed, neither the salt nor the cases of other
    runs tell anything about it."""
    mac = hmac.new(seed.encode(), b"loss-landscapes grading cases\0" + salt.encode(), "sha256")
    return int.from_bytes(mac.digest()[:8], "big")


def read_seed_file(path) -> str:
    """The seed in ``path`` (its first line); refused if others can read the file."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise SeedError(f"cannot read the seed file {path}: {exc.strerror}") from None
    with os.fdopen(fd, encoding="utf-8", errors="replace") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SeedError(
                f"the seed file {path} can be read by other users (mode "
                f"{stat.filemode(mode)}): run `chmod 600 {path}`"
            )
        text = fh.read(4096)
    lines = text.strip().splitlines()
    return check_seed(lines[0] if lines else "")


def write_seed_file(path) -> Path:
    """Write a new seed into ``path`` (mode 0600); never overwrites a file."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new_seed() + "\n")
    os.chmod(path, 0o600)
    return path


def main(argv=None) -> int:
    """``python -m instructor seed FILE``: write a new grading seed into FILE (mode 0600)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="python -m instructor seed",
        description="Write a new grading seed (256 random bits) into a file only you can read.",
    )
    parser.add_argument("file", help="where to write it (must not exist)")
    args = parser.parse_args(argv)
    try:
        path = write_seed_file(args.file)
    except FileExistsError:
        print(f"error: {args.file} exists; nothing is overwritten", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    print(
        f"wrote a new grading seed into {path} (mode 0600). Keep it, and keep it secret: "
        f"grade with --seed-file {path}."
    )
    return 0
