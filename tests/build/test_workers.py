"""Rendering in forked workers: each chunk of work is handed out once, and the result is what one process makes."""
from __future__ import annotations

import dataclasses
import os
import pickle

import pytest

import thaw.build.workers
import thaw.catalog.load
from thaw.build.workers import forked_map
import thaw.markdown.render
from thaw.web.app import create_app
from thaw.content.article import Review
from thaw.errors import Problem, ThawError
from thaw.content.links import InternalLink
from thaw.util.pickling import by_fields
from thaw.build.workqueue import MAX_CHUNKS, WorkQueue, chunked

from conftest import TODAY


def test_the_work_queue_hands_out_every_chunk_exactly_once_across_processes() -> None:
    queue = WorkQueue(500)
    children = []
    for _ in range(3):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            taken = b"".join(n.to_bytes(4, "little") for n in queue)
            os.write(write_end, taken)
            os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    mine = list(queue)
    queue.close()
    theirs = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        theirs += [int.from_bytes(data[i : i + 4], "little") for i in range(0, len(data), 4)]
    assert sorted(mine + theirs) == list(range(500))


def test_chunks_cover_the_items_in_order_and_never_overflow_the_queue() -> None:
    items = list(range(100))
    assert [list(c) for c in chunked(items, 30)] == [items[0:30], items[30:60], items[60:90], items[90:]]
    assert len(chunked(list(range(MAX_CHUNKS * 3)), 1)) <= MAX_CHUNKS
    with pytest.raises(ValueError):
        WorkQueue(MAX_CHUNKS + 1)


def test_rendering_in_workers_gives_what_one_process_gives(sample_config, monkeypatch) -> None:
    serial = create_app(sample_config, today=TODAY, map_jobs=forked_map(1)).extensions["thaw"].catalog
    monkeypatch.setattr(thaw.build.workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(thaw.build.workers, "RENDER_CHUNK", 3)  # many small chunks, taken in no fixed order
    parallel = create_app(sample_config, today=TODAY, map_jobs=forked_map(2)).extensions["thaw"].catalog
    assert list(serial.articles) == list(parallel.articles) and len(serial.articles) > 20

    def seen(article) -> tuple:
        return (article.html, article.headings, article.search_terms, article.words, article.link_urls, article.citations, article.url)

    assert [slug for slug, article in serial.articles.items() if seen(article) != seen(parallel.articles[slug])] == []
    assert serial.images == parallel.images and serial.warnings == parallel.warnings


def test_a_failure_in_a_rendering_worker_stops_the_build(sample_config, monkeypatch) -> None:
    real = thaw.catalog.load._run_job

    def failing(job, **named):
        if job.slug == "what-is-numbness":
            raise RuntimeError("the renderer broke")
        return real(job, **named)

    monkeypatch.setattr(thaw.build.workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(thaw.catalog.load, "_run_job", failing)
    with pytest.raises(ThawError, match="rendering failed: RuntimeError: the renderer broke"):
        create_app(sample_config, today=TODAY, map_jobs=forked_map(2))


def test_what_workers_send_back_arrives_whole(sample_config) -> None:
    """Articles and their renderings pickle by their fields (pickling.by_fields): every field survives the trip."""
    catalog = create_app(sample_config, today=TODAY, map_jobs=forked_map(1)).extensions["thaw"].catalog
    article = next(a for a in catalog.articles.values() if a.headings and a.tags and a.references)
    article.link_urls, article.html_text = ("/a/", "/b/"), "<p>x</p>"
    article.review = Review("A. Clinician", "RN", TODAY, TODAY)
    rendered = thaw.markdown.render.Rendered("<p>x</p>", article.headings, (("nice", 3),), 12, ("img/a.png",), (InternalLink("a.md", 2, "a.md", "", ""),), (Problem("f.md", 2, "m", "fix", True),), "calm 20")
    for value in (article, rendered, Problem("f.md", None, "message")):
        copy = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(value)
        assert all(getattr(copy, f.name) == getattr(value, f.name) for f in dataclasses.fields(value))
    with pytest.raises(TypeError, match="every field must be an __init__ argument"):
        by_fields(dataclasses.make_dataclass("Odd", [("a", int), ("b", int, dataclasses.field(init=False, default=0))]))
