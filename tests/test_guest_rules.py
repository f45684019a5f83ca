"""The guest post rules table (guest_posts/rules.py): one source for the
Python checks and the writing form's JSON; the form's script repeats none of
it; the vendored Markdown and sanitiser libraries are the pinned ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

import sitelib
from conftest import ROOT, build_problems, guest_post, guest_problems
from guest_posts import contribution, rules, sanitise
from guest_posts.settings import SETTINGS
from sitelib.settings import options

SCRIPT = ROOT / "theme" / "static" / "js" / "contribute.js"
TEMPLATE = ROOT / "theme" / "templates" / "contribute.html"
VENDORED = {
    "marked": ("lib/marked.umd.js", "marked/marked.umd.js"),
    "dompurify": ("dist/purify.min.js", "dompurify/purify.min.js"),
}
CONFIG = options({}, SETTINGS)


def test_the_checker_reads_the_table() -> None:
    assert {r.name: r.hint for r in rules.FIELD_RULES} == contribution.FIELDS
    assert contribution.REQUIRED == ("title", "date", "summary", "bio")
    assert contribution.MAX_LENGTH == {
        "title": 120,
        "author": 80,
        "summary": 400,
        "bio": 400,
        "role": 80,
        "content-note": 200,
    }
    assert {f.name: f.reason for f in rules.FORBIDDEN_FIELDS} == contribution.FORBIDDEN
    assert set(contribution.FORBIDDEN).isdisjoint(contribution.FIELDS)


@pytest.mark.parametrize(
    "rule", [r for r in rules.FIELD_RULES if r.max_length], ids=lambda r: r.name
)
def test_each_max_length_is_the_limit(rule: rules.FieldRule, tmp_path: Path) -> None:
    at_limit = guest_post(**{rule.label: "a" * rule.max_length})
    over = guest_post(**{rule.label: "a" * (rule.max_length + 1)})
    line = next(
        number
        for number, text in enumerate(over.split("\n"), start=1)
        if text.startswith(rule.label + ":")
    )
    assert not [p for p in guest_problems(at_limit, tmp_path) if rule.label in p]
    assert guest_problems(over, tmp_path) == [
        f"content/guest/a.md: {rule.label} (line {line}): is "
        f"{rule.max_length + 1} characters long. Fix: shorten it to "
        f"{rule.max_length} characters or fewer"
    ]


def test_required_and_forbidden_fields_come_from_the_table(tmp_path: Path) -> None:
    found = guest_problems(guest_post(Summary="", Series="x"), tmp_path)
    assert any(p.startswith("content/guest/a.md: Summary: is missing") for p in found)
    assert any(rules.FORBIDDEN["series"] in p for p in found)


def test_the_status_values_are_the_tables(tmp_path: Path) -> None:
    status = next(r for r in rules.FIELD_RULES if r.name == "status")
    assert status.values == rules.STATUSES
    assert guest_problems(guest_post(Status="hidden"), tmp_path) == [
        "content/guest/a.md: Status (line 6): 'hidden' is not one of draft, "
        "published. Fix: write 'Status: draft' or 'Status: published', or "
        "delete the line"
    ]


def document() -> dict:
    return rules.rules_document(
        anonymous_name="Anonymous contributor",
        max_bytes=100_000,
        slug_substitutions=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"],
    )


def test_the_json_is_the_table() -> None:
    data = document()
    assert [f["name"] for f in data["fields"]] == [r.name for r in rules.FIELD_RULES]
    for field, rule in zip(data["fields"], rules.FIELD_RULES, strict=True):
        assert field["label"] == rule.label
        assert field["max_length"] == rule.max_length
        assert field["required"] == rule.required
        assert field["hint"] == rule.hint
        assert field["values"] == list(rule.values)
    assert data["forbidden"] == contribution.FORBIDDEN
    assert set(data["yes"]) == rules.YES and set(data["no"]) == rules.NO
    assert data["fill_in"] == "FILL IN"
    assert data["messages"] == rules.FORM_MESSAGES
    allow = data["sanitiser"]
    assert set(allow["tags"]) == sanitise.ALLOWED_TAGS
    assert {t: set(a) for t, a in allow["attributes"].items()} == (
        sanitise.ALLOWED_ATTRIBUTES
    )
    assert set(allow["url_schemes"]) == sanitise.URL_SCHEMES
    assert allow["id_prefix"] == sanitise.ID_PREFIX
    json.dumps(data)  # all JSON values


@pytest.mark.parametrize(
    "title", ["My first year on the phones", "  What's next?  A plan -- now! ", "A_b"]
)
def test_the_slug_substitutions_read_the_same_in_javascript_form(title: str) -> None:
    value = title
    for source, target in document()["slug_substitutions"]:
        value = re.sub(source, target, value, flags=re.IGNORECASE)
    assert value.lower().strip() == sitelib.slug(title, {})


def test_the_build_writes_the_json_and_claims_it(mini_site, tmp_path: Path) -> None:
    output = mini_site({"pages/a.md": "Title: A\n\nText.\n"})
    written = json.loads((output / "guest-rules.json").read_text(encoding="utf-8"))
    assert written == document()
    found = build_problems(
        mini_site,
        {"pages/b.md": "Title: B\nSave_as: guest-rules.json\n\nText.\n"},
    )
    assert any("guest-rules.json" in line for line in found), found


def test_no_rules_file_when_switched_off(mini_site) -> None:
    output = mini_site(
        {"pages/a.md": "Title: A\n\nText.\n"}, GUEST_POSTS_RULES_SAVE_AS=""
    )
    assert not (output / "guest-rules.json").exists()


def test_the_script_repeats_no_rule() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"^\s*//.*$", "", script, flags=re.M)
    for rule in rules.FIELD_RULES:
        quoted = (f'"{rule.name}"', f"'{rule.name}'", f'"{rule.label}', rule.hint)
        for text in (*quoted, f"{rule.label}:"):
            assert text not in code, text
        if rule.form_label:
            assert rule.form_label not in code
        if rule.max_length:
            assert not re.search(rf"\b{rule.max_length}\b", code), rule.max_length
    for name in rules.FORBIDDEN:
        assert f'"{name}"' not in code
    for message in rules.FORM_MESSAGES.values():
        assert message[:20] not in code
    assert "FILL IN" not in code and "Anonymous" not in code
    assert "Summary" not in code and '"draft"' not in code


def test_the_template_takes_its_inputs_from_the_table(sample_site: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (sample_site / "contribute.html").read_text(encoding="utf-8"), "html.parser"
    )
    writer = page.select_one("#guest-writer")
    assert writer is not None and writer.has_attr("hidden")
    names = [tag["name"] for tag in writer.select("form [name]")]
    assert names == [r.name for r in rules.FORM_INPUTS] + ["body"]
    for rule in rules.FORM_INPUTS:
        field = writer.select_one(f"#guest-{rule.name}")
        label = writer.select_one(f"label[for=guest-{rule.name}]")
        assert label is not None and label.get_text() == rule.form_label
        assert field["aria-describedby"] == f"guest-{rule.name}-hint"
    assert page.select_one("pre code") is not None  # the copyable template


def test_only_the_write_for_us_page_loads_the_form_scripts(sample_site: Path) -> None:
    loading = sorted(
        path.relative_to(sample_site).as_posix()
        for path in sample_site.rglob("*.html")
        if "contribute.js" in path.read_text(encoding="utf-8")
    )
    assert loading == ["contribute.html"]
    page = (sample_site / "contribute.html").read_text(encoding="utf-8")
    for script in re.findall(r"<script [^>]*src=[^>]*>", page):
        assert " defer" in script, script


def test_the_vendored_libraries_are_the_pinned_ones() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    for name, (installed, vendored) in VENDORED.items():
        version = package["devDependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
        folder = ROOT / "theme" / "static" / "js" / "vendor"
        data = (folder / vendored).read_bytes()
        assert f"{version}".encode() in data[:300], (name, version)
        assert (folder / vendored).parent.joinpath("LICENSE").is_file()
        source = ROOT / "node_modules" / name / installed
        if source.is_file():  # after npm ci
            assert source.read_bytes() == data, name


def test_a_new_post_header_comes_from_the_table() -> None:
    fields = dict(rules.new_post_fields({"title": "Hello", "date": "2026-12-01"}))
    assert list(fields) == [rule.label for rule in rules.FIELD_RULES if rule.form]
    assert fields["Title"] == "Hello" and fields["Date"] == "2026-12-01"
    # Required with nothing given: the writer is told what to write.
    assert fields["Summary"] == "FILL IN: one or two sentences for lists and feeds"
    assert fields["Author"].startswith("FILL IN: your name")
    # The form's own values: unticked, the first status; optional ones empty.
    assert fields["Anonymous"] == "no" and fields["Status"] == "draft"
    assert fields["Role"] == "" and fields["Tags"] == ""
    assert list(fields)[-1] == "Status"


def test_the_scaffold_header_passes_the_checker_once_filled(tmp_path: Path) -> None:
    header = "".join(
        f"{label}: {value}\n"
        for label, value in rules.new_post_fields(
            {
                "title": "A title",
                "author": "Sam Example",
                "date": "2026-12-01",
                "summary": "One sentence.",
                "bio": "Sam writes.",
            }
        )
    )
    assert guest_problems(header + "\nThe text.\n", tmp_path) == []
