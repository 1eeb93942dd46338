"""Build a benchmark corpus: N articles made from the sample articles with their
numbers and names varied, so that no cache (spaCy's, dateparser's, ours) sees
the same text twice.

    python benchmarks/make_corpus.py N OUT_DIR [--source DIR ...]

Digits are shifted by a per-article offset and capitalised words of known
names are swapped for others, keeping each article's layout and debris.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "corpus"]
SWAPS = ["Ningbo", "Xiamen", "Qingdao", "Dalian", "Tianjin", "Shenzhen", "Wuhan", "Chengdu", "Kunming", "Harbin",
         "Zhang Wei", "Li Na", "Wang Jun", "Chen Hao", "Liu Yang", "Zhao Min", "Sun Li", "Zhou Qiang"]
NAME = re.compile(r"\b(?:Shanghai|Beijing|Zhengzhou|Henan|Liu Yiwei|Yu Fei|Shan Zhongde|Bian Zhigang|Xi Jinping)\b")
# a number, but not one inside a date or a time (`2021-04-19`, `08:47`), which must stay valid
DIGITS = re.compile(r"(?<![\d.,:/-])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\d:/-])")
# a month name just before a number: the number is a day (`April 25`, `Jan. 3`), kept valid
MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")


def source_articles(folders: list[Path]) -> list[str]:
    texts = []
    for folder in folders:
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt articles in {', '.join(map(str, folders))}")
    return texts


def vary(text: str, rng: random.Random) -> str:
    """The same article with its numbers and a few names changed."""
    def new_number(match: re.Match) -> str:
        number = match.group(0)
        after_month = MONTH_BEFORE.search(match.string, max(0, match.start() - 12), match.start())
        if re.fullmatch(r"(19|20)\d\d", number) or after_month:
            return number  # keep years and days: dates and page stamps must stay valid
        digits = number.replace(",", "")
        value = float(digits) * rng.uniform(0.5, 1.5)
        out = f"{value:.{len(digits.split('.')[1])}f}" if "." in digits else str(max(1, round(value)))
        return f"{int(out):,}" if "," in number and "." not in out else out

    text = DIGITS.sub(new_number, text)
    return NAME.sub(lambda m: rng.choice(SWAPS) if rng.random() < 0.5 else m.group(0), text)


def build(n: int, out_dir: Path, folders: list[Path] = SOURCES, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    texts = source_articles(folders)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = out_dir / f"article-{k:06d}.txt"
        path.write_text(vary(texts[k % len(texts)], rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--source", type=Path, action="append", help="folder of .txt articles (repeatable)")
    args = parser.parse_args()
    build(args.n, args.out_dir, args.source or SOURCES)
    print(f"{args.n} articles -> {args.out_dir}")


if __name__ == "__main__":
    main()
