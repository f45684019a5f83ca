"""What an infographic is, and the checks its metadata must pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pelican.contents import Content

import sitelib
from sitelib import ContentError, ThemeColours, check_image, resolve_inside

from .chart import chart_size
from .data import ChartSpec, DataTable, chart_spec, parse_table
from .images import MIME_TYPES, Job, Rendition, chart_bytes, job_key, plan_renditions
from .settings import Config


class Infographic(Content):
    """One infographic page. Its URL comes from ``INFOGRAPHICS_PAGE_URL``."""

    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "draft", "skip")
    default_status = "published"
    default_template = "infographic"

    def __init__(
        self,
        content: str,
        metadata: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        source_path: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        metadata = dict(metadata or {})
        if "slug" not in metadata and source_path:
            # The file name, not the (long) title: it is what embeds refer to.
            metadata["slug"] = sitelib.slug(Path(source_path).stem, settings or {})
        super().__init__(content, metadata, settings, source_path, context)

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        setting = f"INFOGRAPHICS_PAGE_{key.upper().removeprefix('LANG_')}"
        return str(self.settings[setting]).format(**self.url_format)


@dataclass(frozen=True)
class ImageFile:
    """One file in the output, relative to the site root."""

    url: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Picture:
    """Every rendition of one image, smallest first, per format."""

    original: tuple[ImageFile, ...]
    webp: tuple[ImageFile, ...]

    @property
    def mime(self) -> str:
        return self.original[0].mime

    @property
    def largest(self) -> ImageFile:
        return self.original[-1]

    def fallback(self, max_width: int) -> ImageFile:
        """The largest original-format file no wider than ``max_width``."""
        fitting = [f for f in self.original if f.width <= max_width]
        return fitting[-1] if fitting else self.original[0]


@dataclass(frozen=True)
class Download:
    url: str
    size: int
    kind: str
    #: Cells given a ``'`` so a spreadsheet shows them as text (CSV only).
    formulas: int = 0


@dataclass
class Survey:
    """A gallery: the infographics that share a ``Survey:`` value."""

    name: str
    slug: str
    url: str
    save_as: str
    infographics: list[Any] = field(default_factory=list)

    @property
    def date(self) -> Any:
        return max(info.date for info in self.infographics)


@dataclass(frozen=True)
class Plan:
    """What validation found out about one infographic: the work to do."""

    job: Job
    image_format: str
    table: DataTable | None
    chart: ChartSpec | None
    data_path: Path | None
    pdf_path: Path | None


def _field(content: Content, name: str) -> str:
    value = content.metadata.get(name)
    return str(value).strip() if value is not None else ""


def order_of(content: Content, label: str) -> tuple[int | None, list[ContentError]]:
    raw = _field(content, "order")
    if not raw:
        return None, []
    if raw.isdigit():
        return int(raw), []
    return None, [
        ContentError(
            label, "Order", f"'{raw}' is not a whole number", "e.g. 'Order: 2'"
        )
    ]


def inspect(
    content: Content,
    label: str,
    config: Config,
    content_root: Path,
    cache_root: Path,
    footer: str,
    colours: ThemeColours,
) -> tuple[Plan | None, list[ContentError]]:
    """Check one infographic's metadata and files; plan its derivatives.

    Every problem is returned, not just the first.
    """
    errors: list[ContentError] = []
    source_dir = Path(content.source_path).parent
    if not _field(content, "alt"):
        errors.append(
            ContentError(
                label,
                "Alt",
                "is missing",
                "add 'Alt: …' with a short text alternative for the image",
            )
        )
    if not _field(content, "survey"):
        errors.append(
            ContentError(
                label,
                "Survey",
                "is missing",
                "add 'Survey: …' naming the survey gallery it belongs to",
            )
        )
    errors.extend(order_of(content, label)[1])

    def resolve(name: str, field_name: str) -> Path | None:
        value = _field(content, name)
        if not value:
            return None
        try:
            return resolve_inside(
                content_root, source_dir, value, source=label, field=field_name
            )
        except ContentError as exc:
            errors.append(exc)
            return None

    image_path = resolve("image", "Image")
    data_path = resolve("data", "Data")
    pdf_path = resolve("pdf", "PDF")
    has_image = bool(_field(content, "image"))
    if not has_image and not _field(content, "data"):
        errors.append(
            ContentError(
                label,
                "Image",
                "is missing (and there is no Data to draw a chart from)",
                "add 'Image: file.png', or 'Data: file.csv' to have a chart drawn",
            )
        )
    if has_image and not content._content.strip():
        errors.append(
            ContentError(
                label,
                "body",
                "the long description is empty",
                "write out in words everything the image says, below the metadata",
            )
        )

    image = None
    if image_path is not None:
        try:
            image = check_image(
                image_path,
                source=label,
                field="Image",
                max_pixels=config.max_pixels,
                formats=("PNG", "JPEG"),
            )
        except ContentError as exc:
            errors.append(exc)

    table = None
    chart = None
    if data_path is not None:
        try:
            table = parse_table(_read_text(data_path))
            if not has_image:
                chart = chart_spec(table, content.title, footer)
        except (OSError, ValueError) as exc:
            errors.append(
                ContentError(
                    label,
                    "Data",
                    f"'{_field(content, 'data')}' cannot be used: {_reason(exc)}",
                    "save it as UTF-8 CSV with a header row, e.g. 'Answer,Percent'",
                )
            )

    if pdf_path is not None and not _is_pdf(pdf_path):
        errors.append(
            ContentError(
                label,
                "PDF",
                f"'{_field(content, 'pdf')}' is missing or is not a PDF file",
                "check the file name, or leave 'PDF:' out to have one made",
            )
        )
    if errors:
        return None, errors

    widths = (*config.widths, *config.thumbnail_widths)
    job_settings: dict[str, object] = {
        "widths": sorted(set(widths)),
        "webp": config.webp_quality,
        "jpeg": config.jpeg_quality,
        "pdf": config.pdf_resolution if pdf_path is None else None,
        "title": content.title,
        "date": content.date.isoformat(),
    }
    if chart is not None:
        width, height = chart_size(chart)
        image_format = "PNG"
        job_settings["colours"] = asdict(colours)
        key = job_key(chart_bytes(chart), job_settings)
    else:
        assert image is not None and image_path is not None
        width, height = image.display_size
        image_format = image.format
        key = job_key(image_path.read_bytes(), job_settings)
    job = Job(
        key=key,
        folder=str(cache_root / key),
        renditions=plan_renditions(width, height, image_format, widths),
        title=content.title,
        date=content.date,
        source=str(image_path) if chart is None else None,
        chart=chart,
        colours=colours,
        webp_quality=config.webp_quality,
        jpeg_quality=config.jpeg_quality,
        pdf_resolution=config.pdf_resolution,
        make_pdf=pdf_path is None,
    )
    return Plan(job, image_format, table, chart, data_path, pdf_path), []


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise OSError("the file does not exist")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def output_name(files_path: str, slug: str, rendition: Rendition) -> str:
    return f"{files_path}/{slug}/{slug}-{rendition.width}.{rendition.ext}"


def picture(files_path: str, slug: str, renditions: tuple[Rendition, ...]) -> Picture:
    return picture_named(lambda r: output_name(files_path, slug, r), renditions)


def picture_named(
    name: Callable[[Rendition], str], renditions: tuple[Rendition, ...]
) -> Picture:
    """The ``Picture`` of ``renditions``, each written at ``name(rendition)``."""

    def files(webp: bool) -> tuple[ImageFile, ...]:
        return tuple(
            ImageFile(name(r), r.width, r.height, MIME_TYPES[r.ext])
            for r in sorted(renditions, key=lambda r: r.width)
            if (r.ext == "webp") == webp
        )

    return Picture(files(webp=False), files(webp=True))


def survey_slug(name: str, settings: dict[str, Any]) -> str:
    return sitelib.slug(name, settings)


def sort_key(info: Any) -> tuple[int, Any, str]:
    """Position in a gallery: ``Order`` first, then date, then title."""
    order = info.order if info.order is not None else 10**6
    return (order, info.date, info.title)
