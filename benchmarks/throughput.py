"""Throughput and memory, measured side by side in one run (by hand, not in CI).

    python benchmarks/throughput.py [--n 848] [--rss-factor 10] [--rounds 2] [--skip-baseline]

Builds N varied articles (`benchmarks/make_corpus.py`: copies of every article of
`../shared/corpus` when it is there, with numbers and names changed and dates kept
valid) and times, on the same texts and machine, each as a fresh process from
start to finish:

  A  bare spaCy NER: the same model, nlp.pipe over the raw texts, the `ner` component
     alone (with what it listens to: in en_core_web_sm nothing, NER has its own tok2vec;
     the shared `tok2vec` feeds only the tagger and the parser)
  A2 the same with the shared `tok2vec` too, as earlier tables measured A (it costs
     a fifth to a quarter of A2 and gives NER nothing)
  B  the glue baseline (benchmarks/baseline_glue.py: full en_core_web_sm,
     quantulum3, dateparser's search_dates)
  C  newsfacts run, outputs written, --jobs 1
  D  newsfacts run --jobs 2

  E  newsfacts run on one article, against F bare spaCy loading and running it

and prints documents/s and tokens/s (tokens: spaCy's count on the raw texts),
the ratios C/A, C/A2, C/B, D/C and E/F, and the peak RSS of C at N and at rss-factor x N.

Timings on a shared 2-core machine vary by 10% from run to run: A, A2, C and D run in
`--rounds` alternating rounds and E and F five times each, and the best time of
each counts (as `timeit` does). Byte code is cached as on a normal install (a
sandbox's PYTHONDONTWRITEBYTECODE would make every run compile our modules again).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BARE_SPACY = """
import sys
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[2], exclude=sys.argv[3].split(","))
texts = (p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt")))
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=32)))
"""


def measure(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes (the process and its children), stdout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    started = time.perf_counter()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return seconds, peak, out


def ner_only_exclude(model: str) -> list[str]:
    """Every component of the model but `ner` and the components it listens to."""
    import spacy

    nlp = spacy.load(model)
    keep = {"ner"} | {name for name, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", ())}
    return [name for name in nlp.component_names if name not in keep]


def bare_spacy(folder: Path, model: str, exclude: list[str]) -> list[str]:
    return [sys.executable, "-c", BARE_SPACY, str(folder), model, ",".join(exclude)]


def newsfacts(corpus: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "newsfacts", "run", str(corpus), "-o", str(out), "--jobs", str(jobs),
            "--reference-date", "2025-06-01", "--no-progress"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=848)
    parser.add_argument("--rss-factor", type=int, default=10)
    parser.add_argument("--skip-baseline", action="store_true", help="leave out B (slow)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of A, C and D; the best counts")
    args = parser.parse_args()

    from newsfacts.nlp import resolve_model_name

    model = resolve_model_name()
    ner_alone = ner_only_exclude(model)
    with_tok2vec = [name for name in ner_alone if name != "tok2vec"]
    work = Path(tempfile.mkdtemp(prefix="newsfacts-bench-"))
    try:
        corpus = work / "corpus"
        build(args.n, corpus)
        rows: dict[str, float] = {}

        def best(name: str, seconds: float) -> None:
            rows[name] = min(seconds, rows.get(name, seconds))

        rss_n = 0
        for _ in range(args.rounds):
            seconds, _, out = measure(bare_spacy(corpus, model, ner_alone))
            tokens = int(out.strip().splitlines()[-1])
            best("A bare spaCy NER", seconds)
            best("A2 bare spaCy tok2vec+ner", measure(bare_spacy(corpus, model, with_tok2vec))[0])
            if not args.skip_baseline and "B glue baseline" not in rows:  # slow, and steady: once
                rows["B glue baseline"] = measure([sys.executable, "benchmarks/baseline_glue.py", str(corpus),
                                                   "-o", str(work / "glue")])[0]
            seconds, rss, _ = measure(newsfacts(corpus, work / "c", 1))
            best("C newsfacts --jobs 1", seconds)
            rss_n = max(rss_n, rss)
            best("D newsfacts --jobs 2", measure(newsfacts(corpus, work / "d", 2))[0])

        one = work / "one"
        build(1, one, seed=5)
        one_article = sorted(one.glob("*.txt"))[0]
        single = {"E": [], "F": []}
        for _ in range(5):
            single["E"].append(measure(newsfacts(one_article, work / "e", 1))[0])
            single["F"].append(measure(bare_spacy(one, model, ner_alone))[0])
        single = {k: min(v) for k, v in single.items()}

        big = work / "big"
        build(args.n * args.rss_factor, big, seed=11)
        big_seconds, rss_big, _ = measure(newsfacts(big, work / "c-big", 1))

        print(f"\n{args.n} articles, {tokens:,} tokens (spaCy's count on the raw texts); "
              f"{psutil.cpu_count()} cores; best of {args.rounds} rounds (E, F: of 5)\n")
        print(f"| run | seconds | docs/s | tokens/s |\n|---|---|---|---|")
        for name, secs in rows.items():
            print(f"| {name} | {secs:.1f} | {args.n / secs:.1f} | {tokens / secs:,.0f} |")
        rate = {name.split()[0]: args.n / secs for name, secs in rows.items()}
        print()
        print(f"C/A = {rate['C'] / rate['A']:.2f}   (target >= 1.0)")
        print(f"C/A2 = {rate['C'] / rate['A2']:.2f}   (A2: the A of earlier tables)")
        if "B" in rate:
            print(f"C/B = {rate['C'] / rate['B']:.2f}   (target >= 2.0)")
        print(f"D/C = {rate['D'] / rate['C']:.2f}   (target >= 1.8)")
        print(f"one article: E newsfacts {single['E']:.2f} s, F bare spaCy load-and-run {single['F']:.2f} s; "
              f"E/F = {single['E'] / single['F']:.2f}   (target <= 1.3)")
        print(f"peak RSS of C: {rss_n / 2**20:.0f} MiB at N={args.n}, {rss_big / 2**20:.0f} MiB at "
              f"N={args.n * args.rss_factor} ({big_seconds:.0f} s); ratio {rss_big / rss_n:.2f}   (target <= 1.10)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
