"""`import`: Markdown from Hugo, Jekyll, MkDocs and Obsidian becomes valid Thaw drafts, with a report of what needs an editor."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from thaw.build.publish import check
from thaw.config.settings import DEFAULT_SECTIONS, Config
from thaw.migrate.run import Placement, import_folder, parse_map
from thaw.errors import ContentError, ThawError

from conftest import TODAY

SECTIONS = [s.id for s in DEFAULT_SECTIONS]
# The smallest PNG: a build checks a picture's bytes against its name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a1b1d4b50000000049454e44ae426082"
)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def run(source: Path, output: Path, default: str = "understanding", **folders: str):
    return import_folder(source, output, Placement(default, folders), SECTIONS, today=TODAY)


# A mixed source: every construct the import knows, from each generator. Line numbers in MIXED_REPORT count in the
# written files: 11 lines of front matter, then the body (an MkDocs title heading moves into the front matter).
MIXED = {
    "hugo/content/posts/toml-post.md": '''
        +++
        title = "Feeling flat in winter"
        date = 2023-01-05T10:00:00+01:00
        lastmod = 2023-02-01
        tags = ["Winter", "mood"]
        draft = true
        description = "Why winter can flatten feelings."
        +++

        Winter days are short.

        See [the other post]({{< ref "yaml-post.md" >}}) and [details]({{< relref "yaml-post.md#details" >}}).

        {{< youtube abc123 >}}
        ''',
    "hugo/content/posts/yaml-post.md": """
        ---
        title: "Numb after news"
        date: 2023-04-05T10:00:00+02:00
        tags: [news]
        ---

        Reading the news can leave you numb. It happens to many people.

        ## Details

        More words here.
        """,
    "jekyll/_posts/2022-03-04-first-steps.md": """
        ---
        layout: post
        title: First steps
        tags: small steps
        ---

        A first small step helps. Take it slowly.
        {% include note.html %}
        Posted on {{ page.date }}.
        Next: [more steps]({% post_url 2022-03-10-more-steps %}).
        """,
    "jekyll/_posts/2022-03-10-more-steps.md": """
        ---
        title: More steps
        description: Keep going, gently.
        ---

        Back to [the first](2022-03-04-first-steps.md).
        """,
    "mkdocs/index.md": """
        # Welcome to the guide

        This guide helps you start. It is short.

        Read [installing](user-guide/install.md#requirements) first.
        ![A screenshot](img/shot.png)

        <div class="note">Raw HTML here</div>
        """,
    "mkdocs/img/shot.png": PNG,
    "mkdocs/user-guide/install.md": """
        # Installing

        Install it with care. Then carry on.

        ## Requirements

        You need a computer. See the [home page](../index.md) and [a missing page](missing.md).
        Download the [guide](../files/guide.pdf).

        ```python
        [not a link](nowhere.md) {{< notashortcode >}} <b>code</b>
        ```
        Use `[[Not a wikilink]]` and `{% raw %}` inline.
        """,
    "obsidian/Café Notes.md": """
        ---
        tags: [mood, "#calm", nested/tag]
        aliases: [Cafe]
        ---

        Some notes about calm. Nothing more.

        Try [[Grounding]] or [[Grounding#Five senses|the five senses]].
        Also [[Nowhere]] and [[#Local bit]].

        ## Local bit

        Text.
        """,
    "obsidian/Grounding.md": """
        ---
        title: Grounding
        description: Small ways to come back to the present.
        ---

        ## Five senses

        Name five things you see, and [[Cafe|the notes]].
        """,
    "bad/broken.md": """
        ---
        title: [unclosed
        ---

        Text.
        """,
    "bad/broken-toml.md": """
        +++
        title = "fine"
        date = not-a-date
        +++

        Text.
        """,
}
MIXED_FOLDERS = {"hugo": "causes", "jekyll": "therapy", "obsidian": "getting-help"}

MIXED_FILES = {
    "causes/toml-post.md": "hugo/content/posts/toml-post.md",
    "causes/yaml-post.md": "hugo/content/posts/yaml-post.md",
    "therapy/first-steps.md": "jekyll/_posts/2022-03-04-first-steps.md",
    "therapy/more-steps.md": "jekyll/_posts/2022-03-10-more-steps.md",
    "understanding/welcome-to-the-guide.md": "mkdocs/index.md",
    "understanding/install.md": "mkdocs/user-guide/install.md",
    "getting-help/cafe-notes.md": "obsidian/Café Notes.md",
    "getting-help/grounding.md": "obsidian/Grounding.md",
}

MIXED_REPORT = [
    ("causes/toml-post.md", 17, "the Hugo shortcode {{< youtube >}}"),
    ("causes/yaml-post.md", 3, "summary"),
    ("getting-help/cafe-notes.md", 3, "summary"),
    ("getting-help/cafe-notes.md", 16, "[[Nowhere]]"),
    ("therapy/first-steps.md", 3, "summary"),
    ("therapy/first-steps.md", 14, "{% include %}"),
    ("therapy/first-steps.md", 15, "{{ page.date }}"),
    ("understanding/install.md", 3, "summary"),
    ("understanding/install.md", 17, '"missing.md"'),
    ("understanding/install.md", 18, '"../files/guide.pdf"'),
    ("understanding/welcome-to-the-guide.md", 3, "summary"),
    ("understanding/welcome-to-the-guide.md", 18, "raw HTML"),
]


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # the report names files as the user sees them from here
    source = write_tree(tmp_path / "old-site", MIXED)
    before = snapshot(source)
    result = run(source, tmp_path / "content", **MIXED_FOLDERS)
    assert snapshot(source) == before, "the import wrote into its source"
    return tmp_path / "content", result


def test_a_mixed_folder_imports_into_content_thaw_checks_and_reports_exactly_what_needs_an_editor(mixed, tmp_path: Path) -> None:
    content, result = mixed
    written = {dest.relative_to(content).as_posix(): src.relative_to(tmp_path / "old-site").as_posix() for src, dest in result.written}
    assert written == MIXED_FILES
    assert (content / "images/mkdocs/img/shot.png").read_bytes() == PNG
    report = [(p.path, p.line) for p in result.report]
    assert report == [(f"content/{path}", line) for path, line, _ in MIXED_REPORT]
    for problem, (_, _, words) in zip(result.report, MIXED_REPORT):
        assert words in problem.message + problem.fix, str(problem)
        assert " — " in str(problem)
    # Bad front matter is reported against the source file, and the other files are still imported.
    assert [(p.path, p.line) for p in result.errors] == [("old-site/bad/broken-toml.md", 3), ("old-site/bad/broken.md", 2)]

    # Thaw checks and builds the result as it stands (every page a draft) with no error…
    config = Config(content_dir=content, output_dir=tmp_path / "_site", base_url="/practice/")
    assert check(config, today=TODAY).broken == []
    from thaw.build.publish import build

    build(config, today=TODAY)
    # … and, published, it fails only on the links the report listed as unresolved: every other link, anchor and
    # picture the import rewrote resolves.
    for path in content.rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false", 1), encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        check(config, today=TODAY)
    errors = sorted({(p.path, p.line) for p in failed.value.problems if not p.warning})
    assert errors == [("content/understanding/install.md", 17), ("content/understanding/install.md", 18)]


def test_mixed_front_matter_is_mapped_to_thaw_fields(mixed) -> None:
    content, _ = mixed
    toml_post = front(content / "causes/toml-post.md")
    assert toml_post == {
        "title": "Feeling flat in winter",
        "summary": "Why winter can flatten feelings.",
        "section": "causes",
        "order": 100,
        "tags": ["winter", "mood"],
        "date": dt.date(2023, 1, 5),
        "updated": dt.date(2023, 2, 1),
        "review": None,
        "draft": True,
    }
    assert front(content / "causes/yaml-post.md")["summary"] == "Reading the news can leave you numb."
    jekyll = front(content / "therapy/first-steps.md")
    assert (jekyll["date"], jekyll["tags"], jekyll["updated"]) == (dt.date(2022, 3, 4), ["small", "steps"], None)
    mkdocs = front(content / "understanding/welcome-to-the-guide.md")
    assert (mkdocs["title"], mkdocs["date"], mkdocs["draft"]) == ("Welcome to the guide", TODAY, True)
    obsidian = front(content / "getting-help/cafe-notes.md")
    assert (obsidian["title"], obsidian["tags"]) == ("Café Notes", ["mood", "calm", "nested-tag"])
    # The review is left empty for a clinician, and every page starts as a draft.
    for path in content.rglob("*.md"):
        assert "\nreview:\n" in path.read_text(encoding="utf-8") and front(path)["draft"] is True


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("causes/toml-post.md", "See [the other post](yaml-post.md) and [details](yaml-post.md#details)."),
        ("therapy/first-steps.md", "Next: [more steps](more-steps.md)."),
        ("therapy/more-steps.md", "Back to [the first](first-steps.md)."),
        ("understanding/welcome-to-the-guide.md", "Read [installing](install.md#requirements) first.\n![A screenshot](../images/mkdocs/img/shot.png)"),
        ("understanding/install.md", "See the [home page](welcome-to-the-guide.md) and [a missing page](missing.md)."),
        ("understanding/install.md", "[not a link](nowhere.md) {{< notashortcode >}} <b>code</b>"),
        ("understanding/install.md", "Use `[[Not a wikilink]]` and `{% raw %}` inline."),
        ("getting-help/cafe-notes.md", "Try [Grounding](grounding.md) or [the five senses](grounding.md#five-senses)."),
        ("getting-help/cafe-notes.md", "Also [[Nowhere]] and [Local bit](#local-bit)."),
        ("getting-help/grounding.md", "Name five things you see, and [the notes](cafe-notes.md)."),
    ],
)
def test_links_are_rewritten_to_the_new_paths_and_the_rest_of_the_body_is_kept(mixed, written: str, expected: str) -> None:
    content, _ = mixed
    assert expected in body(content / written)


def test_the_mkdocs_title_heading_moves_into_the_front_matter_and_nothing_else_changes(mixed) -> None:
    content, _ = mixed
    assert body(content / "understanding/install.md") == textwrap.dedent(MIXED["mkdocs/user-guide/install.md"]).lstrip("\n").replace("# Installing\n", "", 1).replace("](../index.md)", "](welcome-to-the-guide.md)")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Hugo YAML", "---\ntitle: A\ndescription: B.\ndate: 2021-05-06\nlastmod: 2021-06-01T08:00:00Z\nweight: 3\n---\nText.\n",
         {"title": "A", "summary": "B.", "date": dt.date(2021, 5, 6), "updated": dt.date(2021, 6, 1), "order": 3}),
        ("Hugo TOML", '+++\ntitle = "A"\nsummary = "B."\ndate = 2021-05-06\ntags = "one"\n+++\nText.\n',
         {"title": "A", "summary": "B.", "date": dt.date(2021, 5, 6), "tags": ["one"]}),
        ("Jekyll", "---\ntitle: A\nexcerpt: B.\ndate: 2020-01-02 10:00:00 +0100\nlast_modified_at: 2020-02-03\n---\nText.\n",
         {"title": "A", "summary": "B.", "date": dt.date(2020, 1, 2), "updated": dt.date(2020, 2, 3)}),
        ("MkDocs", "# The title {#custom}\n\n!!! note\n    Aside.\n\nFirst sentence here! Second one.\n",
         {"title": "The title", "summary": "First sentence here!", "date": TODAY, "tags": []}),
        ("Obsidian", "---\ntags: [\"#a/b\", C]\naliases: [x]\n---\nA line\nthat wraps. Then more.\n",
         {"title": "Page", "summary": "A line that wraps.", "tags": ["a-b", "c"]}),
        ("updated before date", "---\ntitle: A\ndate: 2021-05-06\nupdated: 2020-01-01\n---\nText.\n",
         {"date": dt.date(2021, 5, 6), "updated": None}),
    ],
)
def test_front_matter_of_each_generator(tmp_path: Path, name: str, text: str, expected: dict) -> None:
    write_tree(tmp_path / "src", {"page.md": text})
    run(tmp_path / "src", tmp_path / "out")
    written = front(tmp_path / "out/understanding/page.md")
    assert {key: written[key] for key in expected} == expected


def test_a_long_first_sentence_is_cut_to_the_summary_limit_and_reported(tmp_path: Path) -> None:
    sentence = "word " * 80
    write_tree(tmp_path / "src", {"long.md": f"# Long\n\n{sentence.strip()}.\n"})
    result = run(tmp_path / "src", tmp_path / "out")
    summary = front(tmp_path / "out/understanding/long.md")["summary"]
    assert len(summary) <= 160 and summary.endswith("…") and summary.startswith("word word")
    assert [p.line for p in result.report] == [3]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Café Notes.md", "cafe-notes"),
        ("_posts/2021-01-02-Hello_World.markdown", "hello-world"),
        ("_posts/2022-03-04-First Steps.md", "first-steps"),
        ("Überblick über Gefühle.md", "uberblick-uber-gefuhle"),
        ("guide/index.md", "the-page-title"),
        ("section/_index.md", "the-page-title"),
        ("UPPER case.MD", "upper-case"),
    ],
)
def test_file_names_become_thaw_slugs(tmp_path: Path, name: str, slug: str) -> None:
    write_tree(tmp_path / "src", {name: "# The page title\n\nText.\n"})
    result = run(tmp_path / "src", tmp_path / "out")
    assert [dest.name for _, dest in result.written] == [f"{slug}.md"]


def test_two_pages_with_one_name_get_two_slugs_and_links_follow_them(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a/notes.md": "# A\n\nSee [b](../b/notes.md).\n", "b/notes.md": "# B\n\nSee [a](../a/notes.md).\n"})
    run(tmp_path / "src", tmp_path / "out")
    assert "See [b](b-notes.md)." in body(tmp_path / "out/understanding/notes.md")
    assert "See [a](notes.md)." in body(tmp_path / "out/understanding/b-notes.md")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{< figure src=\"x.png\" >}}", "the Hugo shortcode {{< figure >}}"),
        ("{{% notice info %}}", "the Hugo shortcode {{% notice %}}"),
        ("{% highlight ruby %}", "the Liquid tag {% highlight %}"),
        ("{{ site.title }}", "the Liquid value {{ site.title }}"),
        ("<!-- more -->", "raw HTML"),
        ("Text with <span>inline</span> HTML.", "raw HTML"),
        ("![[Picture.png]]", "the Obsidian embed ![[Picture.png]]"),
        ("[x]({{< ref \"nowhere.md\" >}})", 'the link "{{< ref "nowhere.md" >}}" points to no imported page'),
        ("[x](/somewhere/else/)", 'the link "/somewhere/else/" points to no imported page'),
        ("[x](other.md#nope)", 'the link "other.md#nope" points to no heading "#nope"'),
        ("[x](#nope)", 'the link "#nope" points to no heading on this page'),
        ("See [@smith2020].", "[@smith2020] is a citation in Thaw"),
        ('!!! note "Remember"', 'an MkDocs admonition (!!! note "Remember")'),
        ("::: mkdocs.plugins.BasePlugin", "a ::: block (::: mkdocs.plugins.BasePlugin) is not Markdown"),
        ('--8<-- "CONTRIBUTING.md"', "an MkDocs snippet include"),
        ("[a link over\ntwo lines](nowhere.md)", 'the link "nowhere.md" points to no imported page'),
        ("[name]: nowhere.md", 'the link "nowhere.md" points to no imported page'),
        ("![x](https://example.org/a.png)", "loads from another site"),
        ("![x](missing.png)", 'the picture "missing.png" does not exist'),
    ],
)
def test_the_report_names_each_construct_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    write_tree(tmp_path / "src", {"page.md": f"---\ntitle: Page\ndescription: Fine.\n---\n\nIntro.\n\n{line}\n", "other.md": "# Other\n\n## Real\n"})
    result = run(tmp_path / "src", tmp_path / "out")
    report = [p for p in result.report if p.path.endswith("page.md")]
    assert [p.line for p in report] == [15], [str(p) for p in result.report]
    assert message in str(report[0])
    assert line in body(tmp_path / "out/understanding/page.md"), "the construct is kept as written"


@pytest.mark.parametrize(
    ("line", "rewritten"),
    [
        ("[a](other.md)", "[a](other.md)"),
        ("[a](./other.md#real 'Title')", "[a](other.md#real 'Title')"),
        ("[a](<other.md>)", "[a](other.md)"),
        ("[a](other)", "[a](other.md)"),
        ("[a](other/)", "[a](other.md)"),
        ("[a](other.md#under_score)", "[a](other.md#under_score)"),  # ids as GitHub and MkDocs make them: _ kept
        ("[a](other.md#Under_Score)", "[a](other.md#under_score)"),
        ("[a](other.html)", "[a](other.md)"),
        ("[a](/other/)", "[a](other.md)"),
        ("[a]: ./other.md#real", "[a]: other.md#real"),
        ("[@someone](other.md)", "[@someone](other.md)"),  # a bracketed @name with an address is a link in Thaw too
        ("[[other]]", "[other](other.md)"),
        ("[[Other#Real]]", "[Other](other.md#real)"),
        ("[[other|see this]]", "[see this](other.md)"),
        ("[a]({{< relref \"/other\" >}})", "[a](other.md)"),
        ("[a]({{% ref other.md %}})", "[a](other.md)"),
        ("[a](https://example.org/x.md)", "[a](https://example.org/x.md)"),
        ("[a](#intro)", "[a](#intro)"),
        ("[a](#Intro)", "[a](#intro)"),
        ("[a](other.md#REAL)", "[a](other.md#real)"),
        ("[a](other.md#Extra_Templates)", "[a](other.md#extra-templates)"),
        ("[[1]](other.md) [[2]](./other.md)", "[[1]](other.md) [[2]](other.md)"),
        ("[a label]: Words that are not a link, in a sentence.", "[a label]: Words that are not a link, in a sentence."),
        ("[a link over\ntwo lines](./other.md)", "[a link over\ntwo lines](other.md)"),
        ("::: region uk\nText.\n:::", "::: region uk\nText.\n:::"),
        ("[a](mailto:x@example.org)", "[a](mailto:x@example.org)"),
    ],
)
def test_resolvable_links_are_rewritten(tmp_path: Path, line: str, rewritten: str) -> None:
    write_tree(tmp_path / "src", {"page.md": f"---\ntitle: Page\ndescription: Fine.\n---\n\n## Intro\n\n{line}\n", "other.md": "# Other\n\n## Real\n\n## Extra templates\n\n## under_score\n"})
    result = run(tmp_path / "src", tmp_path / "out", default="causes")
    assert rewritten in body(tmp_path / "out/causes/page.md")
    assert [str(p) for p in result.report if p.path.endswith("page.md")] == []


def test_sections_come_from_the_longest_matching_folder(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.md": "# A\n\nText.\n", "blog/b.md": "# B\n\nText.\n", "blog/therapy/c.md": "# C\n\nText.\n"})
    result = run(tmp_path / "src", tmp_path / "out", default="causes", blog="understanding", **{"blog/therapy": "therapy"})
    assert sorted(dest.relative_to(tmp_path / "out").as_posix() for _, dest in result.written) == ["causes/a.md", "therapy/c.md", "understanding/b.md"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["blog"], 'the folder mapping "blog" has no "="'),
        (["blog=nowhere"], 'unknown section "nowhere"'),
    ],
)
def test_bad_folder_mappings_are_refused(tmp_path: Path, items: list[str], message: str) -> None:
    write_tree(tmp_path / "src", {"a.md": "# A\n\nText.\n"})
    with pytest.raises(ThawError, match=message):
        import_folder(tmp_path / "src", tmp_path / "out", Placement("causes", parse_map(items)), SECTIONS, today=TODAY)
    assert not (tmp_path / "out").exists()


def test_it_never_overwrites_a_folder_with_files_in_it(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.md": "# A\n\nText.\n"})
    write_tree(tmp_path / "out", {"understanding/a.md": "mine\n"})
    with pytest.raises(ThawError, match="is not empty"):
        run(tmp_path / "src", tmp_path / "out")
    assert (tmp_path / "out/understanding/a.md").read_text() == "mine\n"
    (tmp_path / "empty").mkdir()
    assert len(run(tmp_path / "src", tmp_path / "empty").written) == 1


@pytest.mark.parametrize("inside", ["src", "src/content"])
def test_it_never_writes_into_its_source(tmp_path: Path, inside: str) -> None:
    write_tree(tmp_path / "src", {"a.md": "# A\n\nText.\n"})
    before = snapshot(tmp_path / "src")
    with pytest.raises(ThawError, match="inside the folder being imported"):
        run(tmp_path / "src", tmp_path / inside)
    assert snapshot(tmp_path / "src") == before


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "the folder does not exist"),
        ({"notes.txt": "hello"}, "no Markdown files"),
    ],
)
def test_a_source_without_pages_is_refused(tmp_path: Path, files: dict | None, message: str) -> None:
    if files is not None:
        write_tree(tmp_path / "src", files)
    with pytest.raises(ThawError, match=message):
        run(tmp_path / "src", tmp_path / "out")


def test_an_unreadable_file_is_reported_and_the_others_imported(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"good.md": "# Good\n\nText.\n", "latin1.md": b"# Caf\xe9\n"})
    result = run(tmp_path / "src", tmp_path / "out")
    assert [dest.name for _, dest in result.written] == ["good.md"]
    assert [(Path(p.path).name, p.line, p.message) for p in result.errors] == [("latin1.md", 1, "the file is not UTF-8 text")]


def test_a_linked_handout_is_copied_into_files_and_its_link_rewritten(tmp_path: Path) -> None:
    """EDITING.md: "the handouts they link (.pdf, .txt, .mp3, .m4a, .ogg) into files/"."""
    pdf = b"%PDF-1.4\n%fake but with the right first bytes\n"
    write_tree(tmp_path / "src", {"page.md": "# Page\n\nFine.\n\nThe [intake form](forms/Intake_Form.pdf) and [notes](forms/notes.docx).\n", "forms/Intake_Form.pdf": pdf, "forms/notes.docx": b"PK"})
    result = run(tmp_path / "src", tmp_path / "out", default="causes")
    assert (tmp_path / "out/files/forms/intake-form.pdf").read_bytes() == pdf
    assert "[intake form](../files/forms/intake-form.pdf)" in body(tmp_path / "out/causes/page.md")
    assert result.pictures == 1
    notes = [str(p) for p in result.report if "notes.docx" in str(p)]
    assert len(notes) == 1 and "was not copied" in notes[0] and ".pdf" in notes[0]
