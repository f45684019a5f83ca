from pathlib import Path


def test_sample_site_has_home_page(sample_site: Path) -> None:
    assert (sample_site / "index.html").is_file()
