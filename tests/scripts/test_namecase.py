
import pytest

from badgepress.text.namecase import smart_title, upper

TITLE_CASES = [
    # all caps / all lowercase input gets title-cased
    ("JOHN SMITH", "John Smith"),
    ("john smith", "John Smith"),
    ("ANNA LI", "Anna Li"),
    ("MCDONALD", "McDonald"),
    ("ronald mcdonald", "Ronald McDonald"),
    ("ANGUS MACDONALD", "Angus MacDonald"),
    ("MACLEOD", "MacLeod"),
    ("maria macias", "Maria Macias"),
    ("MACHADO", "Machado"),
    ("SEAN O'BRIEN", "Sean O'Brien"),
    ("sean o\u2019brien", "Sean O\u2019Brien"),
    ("MARIO D'ANGELO", "Mario D'Angelo"),
    ("ngũgĩ wa thiong'o", "Ngũgĩ Wa Thiong'o"),
    ("JEAN-LUC PICARD", "Jean-Luc Picard"),
    ("NAGY-KOVÁCS ZSÓFIA", "Nagy-Kovács Zsófia"),
    ("NGUYỄN THỊ ÁNH", "Nguyễn Thị Ánh"),
    ("nguyễn thị ánh", "Nguyễn Thị Ánh"),
    ("LUDWIG VAN BEETHOVEN", "Ludwig van Beethoven"),
    ("pieter van der berg", "Pieter van der Berg"),
    ("VAN DER BERG", "Van der Berg"),
    ("JOSÉ MARÍA DE LA CRUZ FERNÁNDEZ", "José María de la Cruz Fernández"),
    ("MARINE LE PEN", "Marine Le Pen"),
    ("LUIZ INÁCIO LULA DA SILVA", "Luiz Inácio Lula da Silva"),
    ("PABLO RUIZ Y PICASSO", "Pablo Ruiz y Picasso"),
    ("AHMED AL-HASHIMI", "Ahmed al-Hashimi"),
    ("AL-HASHIMI AHMED", "Al-Hashimi Ahmed"),
    ("MOHAMMED BIN SALMAN", "Mohammed bin Salman"),
    ("JOHN SMITH III", "John Smith III"),
    ("DIRK IJSSELMEER", "Dirk IJsselmeer"),
    ("ΟΔΥΣΣΕΑΣ ΠΑΠΑΣ", "Οδυσσεας Παπας"),
    ("ΑΛΈΞΑΝΔΡΟΣ", "Αλέξανδρος"),
    ("ВЛАДИМИР ПЕТРОВ", "Владимир Петров"),
    ("İSMAİL İNAN", "İsmail İnan"),  # Turkish dotted I survives, no stray U+0307
    # mixed-case words and short acronyms are kept in mixed input
    ("iOS", "iOS"),
    ("Anna McKinsey", "Anna McKinsey"),
    ("Pierre DuPont", "Pierre DuPont"),
    ("Ruth MacLeod", "Ruth MacLeod"),
    ("Dick Van Dyke", "Dick Van Dyke"),
    ("Maria IBM", "Maria IBM"),
    ("Works at SAP", "Works At SAP"),
    ("Jean DUPONT", "Jean Dupont"),
    ("Li WU", "Li WU"),
    ("Jean-Luc", "Jean-Luc"),
    # non-cased scripts are unchanged
    ("张伟", "张伟"),
    ("محمد عبد الله", "محمد عبد الله"),
    ("प्रियंका", "प्रियंका"),
    ("山田 TARO", "山田 Taro"),
    # whitespace is preserved
    ("  ANNA   LI ", "  Anna   Li "),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_CASES)
def test_smart_title(text: str, expected: str) -> None:
    assert smart_title(text) == expected


def test_smart_title_is_idempotent() -> None:
    for text, _ in TITLE_CASES:
        once = smart_title(text)
        assert smart_title(once) == once


UPPER_CASES = [
    ("Straße", "STRASSE"),
    ("Zsófia Tőkés", "ZSÓFIA TŐKÉS"),
    ("ﬁona", "FIONA"),
    ("Nguyễn Thị Ánh", "NGUYỄN THỊ ÁNH"),
    ("Άννα Παπαδοπούλου", "ΑΝΝΑ ΠΑΠΑΔΟΠΟΥΛΟΥ"),
    ("Ϊάκωβος", "ΪΑΚΩΒΟΣ"),
    ("Ёлка", "ЁЛКА"),
    ("ǰ", "J̌"),
    ("张伟", "张伟"),
    ("علي", "علي"),
    ("José 123", "JOSÉ 123"),
]


@pytest.mark.parametrize(("text", "expected"), UPPER_CASES)
def test_upper(text: str, expected: str) -> None:
    assert upper(text) == expected
