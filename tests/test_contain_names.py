"""The template-value rule (issue 23), as properties (Hypothesis; budget in tests/fuzzing.py):
a value filled into a file name from attendee data never names another folder. A value with a
path separator, ``..`` or a NUL is refused; whatever is accepted stays in the template's own
folder, however the values combine (``.{id}`` with id ``.`` would make ``..``).
"""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgepress.model import Attendee
from badgepress.sheet.contain import file_name, name_problem
from badgepress.sheet.template import Template

from .fuzzing import budget, run

#: Templates as layouts write them; none steps out by itself. Each with the folder every
#: name it makes must stay in.
TEMPLATES = {
    "photos/{id}.png": "photos",
    "{id}": "",
    "{a}{b}": "",
    "p/{a}/{b}.jpg": "p",
    ".{id}": "",
    "{a}.{b}": "",
    "x/.{a}/{b}": "x",
    "flags\\{a}.png": "flags",
    "{first_name} {last_name}.png": "",
}
#: Characters that make paths, and some that do not.
values = st.text(alphabet=st.sampled_from(["."] * 4 + ["/", "\\", "\0", "a", " ", "é", "%",
                                                      "2", "e", "~", ":", "\n"]),
                 max_size=8)


def _bad(value: str) -> bool:
    return "/" in value or "\\" in value or ".." in value or "\0" in value


@budget(300)
@given(template=st.sampled_from(sorted(TEMPLATES)), a=values, b=values, ident=values)
def _accepted_names_stay_in_their_folder(template: str, a: str, b: str, ident: str) -> None:
    fields = {"a": a, "b": b, "id": ident, "first_name": a, "last_name": b,
              "name": f"{a} {b}"}
    parsed = Template.parse(template)
    used = [fields[k] for k in parsed.keys] + ([fields["name"]] if "first_name" in parsed.keys
                                                else [])
    try:
        name = file_name(parsed, Attendee(2, fields))
    except ValueError as exc:
        message = str(exc)
        assert "\n" not in message.strip() or "\\n" in repr(message)
        assert len(message) < 600
        return
    assert not any(_bad(v) for v in used), (template, used)
    assert name_problem(name) is None
    folder = TEMPLATES[template]
    where = posixpath.normpath(posixpath.join("/root", folder, "_"))[: -len("/_")] or "/"
    landed = posixpath.normpath(posixpath.join("/root", name.replace("\\", "/")))
    # The name lands in the template's folder, below it, never beside or above it; and it
    # has as many folders as the template.
    assert landed.startswith(where + "/"), (template, name, landed)
    assert name.replace("\\", "/").count("/") == template.replace("\\", "/").count("/")


def test_accepted_names_stay_in_their_folder() -> None:
    run(_accepted_names_stay_in_their_folder)


@budget(200)
@given(prefix=values, suffix=values, bad=st.sampled_from(["/", "\\", "..", "\0"]))
def _a_value_with_a_separator_or_dots_is_refused(prefix: str, suffix: str, bad: str) -> None:
    value = prefix + bad + suffix
    with pytest.raises(ValueError, match=r"\{id\} is .*: a value that names a file may not "
                       r"hold /, \\ or \.\."):
        file_name(Template.parse("photos/{id}.png"), Attendee(2, {"id": value}))


def test_a_value_with_a_separator_or_dots_is_refused() -> None:
    run(_a_value_with_a_separator_or_dots_is_refused)


@pytest.mark.parametrize(("template", "value"), [
    ("photos/{id}.png", "../../../../srv/private/secret"),
    ("photos/{id}.png", "a/b"),
    ("{id}", ".."),
    ("{id}", "."),
    (".{id}", "."),
    ("photos/{id}", "x" * 300),
    ("photos/{id}", "\udcff\ud800"),
])
def test_examples_of_names_that_are_refused(template: str, value: str) -> None:
    with pytest.raises(ValueError) as info:
        file_name(Template.parse(template), Attendee(2, {"id": value}))
    assert "\n" not in str(info.value) and len(str(info.value)) < 400


def test_ordinary_values_make_ordinary_names() -> None:
    for value in ("A-1", "Zoë Ødegård", "%2e%2e", "a.b", ".hidden", "~", "C:x"):
        assert file_name(Template.parse("photos/{id}.png"),
                         Attendee(2, {"id": value})) == f"photos/{value}.png"
