"""The image pipeline: derivatives made once per content hash, in parallel.

Each infographic becomes one :class:`Job`. Its key is a hash of the source
image (or of the chart's figures) and of every setting that changes the
output, so an unchanged infographic is never processed twice: its folder
``CACHE_PATH/infographics/<key>/`` already exists. A job writes into a
temporary folder and renames it into place when complete, so an interrupted
build never leaves a half-made set that looks finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps

from sitelib import ThemeColours, process_pool, write_if_changed

from .chart import render_png
from .data import ChartSpec

logger = logging.getLogger(__name__)

#: Bump when the pipeline's output changes, so old cache entries are not reused.
PIPELINE_VERSION = 2
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
MIME_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    ext: str

    @property
    def name(self) -> str:
        """The file name inside the cache folder."""
        return f"{self.width}.{self.ext}"


def plan_renditions(
    width: int, height: int, source_format: str, widths: Sequence[int]
) -> tuple[Rendition, ...]:
    """Every width below the image's own, plus the image's own, in the
    original format and in WebP. Images are never enlarged."""
    ext = EXTENSIONS[source_format]
    sizes = sorted({w for w in widths if w < width} | {width})
    return tuple(
        Rendition(w, max(1, round(height * w / width)), fmt)
        for w in sizes
        for fmt in (ext, "webp")
    )


@dataclass(frozen=True)
class Job:
    """One infographic's derivatives; picklable, for a worker process."""

    key: str
    folder: str
    renditions: tuple[Rendition, ...]
    title: str
    # Written into the PDF as its creation date: the infographic's own date,
    # not the moment it was made, so the same source gives the same bytes.
    date: datetime
    source: str | None = None
    chart: ChartSpec | None = None
    #: The theme's colours, for drawing a chart.
    colours: ThemeColours = field(default_factory=ThemeColours)
    webp_quality: int = 80
    jpeg_quality: int = 85
    pdf_resolution: int = 150
    make_pdf: bool = True

    @property
    def label(self) -> str:
        return self.source or self.title


def job_key(source_bytes: bytes, job_settings: dict[str, object]) -> str:
    digest = hashlib.sha256(source_bytes)
    digest.update(
        json.dumps(
            {**job_settings, "version": PIPELINE_VERSION}, sort_keys=True
        ).encode()
    )
    return digest.hexdigest()[:32]


def chart_bytes(spec: ChartSpec) -> bytes:
    """What a chart's cache key is made of."""
    return json.dumps(asdict(spec), sort_keys=True).encode()


def _prepare(image: Image.Image) -> Image.Image:
    """Upright, in a mode every output format accepts, with no metadata.

    Only JPEG orientation is applied: it is what cameras and phones write, and
    what ``sitelib.check_image`` reports the displayed size from.
    """
    if image.format == "JPEG":
        image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode == "L" and not has_alpha:
        mode = "L"
    clean = image.convert(mode)
    clean.info = {}
    return clean


def _save(image: Image.Image, path: Path, ext: str, job: Job) -> None:
    if ext == "webp":
        image.save(path, "WEBP", quality=job.webp_quality, method=2)
    elif ext == "jpg":
        image.convert("RGB").save(
            path, "JPEG", quality=job.jpeg_quality, optimize=True, progressive=True
        )
    else:
        image.save(path, "PNG", compress_level=6)


def make_derivatives(job: Job) -> int:
    """Make every file for ``job`` and return how many were written.

    Runs in a worker process: it only reads ``job`` and writes inside
    ``job.folder``.
    """
    final = Path(job.folder)
    if final.is_dir():
        return 0
    work = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        if job.chart is not None:
            source = render_png(job.chart, job.colours)
        else:
            with Image.open(job.source or "") as opened:
                opened.load()
                source = _prepare(opened)
        made = 0
        full = source
        for rendition in sorted(job.renditions, key=lambda r: -r.width):
            if full.width == rendition.width:
                resized = full
            else:
                resized = full.resize(
                    (rendition.width, rendition.height),
                    Image.Resampling.LANCZOS,
                    reducing_gap=3.0,
                )
            _save(resized, work / rendition.name, rendition.ext, job)
            made += 1
        if job.make_pdf:
            full.convert("RGB").save(
                work / "document.pdf",
                "PDF",
                resolution=job.pdf_resolution,
                title=job.title,
                creationDate=job.date.utctimetuple(),
                modDate=job.date.utctimetuple(),
            )
            made += 1
        try:
            work.rename(final)
        except OSError:  # another build finished the same set first
            shutil.rmtree(work, ignore_errors=True)
        return made
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


@dataclass(frozen=True)
class RunResult:
    sets_made: int
    files_made: int
    cached: int
    seconds: float
    failures: tuple[tuple[Job, str], ...]


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    progress_every: int,
    pool_factory: Callable[[int], Executor] = process_pool,
) -> RunResult:
    """Make every job whose folder does not exist yet, in parallel."""
    started = time.perf_counter()
    todo = [job for job in jobs if not Path(job.folder).is_dir()]
    failures: list[tuple[Job, str]] = []
    files = 0
    if len(todo) > progress_every:
        logger.info(
            "Infographics: making derivatives of %d images on %d cores",
            len(todo),
            min(workers, len(todo)),
        )
    pool = None
    if len(todo) > 1 and workers > 1:
        try:
            pool = pool_factory(min(workers, len(todo)))
        except (OSError, NotImplementedError) as exc:
            # e.g. a container without /dev/shm: slower, but still correct.
            logger.warning(
                "Infographics: no process pool (%s); making images one by one", exc
            )
    if pool is None:
        for done, job in enumerate(todo, start=1):
            try:
                files += make_derivatives(job)
            except Exception as exc:
                failures.append((job, _describe(exc)))
            _progress(done, len(todo), progress_every)
    else:
        with pool:
            futures: dict[Future[int], Job] = {
                pool.submit(make_derivatives, job): job for job in todo
            }
            for done, future in enumerate(as_completed(futures), start=1):
                try:
                    files += future.result()
                except Exception as exc:
                    failures.append((futures[future], _describe(exc)))
                _progress(done, len(todo), progress_every)
    return RunResult(
        sets_made=len(todo) - len(failures),
        files_made=files,
        cached=len(jobs) - len(todo),
        seconds=time.perf_counter() - started,
        failures=tuple(failures),
    )


def _progress(done: int, total: int, every: int) -> None:
    if total > every and (done % every == 0 or done == total):
        logger.info("Infographics: %d of %d images done", done, total)


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


def copy_file(source: Path, destination: Path) -> None:
    """Copy a content file (a supplied PDF or CSV) unless already identical."""
    write_if_changed(destination, source.read_bytes())
