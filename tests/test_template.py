import pytest

from badgepress.model import Attendee
from badgepress.sheet.template import Template


def a(**fields):
    return Attendee(2, fields)


@pytest.mark.parametrize(("template", "fields", "expected"), [
    ("{first_name}\n{last_name}", {"first_name": "Ana", "last_name": "Li"}, "Ana\nLi"),
    ("{first_name}\n{last_name}", {"name": "Ana Li"}, "Ana Li"),
    ("{first_name}\n{last_name}", {"first_name": "伟", "last_name": "张", "name": "张伟"}, "张伟"),
    ("{first_name}\n{last_name}", {"first_name": "민준", "last_name": "김"}, "김민준"),
    ("{first_name}\n{last_name}", {"first_name": "さくら", "last_name": "佐々木"}, "佐々木さくら"),
    ("{first_name}\n{last_name}", {"first_name": "幸子", "last_name": "〆木"}, "〆木幸子"),
    ("{first_name}\n{last_name}", {"first_name": "Ana", "last_name": ""}, "Ana"),
    ("{company}", {}, ""),
    ("{Ticket Type}: {{VIP}}", {"Ticket Type": "Speaker"}, "Speaker: {VIP}"),
    ("  {name}  ", {"name": "Ana   Li"}, "Ana Li"),
])
def test_render(template, fields, expected):
    assert Template.parse(template).render(a(**fields)) == expected


def test_keys_and_bad_braces():
    assert Template.parse("{first_name} {Ticket Type}").keys == ("first_name", "Ticket Type")
    with pytest.raises(ValueError, match="unbalanced brace"):
        Template.parse("{name")
