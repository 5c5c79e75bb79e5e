from badgepress.text.linebreak import options


def lines(text, n=2):
    return [o.lines for o in options(text, n)]


def test_particles_stay_with_the_family_name():
    got = lines("Maria Magdalena van der Heijden")
    assert ("Maria Magdalena", "van der Heijden") in got
    assert not any(line.endswith(("van", "der")) for opt in got for line in opt)


def test_template_break_is_preferred_and_costs_nothing():
    opts = {o.lines: o.cost for o in options("José María\nde la Cruz Fernández", 2)}
    assert opts[("José María", "de la Cruz Fernández")] == 0
    assert opts[("José", "María de la Cruz Fernández")] > 0


def test_hyphen_breaks_are_flagged_last_resort():
    opts = options("Ana Nagy-Kovács", 2)
    hy = [o for o in opts if o.hyphen]
    assert [o.lines for o in hy] == [("Ana Nagy-", "Kovács")]


def test_no_break_without_spaces_and_one_line_fields():
    assert lines("张伟") == [("张伟",)]
    assert lines("Ana Li", 1) == [("Ana Li",)]
    assert lines("  Ana \n Li ", 1) == [("Ana Li",)]
    assert options("", 2) == []


def test_three_lines():
    got = lines("A B C", 3)
    assert ("A", "B", "C") in got and len(got) == 1 + 2 + 1
