"""Write a deterministic corpus of N realistic Thaw articles (for benchmarks and scale tests)."""
from __future__ import annotations

import argparse
import random
from pathlib import Path

SECTIONS = ("understanding", "causes", "freeze-response", "therapy", "getting-help", "exercises")
WORDS = (
    "feeling numb often shows up after a long stretch of stress and it can ease slowly with time "
    "support rest and gentle attention to what the body notices during the day people describe it "
    "as a muted world where joy and sadness both seem far away and that is a common human response "
    "to pressure loss or fear rather than a sign that something is wrong with who you are"
).split()
HEADINGS = ("What it can feel like", "Why it happens", "What may help", "Small steps", "When to reach out", "Questions people ask")
REFERENCE_COUNT = 50


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def article(n: int, total: int, rng: random.Random) -> tuple[str, str]:
    section = SECTIONS[n % len(SECTIONS)]
    other = (n * 7 + 3) % total
    other_section = SECTIONS[other % len(SECTIONS)]
    refs = sorted({f"ref-{rng.randrange(REFERENCE_COUNT)}" for _ in range(3)})
    parts = [
        "---",
        f"title: Generated article {n}",
        f"summary: A generated article used to measure how fast Thaw builds ({n}).",
        f"section: {section}",
        f"order: {n}",
        f"tags: [tag-{n % 40}, tag-{(n * 3) % 40}]",
        f"date: 2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "review:",
        "  by:",
        "references: [" + ", ".join(refs) + "]",
        "---",
        "",
        paragraph(rng, 4),
        "",
    ]
    for index, heading in enumerate(HEADINGS):
        parts += [f"## {heading}", "", paragraph(rng) + f" [@{refs[index % len(refs)]}]", ""]
        if index == 1:
            parts += [f"- {sentence(rng)}" for _ in range(5)] + [""]
        if index == 2:
            parts += ["| Step | What to try |", "|---|---|"] + [f"| {i} | {sentence(rng)} |" for i in range(1, 5)] + [""]
        if index == 3:
            parts += [f"See [a related page](../{other_section}/article-{other}.md#why-it-happens) for more.", ""]
        parts += [paragraph(rng, 6), ""]
    return section, "\n".join(parts)


def references() -> str:
    return "".join(
        f"ref-{i}:\n  title: Generated reference {i}\n  publisher: Example Publisher\n  year: {2000 + i % 25}\n  url: https://example.org/ref/{i}\n"
        for i in range(REFERENCE_COUNT)
    )


def generate(folder: Path, total: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "references.yaml").write_text(references(), encoding="utf-8")
    for n in range(total):
        section, text = article(n, total, rng)
        path = folder / section / f"article-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.folder, args.articles, args.seed)
    print(f"Wrote {args.articles} articles to {args.folder}")


if __name__ == "__main__":
    main()
