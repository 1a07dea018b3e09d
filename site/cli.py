"""The command line (`python build.py …`): thin verbs over the modules that do the work."""
from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from thaw.config.settings import Config, load_config
from thaw.errors import ProblemsFound, ThawError

PROGRESS_THRESHOLD = 200


def _load(config_file: str | None, base_url: str | None, content: str | None, output: str | None) -> tuple[Config, dict[str, Any]]:
    path = Path(config_file) if config_file else Path("thaw.toml")
    overrides: dict[str, Any] = {}
    if base_url:
        overrides["base_url"] = base_url
    if content:
        overrides["content"] = Path(content)
    if output:
        overrides["output"] = Path(output)
    if config_file is None and not path.exists():
        return load_config(None, overrides), overrides
    return load_config(path, overrides), overrides


def _report(problems: list, quiet: bool = False) -> None:
    """Print the errors, then the warnings (left out with --quiet), then how many of each there are."""
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    for problem in errors + ([] if quiet else warnings):
        click.echo(str(problem), err=True)
    if problems:
        click.echo(_count(len(errors), len(warnings)), err=True)


def _count(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _quiet() -> bool:
    return bool(click.get_current_context().params.get("quiet"))


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Thaw's errors into `path:line: message` lines and exit 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except ProblemsFound as exc:
            failing = exc.problems  # errors, and warnings too with --strict (always shown)
            errors = [p for p in failing if not p.warning]
            warnings = [p for p in failing if p.warning] + ([] if _quiet() else exc.warnings)
            for problem in errors + warnings:
                click.echo(str(problem), err=True)
            strict = " (--strict)" if len(errors) < len(failing) else ""
            click.secho(f"Failed: {_count(len(errors), len(failing) - len(errors) + len(exc.warnings))}{strict}. Nothing was written.", fg="red", err=True)
            sys.exit(1)
        except ThawError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:  # `build.py review | head`: the reader stopped early, as it may
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush has nowhere to fail
            sys.exit(0)
        except Exception as exc:  # an internal bug: still no traceback unless asked for
            if debug:
                traceback.print_exc()
            click.secho(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", fg="red", err=True)
            sys.exit(2)

    return wrapper


config_options = [
    click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Practice config file [default: thaw.toml]."),
    click.option("--content", type=click.Path(file_okay=False), help="Content folder [default: from config, else content/]."),
    click.option("--base-url", help="Where the site will live, e.g. https://example.org/practice/ or /practice/."),
]


def with_config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(config_options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def main(debug: bool) -> None:
    """Thaw turns a folder of Markdown into a calm, static psychoeducation website."""


@main.command()
@with_config_options
@click.option("--output", type=click.Path(file_okay=False), help="Output folder [default: _site/]: new, empty, or made by Thaw.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as overdue reviews) as errors.")
@click.option("--clean", is_flag=True, help="Build from nothing: ignore what earlier builds kept (the result is the same).")
@click.option("--quiet", is_flag=True, help="Leave warnings out (errors and the count of each are still shown), e.g. in CI.")
@handle_errors
def build(config_file: str | None, content: str | None, base_url: str | None, output: str | None, strict: bool, clean: bool, quiet: bool) -> None:
    """Validate everything, render it and write the static site (reusing what has not changed)."""
    from thaw.build.publish import build as run_build

    config, _ = _load(config_file, base_url, content, output)
    result = run_build(config, strict=strict, progress=_progress_bar, incremental=not clean)
    _report(result.warnings, quiet)
    if result.rendered == 0:
        how = "nothing had changed"
    elif result.rendered is not None and result.rendered < result.pages:
        how = f"{result.rendered} rendered, the rest unchanged"
    else:
        how = "all rendered"
    click.echo(f"Built {result.pages} files ({result.articles} articles; {how}) into {result.output} in {result.seconds:.2f} s.")
    if result.unreviewed:
        click.echo(f"{result.unreviewed} article{'s are' if result.unreviewed != 1 else ' is'} waiting for clinical review (`review` lists them; `build --strict` refuses them).")


def _progress_bar(total: int) -> Callable[[str], None] | None:
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return None
    bar = click.progressbar(length=total, label="Writing pages", file=sys.stderr)
    bar.__enter__()
    seen = [0]

    def step(url: str) -> None:
        seen[0] += 1
        if seen[0] <= total:
            bar.update(1)
        if seen[0] == total:
            bar.__exit__(None, None, None)

    return step


@main.command()
@with_config_options
@click.option("--strict", is_flag=True, help="Treat warnings and unreviewed pages as errors (a draft's problems stay warnings).")
@click.option("--drafts", is_flag=True, help="Check the drafts as if published: their problems are errors.")
@click.option("--quiet", is_flag=True, help="Leave warnings out (errors and the count of each are still shown), e.g. in CI.")
@handle_errors
def check(config_file: str | None, content: str | None, base_url: str | None, strict: bool, drafts: bool, quiet: bool) -> None:
    """Validate everything, check every link and the prose of every page, writing nothing."""
    from thaw.build.publish import check as run_check

    config, _ = _load(config_file, base_url, content, None)
    report = run_check(config, strict=strict, drafts=drafts)
    width = max((len(r.article.display) for r in report.prose), default=10)
    readable = max((len(r.readability) for r in report.prose), default=10)
    click.echo(f"{'Page':<{width}}  {'Readability':<{readable}}  Words  Refs  Review")
    for r in report.prose:
        click.echo(f"{r.article.display:<{width}}  {r.readability:<{readable}}  {r.words:5d}  {r.references:4d}  {r.review}")
    _report(report.warnings + report.draft_warnings, quiet)
    for link in report.broken:
        click.echo(f"{link.page}: broken link {link.url} — {link.reason}", err=True)
    result = report.result
    n_warn, n_broken, n_unrev = len(report.warnings) + len(report.draft_warnings), len(report.broken), len(report.unreviewed)
    click.echo(
        f"Checked {result.articles} articles, {result.pages} files and {result.links_checked} internal links in {result.seconds:.2f} s: "
        f"{n_broken} broken link{'s' * (n_broken != 1)}, {n_warn} warning{'s' * (n_warn != 1)}, "
        f"{n_unrev} page{'s' * (n_unrev != 1)} not yet clinically reviewed."
    )
    if report.broken:
        sys.exit(1)


@main.command()
@with_config_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Requests must name localhost or 127.0.0.1 (or this address) in their Host header.")
@click.option("--port", default=8000, show_default=True, type=int)
@handle_errors
def serve(config_file: str | None, content: str | None, base_url: str | None, host: str, port: int) -> None:
    """Run the live-reloading preview server (shows drafts)."""
    from thaw.serve.devserver import serve as run_serve
    from thaw.serve.localserver import stop_on_signals

    config, overrides = _load(config_file, base_url, content, None)
    click.echo(f"Serving {config.content_dir} at http://{host}:{port}{config.base_path} (drafts shown; pages reload on save). Ctrl+C stops.")
    with stop_on_signals():
        run_serve(config, host, port, overrides)
    click.echo("Stopped.")


@main.command()
@with_config_options
@click.option("--output", type=click.Path(file_okay=False), help="Output folder [default: _site/].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Requests must name localhost or 127.0.0.1 (or this address) in their Host header.")
@click.option("--port", default=8000, show_default=True, type=int)
@handle_errors
def preview(config_file: str | None, content: str | None, base_url: str | None, output: str | None, host: str, port: int) -> None:
    """Build, then serve the built folder with a plain static file server."""
    from thaw.serve.localserver import stop_on_signals
    from thaw.build.publish import build as run_build
    from thaw.serve.staticserver import StaticSite

    config, _ = _load(config_file, base_url, content, output)
    result = run_build(config, progress=_progress_bar)
    _report(result.warnings)
    with stop_on_signals():
        server = StaticSite(config.output_dir, config.base_path, host, port, verbose=True)
        click.echo(f"Built {result.pages} files in {result.seconds:.2f} s. Serving {config.output_dir} at {server.url} — Ctrl+C stops.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # Ctrl+C or SIGTERM: a normal way to stop
            click.echo("Stopped.")
        finally:
            server.stop()


@main.command()
@with_config_options
@click.argument("pages", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def translated(config_file: str | None, content: str | None, base_url: str | None, pages: tuple[str, ...]) -> None:
    """Record that each translation in PAGES matches its original as the original is now (run it once the translation
    is brought up to date): until then the page tells readers the original has changed since."""
    from thaw.content.translating import prepare, record
    from thaw.errors import display_path

    config, _ = _load(config_file, base_url, content, None)
    stamps = [prepare(Path(page), config.content_dir, display_path(Path(page))) for page in pages]
    for stamp in stamps:
        done = record(stamp)
        click.echo(f"{display_path(stamp.path)}: {'matches' if done else 'already matched'} {display_path(stamp.original)} as it is now ({stamp.fingerprint})")


@main.command()
@with_config_options
@click.option("--sign", "signed", metavar='"NAME, CREDENTIALS"', help="Record that this clinician has reviewed the PAGES as they are now.")
@click.option("--yes", is_flag=True, help="With --sign: record without asking first.")
@click.option("--packets", "packets", type=click.Path(file_okay=False), default="review-packets", show_default=True, help="Where `review PAGE…` writes the printable packets.")
@click.argument("pages", nargs=-1, type=click.Path(dir_okay=False))
@handle_errors
def review(config_file: str | None, content: str | None, base_url: str | None, signed: str | None, yes: bool, packets: str, pages: tuple[str, ...]) -> None:
    """List the pages waiting for clinical review, most urgent first; `review PAGE…` writes a printable packet of
    each page; `review --sign "Name, Credentials" PAGE…` records a review of the pages as they are now."""
    from thaw.content.signing import prepare, queue, record
    from thaw.errors import display_path
    from thaw.web.app import create_app

    config, _ = _load(config_file, base_url, content, None)
    today = dt.date.today()
    if signed is None:
        app = create_app(config, today=today)
        site = app.extensions["thaw"]
        if pages:
            from thaw.web.packets import write_packets

            by_path = {a.path.resolve(): a for a in site.articles}
            missing = [page for page in pages if Path(page).resolve() not in by_path]
            if missing:
                raise ThawError(f"{missing[0]}: no published page has this path — give the path of a Markdown file under content/ (review with no pages lists them)")
            for path in write_packets(app, [by_path[Path(page).resolve()] for page in pages], Path(packets), today):
                click.echo(f"Wrote {path}: open it in a browser to read or print it.")
            return
        waiting = queue(site.articles)
        for article in waiting:
            when = f" (reviewed {article.review.reviewed_on.isoformat()})" if article.review.reviewed_on else ""
            click.echo(f"{article.display}: {article.review_status.value}{when}")
        click.echo(f"{len(waiting)} of {len(site.articles)} pages need a clinician." if waiting else f"All {len(site.articles)} pages are reviewed and current.")
        return
    if not pages:
        raise ThawError('review --sign: name the pages the clinician reviewed, e.g. review --sign "Name, Credentials" content/causes/grief-and-loss.md')
    signatures = [prepare(Path(page), config.content_dir, display_path(Path(page)), signed, today, config.review_cycle_days) for page in pages]
    for s in signatures:
        who = f"{s.by}, {s.credentials}" if s.credentials else s.by
        click.echo(f"{display_path(s.path)}: reviewed by {who} on {s.reviewed_on.isoformat()}, next review due {s.next_due.isoformat()}, text {s.fingerprint}")
    if not yes and not click.confirm(f"Record {'this review' if len(signatures) == 1 else f'these {len(signatures)} reviews'}?", default=False):
        click.echo("Nothing recorded.")
        return
    for s in signatures:
        record(s, config.content_dir)
    click.echo(f"Recorded {len(signatures)} review{'s' if len(signatures) != 1 else ''}. Any later change to the text shows as \"changed since its clinical review\".")


@main.command()
@click.argument("title")
@click.option("--section", help="Section id [default: the first section].")
@click.option("--slug", help="File name (lower-case-with-hyphens) [default: the title spelt in ASCII].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Practice config file [default: thaw.toml].")
@click.option("--content", type=click.Path(file_okay=False), help="Content folder.")
@handle_errors
def new(title: str, section: str | None, slug: str | None, config_file: str | None, content: str | None) -> None:
    """Create content/<section>/<slug>.md with complete front matter (never overwrites)."""
    from thaw.content.scaffold import new_article

    config, _ = _load(config_file, None, content, None)
    path = new_article(config, title, section, dt.date.today(), slug)
    click.echo(f"Created {path}. It is a draft until you set draft: false.")


@main.command("import")
@click.argument("source", type=click.Path(file_okay=False))
@click.option("--output", required=True, type=click.Path(file_okay=False), help="A new or empty folder for the articles (<section>/<slug>.md, pictures in images/, handouts in files/). Import never overwrites anything and never writes into SOURCE.")
@click.option("--section", help="The section for every page [default: the first section].")
@click.option("--map", "folders", multiple=True, metavar="FOLDER=SECTION", help="Pages under FOLDER (inside SOURCE) go to SECTION; repeat it for each folder; the longest matching folder wins.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Practice config file, for its sections [default: thaw.toml].")
@handle_errors
def import_pages(source: str, output: str, section: str | None, folders: tuple[str, ...], config_file: str | None) -> None:
    """Turn a folder of Markdown from Hugo, Jekyll, MkDocs or Obsidian into Thaw articles.

    \b
    Reads YAML (---) or TOML (+++) front matter, or none (MkDocs: the first # heading is the title).
    title, description/summary, date (or a Jekyll post's file name), lastmod/updated, tags and weight
    become Thaw's fields; a page without a summary gets its first sentence. File names become slugs.
    Relative .md links, [[wikilinks]], Hugo ref/relref and Jekyll post_url point to the new files;
    pictures the pages show are copied into images/, and the handouts they link (.pdf, .txt, .mp3, .m4a, .ogg) into
    files/. Everything else in the text is kept as written.

    Every page is written with draft: true and its review is left empty: imported text has not been
    read by an editor or a clinician, so it is never published until one has (set draft: false, then
    `review --sign`). The report lists, as path:line lines, what needs an editor's hand: summaries to
    write, shortcodes, Liquid tags, raw HTML and links it could not resolve.
    """
    from thaw.migrate.run import Placement, import_folder, parse_map

    config, _ = _load(config_file, None, None, None)
    section_ids = [s.id for s in config.sections]
    result = import_folder(Path(source), Path(output), Placement(section or section_ids[0], parse_map(folders)), section_ids, dt.date.today())
    for problem in result.report:
        click.echo(str(problem))
    _report(result.errors)
    pages, places, bad = len(result.written), len(result.report), len(result.errors)
    needs = f"{places} place{'s need' if places != 1 else ' needs'} an editor's hand" if places else "nothing needs an editor's hand"
    failed = f" {bad} file{'s' if bad != 1 else ''} could not be imported." if bad else ""
    click.echo(f"Imported {pages} page{'s' if pages != 1 else ''} into {output} as drafts ({result.pictures} file{'s' if result.pictures != 1 else ''} copied): {needs}.{failed}")
    if bad:
        sys.exit(1)
