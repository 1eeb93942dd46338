"""Screenshot a `newsfacts report` page in headless Chromium for the docs, as a
palette PNG (a few hundred KB, not megabytes).

    python benchmarks/report_screenshot.py report.html docs/report.png [--height 2400] [--top PIXELS]

--top skips that many pixels of the page (a taller shot, cropped), to show an article view.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def shoot(page: Path, png: Path, width: int, height: int) -> Image.Image:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png}", page.resolve().as_uri()], capture_output=True, timeout=300, check=True)
    return Image.open(png).convert("RGB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--top", type=int, default=0, help="pixels to skip from the top of the page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        image = shoot(args.page, Path(work) / "shot.png", args.width, args.top + args.height)
    image = image.crop((0, args.top, args.width, args.top + args.height))
    # 256 colours are plenty for flat charts and text, and make the file ~4x smaller
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(args.png, optimize=True)
    print(f"{args.png}: {args.png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
