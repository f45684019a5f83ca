"""A seeded synthetic campaign site for the build benchmark.

``make_site(content, posts=N, events=M, infographics=K, seed=S)`` writes
Markdown posts (300–1,200 words) across categories, tags, authors and a few
series, plus pages, events and infographics with real PNGs made with Pillow.
The same arguments always give byte-identical files, so two runs measure the
same site. Authors are numbered placeholders, not invented people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

#: Build time every benchmark build uses ("upcoming" events are relative to it).
BUILD_TIME = "2026-11-22T12:00:00+00:00"

CATEGORIES = (
    "Campaign news",
    "Workers' stories",
    "Service users",
    "Research",
    "Events",
    "Policy",
    "Guest posts",
    "Press",
)
SERIES = (
    "Inside the waiting list",
    "What the survey said",
    "Letters from the front line",
    "Outcome measures explained",
    "Organising at work",
)
TAG_WORDS = (
    "IAPT",
    "NHS",
    "therapy",
    "targets",
    "waiting lists",
    "workload",
    "burnout",
    "outcome measures",
    "CBT",
    "counselling",
    "unions",
    "survey",
    "commissioning",
    "privatisation",
    "wellbeing",
    "training",
    "supervision",
    "data",
    "access",
    "recovery rates",
)
# Plain filler vocabulary: the text carries no claims about anyone.
_VOCABULARY = (
    "service therapy session worker team clinic week people referral waiting "
    "time support care health local report meeting campaign question answer "
    "change practice training listen talk group plan review change record "
    "number measure outcome target data form letter phone online room office "
    "morning evening day year month story voice experience question idea "
    "together better slower faster longer shorter open honest careful simple "
    "real humane clear fair safe kind patient steady quiet busy full empty "
    "write read share ask tell hear meet build start finish keep leave return"
)
WORDS = tuple(_VOCABULARY.split())

IMAGE_SIZE = (1200, 1700)


@dataclass(frozen=True)
class Site:
    """What was written, for the runner to touch and count."""

    content: Path
    posts: tuple[Path, ...]
    events: tuple[Path, ...]
    infographics: tuple[Path, ...]
    images: tuple[Path, ...]


def _sentence(rng: random.Random) -> tuple[str, int]:
    count = rng.randint(6, 18)
    words = [rng.choice(WORDS) for _ in range(count)]
    words[0] = words[0].capitalize()
    if rng.random() < 0.15:
        i = rng.randrange(count)
        words[i] = f"**{words[i]}**"
    elif rng.random() < 0.1:
        i = rng.randrange(count)
        words[i] = f"*{words[i]}*"
    return " ".join(words) + rng.choice(".....?!"), count


def post_body(rng: random.Random, words: int, links: list[str]) -> str:
    """Markdown of about ``words`` words: paragraphs, headings, lists, links."""
    blocks: list[str] = []
    written = 0
    while written < words:
        roll = rng.random()
        if roll < 0.08 and blocks:
            blocks.append("## " + " ".join(rng.choice(WORDS) for _ in range(4)).title())
            written += 4
        elif roll < 0.16:
            items = []
            for _ in range(rng.randint(3, 5)):
                text, count = _sentence(rng)
                items.append(f"- {text}")
                written += count
            blocks.append("\n".join(items))
        elif roll < 0.2:
            text, count = _sentence(rng)
            blocks.append(f"> {text}")
            written += count
        else:
            sentences = []
            for _ in range(rng.randint(3, 7)):
                text, count = _sentence(rng)
                sentences.append(text)
                written += count
            if links and rng.random() < 0.3:
                sentences.append(
                    f"See also [an earlier post]({{filename}}{rng.choice(links)})."
                )
            if rng.random() < 0.1:
                sentences.append("More at [the NHS website](https://www.nhs.uk/).")
            blocks.append(" ".join(sentences))
    return "\n\n".join(blocks) + "\n"


def _post(rng: random.Random, index: int, date: datetime, links: list[str]) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
    tags = rng.sample(TAG_WORDS, rng.randint(1, 4))
    lines = [
        f"Title: {title} {index}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(tags)}",
        f"Author: Bench author {rng.randint(1, 12):02d}",
        f"Summary: {_sentence(rng)[0]}",
    ]
    # One post in twelve belongs to a series.
    if index % 12 == 5:
        lines.append(f"Series: {SERIES[(index // 12) % len(SERIES)]}")
    return "\n".join(lines) + "\n\n" + post_body(rng, rng.randint(300, 1200), links)


def write_posts(content: Path, rng: random.Random, count: int) -> list[Path]:
    folder = content / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2016, 1, 4, 9, 0)
    # Spread the posts over about ten years, one a day at most.
    step = timedelta(minutes=max(60, (10 * 365 * 24 * 60) // max(count, 1)))
    paths = []
    names: list[str] = []
    for index in range(count):
        name = f"post-{index:05d}.md"
        path = folder / name
        path.write_text(
            _post(rng, index, start + index * step, names[-50:]), encoding="utf-8"
        )
        names.append(name)
        paths.append(path)
    return paths


RESPONSE_SENTENCES = (
    "Thank you for writing this.",
    "Our service has the same targets and the same waiting list.",
    "I was a client for a year and nobody explained the questionnaires.",
    "The part about supervision matched my own team exactly.",
    "Could you write more about what commissioners ask for?",
    "We took this to our branch meeting last week.",
    "Some of this is *changing* where I work, slowly.",
    "Please keep publishing the survey figures.",
)


def write_responses(
    content: Path, rng: random.Random, posts: list[Path], per_post: int
) -> list[Path]:
    """``per_post`` approved responses (plugins/responses) to each post, one
    in five a reply, plus one pending response per ten posts."""
    paths = []
    for post in posts:
        meta = dict(
            line.split(": ", 1)
            for line in post.read_text(encoding="utf-8").split("\n\n")[0].splitlines()
        )
        slug = slugify(meta["Title"])
        folder = content / "responses" / slug
        folder.mkdir(parents=True, exist_ok=True)
        posted = datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M")
        names: list[str] = []
        for index in range(per_post + (1 if rng.random() < 0.1 else 0)):
            when = posted + timedelta(hours=3 + 7 * index)
            name = f"{when:%Y-%m-%d-%H%M}-reader-{index}.md"
            reply = f"Reply-To: {names[-1]}\n" if names and index % 5 == 4 else ""
            status = "approved" if index < per_post else "pending"
            text = " ".join(rng.sample(RESPONSE_SENTENCES, 3))
            path = folder / name
            path.write_text(
                f"Name: Reader {index}\nDate: {when:%Y-%m-%d %H:%M}\n"
                f"Status: {status}\n{reply}\n{text}\n",
                encoding="utf-8",
            )
            names.append(name)
            paths.append(path)
    return paths


def slugify(title: str) -> str:
    """The slug Pelican gives a synthetic title (ASCII words, hyphens)."""
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def write_pages(content: Path) -> None:
    folder = content / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for slug, title in (
        ("about", "About us"),
        ("contribute", "Write for us"),
        ("privacy", "Privacy"),
    ):
        (folder / f"{slug}.md").write_text(
            f"Title: {title}\nSlug: {slug}\n\nSynthetic benchmark page.\n\n"
            "## Get involved {#get-involved}\n\nEmail us.\n",
            encoding="utf-8",
        )


def write_events(content: Path, rng: random.Random, count: int) -> list[Path]:
    """Events in the format of plugins/events (issue 4), half of them upcoming."""
    folder = content / "events"
    folder.mkdir(parents=True, exist_ok=True)
    build = datetime.fromisoformat(BUILD_TIME).replace(tzinfo=None)
    paths = []
    for index in range(count):
        start = (build + timedelta(days=7 * (index - count // 2))).replace(
            hour=rng.choice((10, 11, 18, 19)), minute=rng.choice((0, 30))
        )
        lines = [
            f"Title: Benchmark meeting {index}",
            f"Start: {start:%Y-%m-%d %H:%M}",
            f"End: {start + timedelta(hours=2):%Y-%m-%d %H:%M}",
        ]
        if index % 3:
            lines.append(f"Location: Meeting room {index}, Example Street, London")
        else:
            lines.append("Online: https://meet.example.org/benchmark")
        lines += [
            "Booking: Free, no booking",
            "Organiser: Talking Back collective",
            f"Status: {'cancelled' if index % 10 == 9 else 'scheduled'}",
            f"Summary: {_sentence(rng)[0]}",
        ]
        path = folder / f"event-{index:04d}.md"
        path.write_text(
            "\n".join(lines) + "\n\n" + post_body(rng, 120, []), encoding="utf-8"
        )
        paths.append(path)
    return paths


def infographic_png(path: Path, index: int, size: tuple[int, int]) -> None:
    """A simple bar-chart poster: flat colours compress like real infographics."""
    rng = random.Random(index)
    width, height = size
    image = Image.new("RGB", size, (250, 247, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 8), fill=(40, 60, 110))
    bars = 6
    for bar in range(bars):
        top = height // 5 + bar * (height * 3 // 5) // bars
        length = int(width * rng.uniform(0.2, 0.85))
        draw.rectangle(
            (width // 12, top, width // 12 + length, top + height // 14),
            fill=(200, 80 + 20 * bar, 60),
        )
    for line in range(20):
        y = height * 7 // 8 + line * 4
        draw.line((width // 12, y, width * 11 // 12, y), fill=(120, 120, 120))
    image.save(path, format="PNG", optimize=False)


def write_infographics(
    content: Path,
    rng: random.Random,
    count: int,
    image_size: tuple[int, int] = IMAGE_SIZE,
) -> tuple[list[Path], list[Path]]:
    """Infographics in the format of plugins/infographics (issue 5)."""
    folder = content / "infographics"
    folder.mkdir(parents=True, exist_ok=True)
    texts, images = [], []
    for index in range(count):
        image = folder / f"chart-{index:03d}.png"
        infographic_png(image, index, image_size)
        survey = f"Benchmark survey {2019 + index // 5}"
        text = folder / f"chart-{index:03d}.md"
        text.write_text(
            f"Title: Benchmark chart {index}\n"
            f"Date: {2019 + index // 5}-0{1 + index % 5}-15\n"
            f"Survey: {survey}\n"
            f"Image: {image.name}\n"
            f"Alt: Bar chart {index} of six made-up benchmark figures\n"
            f"Order: {1 + index % 5}\n\n" + post_body(rng, 150, []),
            encoding="utf-8",
        )
        texts.append(text)
        images.append(image)
    return texts, images


def make_site(
    content: Path,
    *,
    posts: int,
    events: int = 0,
    infographics: int = 0,
    responses: int = 0,
    seed: int = 8,
    image_size: tuple[int, int] = IMAGE_SIZE,
) -> Site:
    """Write the synthetic site into ``content`` (which should be empty)."""
    rng = random.Random(seed)
    content.mkdir(parents=True, exist_ok=True)
    (content / "images").mkdir(exist_ok=True)
    write_pages(content)
    post_paths = write_posts(content, rng, posts)
    event_paths = write_events(content, rng, events) if events else []
    if responses:
        # Its own random stream: the rest of the site is the same bytes
        # with and without responses.
        write_responses(content, random.Random(seed + 1), post_paths, responses)
    texts, images = (
        write_infographics(content, rng, infographics, image_size)
        if infographics
        else ([], [])
    )
    return Site(
        content, tuple(post_paths), tuple(event_paths), tuple(texts), tuple(images)
    )
