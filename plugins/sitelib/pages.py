"""Writing a generator's own pages (an index, one page per item)."""

from __future__ import annotations

from typing import Any


def write_page(
    writer: Any, generator: Any, template: str, save_as: str, url: str, **names: Any
) -> None:
    """Write ``save_as`` from the theme's ``template`` with the generator's
    context plus ``names``; links are relative when ``RELATIVE_URLS`` is on."""
    writer.write_file(
        save_as,
        generator.get_template(template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=url,
        **names,
    )
