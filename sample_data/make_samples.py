"""Write sample_data/attendees.xlsx and attendees.csv (deterministic; run from anywhere).

The xlsx looks like a hand-kept list: a title row, a blank row, the header, the attendees,
then a blank row and one walk-in typed at the bottom. The CSV has the same attendees with the
header on line 1 (the walk-in included, without the blank row).
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
HEADER = ["First Name", "Last Name", "Company", "Job Title", "Ticket Type", "Email", "Pronouns"]

ATTENDEES: list[tuple[str, str, str, str, str, str]] = [
    ("Ada", "Lovelace", "Analytical Engines Ltd", "Chief Mathematician", "Speaker",
     "ada@analytical.example"),
    ("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff", "Philadelphia Typesetting Co.",
     "Compositor", "Attendee", "hubert@typeset.example"),
    ("José María", "de la Cruz Fernández", "Telefónica Investigación y Desarrollo",
     "Ingeniero de Software", "Speaker", "jm.delacruz@tid.example"),
    ("Jan", "van der Berg", "Koninklijke Philips N.V.", "Product Owner", "Attendee",
     "jan.vdberg@philips.example"),
    ("Ludwig", "von Hohenstein", "Internationale Gesellschaft für Zusammenarbeit GmbH",
     "Referent für Digitalisierung", "Sponsor", "l.hohenstein@giz.example"),
    ("Lucia", "di Stefano", "Politecnico di Milano", "Ricercatrice", "Attendee",
     "lucia.distefano@polimi.example"),
    ("Omar", "al-Farsi", "Muscat Data Systems", "CTO", "Sponsor", "omar@mds.example"),
    ("Anwar", "bin Ibrahim", "Petronas Digital", "Data Engineer", "Attendee",
     "anwar.ibrahim@petronas.example"),
    ("Zsófia", "Tőkés-Nagyová", "Slovnaft a.s.", "UX Researcher", "Attendee",
     "zsofia.tokes@slovnaft.example"),
    ("Ánh", "Nguyễn Thị", "VNG Corporation", "Backend Developer", "Speaker",
     "anh.nguyen@vng.example"),
    ("Søren", "Kierkegård", "Novo Nordisk", "Philosopher in Residence", "Attendee",
     "soren@novo.example"),
    ("François", "Lefèvre-Dubois", "Société Générale", "Architecte Cloud", "Attendee",
     "f.lefevre@socgen.example"),
    ("Łukasz", "Żółkiewski", "Allegro", "Staff Engineer", "Speaker",
     "lukasz.zolkiewski@allegro.example"),
    ("Bo", "Li", "Tencent", "SRE", "Attendee", "bo.li@tencent.example"),
    ("Al", "Ng", "", "", "Attendee", "al.ng@example.org"),
    ("Ed", "Wu", "Stripe", "Engineer", "Staff", "ed@stripe.example"),
    ("Σωκράτης", "Παπαδόπουλος", "Πανεπιστήμιο Αθηνών", "Καθηγητής", "Speaker",
     "sokratis@uoa.example"),
    ("Анна", "Павлова", "Яндекс", "Руководитель группы", "Attendee", "anna@yandex.example"),
    ("محمد", "عبد الله", "أرامكو السعودية", "مهندس بيانات", "Attendee",
     "m.abdullah@aramco.example"),
    ("முத்துலட்சுமி", "சுப்பிரமணியன்", "Zoho Corporation", "Software Engineer", "Speaker",
     "muthulakshmi@zoho.example"),
    ("प्रियंका", "क्षत्रिय", "Infosys", "Principal Consultant", "Attendee",
     "priyanka.k@infosys.example"),
    ("伟", "张", "阿里巴巴集团", "高级工程师", "Attendee", "zhang.wei@alibaba.example"),
    ("太郎", "山田", "株式会社メルカリ", "エンジニア", "Sponsor", "taro.yamada@mercari.example"),
    ("민준", "김", "삼성전자", "연구원", "Attendee", "minjun.kim@samsung.example"),
    ("Grace", "Hopper", "United States Navy", "Rear Admiral", "Speaker",
     "grace.hopper@navy.example"),
    ("Margaret", "Hamilton", "Hamilton Technologies, Inc.", "Founder & CEO", "Speaker",
     "margaret@htius.example"),
    ("Katherine", "Johnson", "NASA Langley Research Center", "Research Mathematician",
     "Attendee", "kjohnson@nasa.example"),
    ("Tim", "Berners-Lee", "World Wide Web Consortium (W3C)", "Director", "Sponsor",
     "timbl@w3.example"),
    ("Linus", "Torvalds", "Linux Foundation", "Fellow", "Attendee", "linus@lf.example"),
    ("Guido", "van Rossum", "Microsoft", "Distinguished Engineer", "Speaker",
     "guido@microsoft.example"),
    ("Barbara", "Liskov", "MIT CSAIL", "Institute Professor", "Attendee",
     "liskov@mit.example"),
    ("Radia", "Perlman", "Dell Technologies", "Fellow", "Attendee", "radia@dell.example"),
    ("Dagfinn", "Ødegård", "Equinor ASA", "Lead Geophysicist", "Attendee",
     "dagfinn@equinor.example"),
    ("Íñigo", "Urrutia Etxeberria", "Ikerlan", "Investigador", "Attendee",
     "inigo@ikerlan.example"),
    ("Chidimma", "Okonkwo-Adeyemi", "Flutterwave", "Head of Payments Engineering", "Sponsor",
     "chidimma@flutterwave.example"),
    ("Mette", "Frederiksen", "Danske Bank", "Volunteer", "Staff", "mette@danske.example"),
    ("Jo", "Ho", "Event Crew", "Registration Desk", "Staff", "jo@devconf.example"),
    ("Maximilian Alexander", "Freiherr von und zu Guttenberg-Schönfeld",
     "Bundesministerium für Wirtschaft und Klimaschutz", "Ministerialrat", "Attendee",
     "m.guttenberg@bmwk.example"),
    ("Dolores", "O'Brien-Ó Súilleabháin", "Trinity College Dublin", "Lecturer", "Attendee",
     "dolores@tcd.example"),
]
WALK_IN = ("Sam", "Walker", "", "", "Attendee", "")

#: A few attendees gave their pronouns (the sample event's layout prints them when present).
PRONOUNS = {"Ada": "she/her", "Grace": "she/her", "Guido": "he/him", "Ed": "he/him",
            "Jo": "they/them", "Mette": "she/her", "Søren": "he/him", "Radia": "she/her"}


def _row(attendee: tuple[str, ...]) -> list[str]:
    return [*attendee, PRONOUNS.get(attendee[0], "")]


def write_xlsx(path: Path) -> None:
    """The hand-kept workbook: title, blank row, header, attendees, blank row, walk-in."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Attendees"
    ws.append(["DevConf 2026 — Attendees"])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for attendee in ATTENDEES:
        ws.append(_row(attendee))
    ws.append([])
    ws.append(_row(WALK_IN))
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    wb.save(path)
    _fix_zip_dates(path)


def _fix_zip_dates(path: Path) -> None:
    # openpyxl stamps the current time into the zip entries; rewrite them so the file is
    # byte-for-byte reproducible.
    with zipfile.ZipFile(path) as zin:
        parts = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            zout.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                          compress_type=zipfile.ZIP_DEFLATED)


def write_csv(path: Path) -> None:
    """The same attendees as an export would write them: UTF-8, header on line 1."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows([_row(a) for a in [*ATTENDEES, WALK_IN]])


if __name__ == "__main__":
    write_xlsx(HERE / "attendees.xlsx")
    write_csv(HERE / "attendees.csv")
    print(f"wrote {len(ATTENDEES) + 1} attendees to {HERE}/attendees.xlsx and attendees.csv")
