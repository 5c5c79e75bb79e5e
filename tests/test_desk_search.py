"""The desk's search: accent- and case-insensitive, any script, scanner codes found exactly."""

from __future__ import annotations

import pytest

from badgepress.web.store.index import SearchIndex, entry, spellings

PEOPLE = [
    {"first_name": "Zoë", "last_name": "Lambert", "company": "ACME", "id": "T-1001",
     "email": "zoe@example.org"},
    {"first_name": "Jürgen", "last_name": "Müller", "company": "Siemens AG", "id": "T-1002"},
    {"first_name": "María", "last_name": "López García", "company": "Telefónica", "id": "T-1003"},
    {"first_name": "Łukasz", "last_name": "Żółkiewski", "company": "Allegro", "id": "T-1004"},
    {"first_name": "Σωκράτης", "last_name": "Παπαδόπουλος", "company": "OTE", "id": "T-1005"},
    {"first_name": "美咲", "last_name": "佐藤", "company": "ソニー", "id": "T-1006"},
    {"first_name": "Ana", "last_name": "Lopez", "company": "Garcia Partners", "id": "T-1007"},
    {"first_name": "Anabel", "last_name": "Zoellner", "company": "", "id": "T-10010"},
]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(entry(i, {k: v for k, v in p.items()}) for i, p in enumerate(PEOPLE))


@pytest.mark.parametrize(("query", "first"), [
    ("zoe", 0), ("ZOË", 0), ("muller", 1), ("Müller", 1), ("lopez garcia", 2),
    ("lukasz", 3), ("zolkiewski", 3), ("σωκρατης", 4), ("ΣΩΚΡΆΤΗΣ", 4), ("佐藤", 5),
    ("ソニー", 5), ("siemens", 1),
])
def test_typed_letters_find_the_attendee_first(index: SearchIndex, query: str,
                                               first: int) -> None:
    hits = index.search(query)
    assert hits and hits[0].key == first, (query, hits)


def test_every_word_must_match_and_word_starts_rank_first(index: SearchIndex) -> None:
    assert [h.key for h in index.search("lopez garcia")] == [2, 6]
    assert index.search("lopez nobody") == []
    # "ana" starts a word of Ana Lopez and of Anabel; it is inside no other name.
    assert [h.key for h in index.search("ana")] == [6, 7]


def test_a_scanned_code_finds_exactly_one_attendee(index: SearchIndex) -> None:
    assert [(h.key, h.exact) for h in index.search("T-1001")] == [(0, True)]
    # T-1001 is a prefix of T-10010: the scanner's whole code must not find both.
    assert [(h.key, h.exact) for h in index.search("t-10010")] == [(7, True)]
    assert [(h.key, h.exact) for h in index.search("zoe@example.org")] == [(0, True)]


def test_entries_are_replaced_and_removed(index: SearchIndex) -> None:
    index.put(entry(0, {"first_name": "Zoe", "last_name": "Lambert-Ng", "id": "T-1001"}))
    assert [h.key for h in index.search("lambert-ng")] == [0]
    index.remove(0)
    assert index.search("lambert") == []
    assert len(index) == len(PEOPLE) - 1


def test_an_empty_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("   ") == []


@pytest.mark.parametrize(("word", "spelled"), [
    ("Смирнов", ("smirnov",)), ("Андрей", ("andrei", "andrey")), ("Наталья", ("natalya",)),
    ("Παπαδόπουλος", ("papadopoulos",)), ("Ευάγγελος", ("evangelos",)),
    ("Ελευθέριος", ("eleftherios",)), ("Μπακογιάννης", ("bakogiannis",)),
    ("Müller", ("mueller",)), ("Søren", ("soeren",)), ("Ærø", ("aeroe",)),
    ("Straße", ()), ("Zoë", ()), ("plain", ()),
])
def test_other_spellings_of_a_word(word: str, spelled: tuple[str, ...]) -> None:
    assert spellings(word) == spelled


def test_latin_letters_find_other_scripts_and_umlauts_spelled_out(index: SearchIndex) -> None:
    assert [h.key for h in index.search("sokratis papadopoulos")] == [4]
    assert [h.key for h in index.search("juergen mueller")] == [1]
    assert [h.key for h in index.search("zuoteng")] == [5]  # CJK: anyascii's pinyin
    people = SearchIndex([entry(1, {"name": "Иван Смирнов"}), entry(2, {"name": "Ivan Smirnov"}),
                          entry(3, {"name": "Hans Mueller"})])
    assert [h.key for h in people.search("smirnov")] == [1, 2]
    assert {h.key for h in people.search("Смирнов")} == {1, 2}  # the other way round too
    assert [h.key for h in people.search("Müller")] == [3]


def test_a_page_counts_every_match_once_and_pages_do_not_overlap() -> None:
    people = SearchIndex(entry(i, {"name": f"Anna{i:03} {'Müller' if i % 2 else 'Mueller'}"})
                         for i in range(130))
    for query in ("a", "mueller", "müller", "anna mu"):
        whole = people.page(query, 200)
        pages = [people.page(query, 50, offset) for offset in (0, 50, 100)]
        assert {p.total for p in pages} == {whole.total}
        assert [h.key for p in pages for h in p.hits] == [h.key for h in whole.hits]
    assert people.page("mueller", 10).total == 130
    assert people.page("müller", 10).total == 130  # Müller and Mueller, each once
    only = people.page("anna", 5, among={3, 7, 9})
    assert only.total == 3 and [h.key for h in only.hits] == [3, 7, 9]
