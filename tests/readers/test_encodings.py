"""Legacy code pages: every choice on real-looking names in each code page, and Western
files, however short, that must stay Windows-1252.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_helpers import attendees, notices

from badgepress.errors import InputError
from badgepress.model import Notice
from badgepress.readers import open_attendees
from badgepress.readers._encoding import detect_code_page

NOTICE = ("the file is not UTF-8; read it as {} (check the names, or save it as 'CSV UTF-8' to "
          "avoid this)")
CP1252 = ("the file is not UTF-8; read it as Windows-1252 (check accented letters, or save it "
          "as 'CSV UTF-8' to avoid this)")

RUSSIAN = [("Иван", "Петров", "Газпром"), ("Анна", "Смирнова", "Яндекс"),
           ("Ольга", "Кузнецова", "Сбербанк"), ("Дмитрий", "Ёлкин", "ООО «Ромашка»")]
UKRAINIAN = [("Олена", "Шевченко", "Київстар"), ("Ґражина", "Їжакевич", "ПриватБанк")]
CHINESE = [("伟", "张", "华为"), ("娜", "李", "阿里巴巴"), ("芳", "王", "腾讯"),
           ("秀英", "刘", "中国银行"), ("磊", "欧阳", "小米")]
JAPANESE = [("太郎", "山田", "トヨタ自動車"), ("花子", "佐藤", "ソニー"),
            ("一郎", "鈴木", "任天堂"), ("さくら", "高橋", "ＮＴＴドコモ")]
JAPANESE_KANJI_ONLY = [("太郎", "山田", "東京大学"), ("花子", "佐藤", "日本銀行"),
                       ("健", "渡辺", "三菱商事")]
WESTERN = [("Jürgen", "Groß", "Müller & Söhne"), ("François", "Lefèvre", "Société Générale"),
           ("José", "Muñoz", "Telefónica"), ("Søren", "Kierkegård", "Ørsted"),
           ("Zoë", "Ça", "Café “Œuvre” – €")]


def write(path: Path, rows: list[tuple[str, str, str]], codec: str, sep: str = ",") -> Path:
    lines = [sep.join(("First Name", "Last Name", "Company"))]
    lines += [sep.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(codec))
    return path


def names(path: Path) -> tuple[list[str], list[Notice]]:
    with open_attendees(path) as table:
        records = list(table.records())
    return [a.fields["last_name"] for a in attendees(records)], notices(records)


@pytest.mark.parametrize(
    ("rows", "codec", "label"),
    [(RUSSIAN, "cp1251", "Windows-1251 (Cyrillic)"),
     (UKRAINIAN, "cp1251", "Windows-1251 (Cyrillic)"),
     (CHINESE, "gbk", "GB18030 (Simplified Chinese, GBK)"),
     (CHINESE, "gb18030", "GB18030 (Simplified Chinese, GBK)"),
     (JAPANESE, "cp932", "Shift-JIS (Japanese, Windows-932)"),
     (JAPANESE, "shift_jis", "Shift-JIS (Japanese, Windows-932)"),
     (JAPANESE_KANJI_ONLY, "cp932", "Shift-JIS (Japanese, Windows-932)")],
)
def test_each_code_page_is_read_with_a_notice_naming_it(
    tmp_path: Path, rows: list[tuple[str, str, str]], codec: str, label: str
) -> None:
    path = write(tmp_path / "export.csv", rows, codec, sep=";")
    got, notes = names(path)
    assert got == [r[1] for r in rows]
    assert notes == [Notice(None, NOTICE.format(label))]


@pytest.mark.parametrize("count", [1, 2, 5])
def test_western_files_stay_windows_1252_however_short(tmp_path: Path, count: int) -> None:
    for i, row in enumerate(WESTERN):
        path = write(tmp_path / f"w{i}-{count}.csv", [row] * count, "cp1252")
        got, notes = names(path)
        assert got == [row[1]] * count, row
        assert notes == [Notice(None, CP1252)]


@pytest.mark.parametrize("word", ["Muñoz", "Peña", "Ça", "Müller", "Åsa", "naïve", "€ 20"])
def test_single_western_words(word: str) -> None:
    assert detect_code_page(f"Name\r\n{word}\r\n".encode("cp1252")) == "cp1252"


@pytest.mark.parametrize(
    ("name", "codec"),
    [("Иван Петров", "cp1251"), ("Ёлкин", "cp1251"), ("Шевченко Олена", "cp1251"),
     ("张伟", "gb18030"), ("欧阳娜娜", "gb18030"), ("王秀英", "gb18030"),
     ("山田太郎", "cp932"), ("さくら", "cp932"), ("渡辺健", "cp932")],
)
def test_one_name_is_enough(name: str, codec: str) -> None:
    assert detect_code_page(f"Name\r\n{name}\r\n".encode(codec)) == codec


def test_a_file_no_code_page_decodes(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Name\r\nA\x81\x8d\x8f\x90\x9d\xff\xff\xff\r\n")
    with pytest.raises(InputError) as err:
        names(path)
    assert str(err.value) == (
        f"{path}: the file is not UTF-8, and not Windows-1252, Windows-1251, GB18030 or "
        "Shift-JIS text either; save it as 'CSV UTF-8'"
    )
