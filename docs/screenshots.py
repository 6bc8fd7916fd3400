"""Remake the terminal screenshots in docs/: `underreport reconcile` on sample_data in tmux.

    python3 docs/screenshots.py            # from the repository's root

Each width runs the command in a detached tmux session of that many columns,
captures the pane with its colours (`capture-pane -p -e`), and turns the
capture into SVG with Rich and into PNG with vl-convert. The command runs
this checkout's code (`src/` first on the path), in English unless the shot
says otherwise.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import vl_convert
from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
SHOTS = [  # width, language, file
    (80, "en", "terminal-80.png"),
    (160, "en", "terminal-160.png"),
    (100, "id", "terminal-100-id.png"),
]
SOCKET = f"underreport-shots-{os.getpid()}"


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True, timeout=120
    ).stdout


def capture(width: int, lang: str, folder: Path) -> str:
    """The pane after `underreport reconcile` ran in it: text with its ANSI colours."""
    session = f"shot{width}{lang}"
    script = folder / f"{session}.sh"
    script.write_text(
        f"cd {shlex.quote(str(ROOT))}\n"
        "unset NO_COLOR\n"
        "export TERM=xterm-256color COLORTERM=truecolor PYTHONPATH=src\n"
        f'{shlex.quote(sys.executable)} -c \'import sys; sys.argv[0] = "underreport"; '
        "from underreport.cli import main; main()' "
        f"reconcile -p sample_data/payroll -e sample_data/enrollment --lang {lang}\n"
        f"tmux -L {SOCKET} wait-for -S {session}\n"
        "sleep 30\n"
    )
    _tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", "90", f"sh {script}")
    try:
        _tmux("wait-for", session)
        return _tmux("capture-pane", "-p", "-e", "-t", session).rstrip() + "\n"
    finally:
        _tmux("kill-session", "-t", session)


def png(ansi: str, width: int, title: str) -> bytes:
    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                      file=io.StringIO())  # fmt: skip
    console.print(Text.from_ansi(ansi), end="")
    svg = console.export_svg(title=title, font_aspect_ratio=0.6)
    # Fonts this machine has, not Fira Code from a CDN: no network, and box lines that join.
    svg = re.sub(r"@font-face \{.*?\}", "", svg, flags=re.S)
    svg = svg.replace("Fira Code, monospace", "DejaVu Sans Mono").replace("arial", "DejaVu Sans")
    return smaller(bytes(vl_convert.svg_to_png(svg, scale=1.0)))


def smaller(png: bytes) -> bytes:
    """The same PNG with its pixel data deflated at level 9: a quarter of vl-convert's size.

    Only the compression changes (same filtered rows), so no image library is needed.
    """
    chunks, pos = [], 8
    while pos < len(png):
        (size,) = struct.unpack(">I", png[pos : pos + 4])
        chunks.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + size]))
        pos += 12 + size
    pixels = zlib.compress(zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT")), 9)
    first = next(i for i, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    kept = [c for c in chunks[:first] if c[0] != b"IDAT"] + [(b"IDAT", pixels)]
    kept += [c for c in chunks[first:] if c[0] != b"IDAT"]
    out = [png[:8]]
    for kind, body in kept:
        out.append(struct.pack(">I", len(body)) + kind + body)
        out.append(struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def main() -> None:
    try:
        with tempfile.TemporaryDirectory() as folder:
            for width, lang, name in SHOTS:
                ansi = capture(width, lang, Path(folder))
                title = f"underreport reconcile --lang {lang}   ({width} columns)"
                (ROOT / "docs" / name).write_bytes(png(ansi, width, title))
                sys.stdout.write(f"docs/{name}\n")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True, check=False)


if __name__ == "__main__":
    main()
