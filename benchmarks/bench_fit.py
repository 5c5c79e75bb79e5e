"""Average cost of fitting one name field (shape + break options + closed-form fit), in µs.

A realistic mix: Latin names with particles and hyphens, Vietnamese, Greek, Cyrillic, Arabic,
Hebrew, Devanagari, Tamil, Bengali, Thai, Chinese, Japanese and Korean, each name unique so
that no per-name cache helps. Fonts, HarfBuzz shape plans and glyph extents are per-run state
(loaded once, shared by every badge), so they are warmed up before timing, as in a real run.

Four ways of making the names unique are timed:

- ``script``: the family name gets a few extra letters of its own script (``Павлова`` ->
  ``Павловаквр``), so every name stays in one script and direction, like real names.
- ``latin`` (the original benchmark): ``x`` repeated and a decimal number appended
  (``عبد الله الهاشميxxx123``), which makes every non-Latin name mixed-script and, for Arabic
  and Hebrew, mixed-direction: a harsher, less realistic load.
- ``list``: the mostly Latin names of ``bench_build.py`` (particles, hyphens, accents), as a
  European or American event's list has them.
- ``world``: the realistic international list. Common given and family names of each of 13
  scripts (``WORLD``), combined into unique full names whose words recur, as on a real list
  (run-wide word caches help here, as they would at a real event; the per-name fit cache does
  not, since every full name is unique).

``script`` is the harshest realistic load: every family name is a word never seen before.

Usage: ``python benchmarks/bench_fit.py [N] [--repeat R] [--mode M] [--after K]``: prints the
best of R runs per mode, each in a fresh process so that no cache survives from one run to the
next. ``--after K`` times names K+1 to K+N of a list (the run-wide word and line caches as
they are deeper into a long list).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time

from badgepress.model import Attendee
from badgepress.plan.planner import Planner
from badgepress.press.run import _batch_gc
from badgepress.sheet.layout import load_layout
from badgepress.text.fonts import FontBook
from badgepress.text.spaces import space_is_inert

#: (first name, family name, letters of the same script to make the family name unique)
MIX = [
    ("Maria Magdalena", "van der Heijden-Vermeulen", "abdeiklmnorstu"),
    ("José María", "de la Cruz Fernández", "abdeiklmnorstu"),
    ("Wolfgang", "Tőkés", "abdeiklmnorstuöő"), ("Nguyễn Thị", "Ánh", "abdghiklmnostuăâêôơư"),
    ("Σωκράτης", "Παπαδόπουλος", "αβγδεικλμνοπρστ"), ("Анна", "Павлова", "абвгдеиклмнопрст"),
    ("محمد", "عبد الله الهاشمي", "بتدرسعفقكلمنهوي"), ("דוד", "כהן", "אבגדהולמנסרשת"),
    ("प्रियंका", "क्षत्रिय", "कखगचजटडतदनपबमयरलवसह"),
    ("முத்துலட்சுமி", "சுப்பிரமணியன்", "கசடதநபமயரலவழளறன"),
    ("সৌমিত্র", "চট্টোপাধ্যায়", "কখগচজটডতদনপবমযরলসহ"),
    ("สมชาย", "ใจดี", "กขคงจชดตทนบปพมยรลวสหอ"), ("伟", "张", "明华国建文军平志芳娜敏静丽强磊洋"),
    ("太郎", "山田", "一二三子美和花郎太田中川本村"), ("민준", "김", "민준서연지우현수영진"),
    ("Hubert Blaine", "Wolfeschlegelsteinhausen", "abdeiklmnorstu"),
]


#: ``world``: common given and family names per script; full names are drawn (unique) from
#: given name + optional second given name + family name, so that, as on a real list, full
#: names are unique but their words recur.
WORLD = [
    ("Maria Anna Peter Thomas Laura Sophie Jan Lucas Elena Marco Julia David",
     "Müller|García|Rossi|Dubois|van der Berg|Nowak|Jansen|de la Cruz|Silva|Novák|Kowalski|"
     "Fernández-López"),
    ("Thị_Ánh Văn_Hùng Minh_Anh Thu_Hà Quốc_Bảo Ngọc_Lan Đức_Minh Thanh_Hương Hải_Yến "
     "Tuấn_Anh Phương_Linh Bảo_Châu", "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ"),
    ("Γιώργος Μαρία Νίκος Ελένη Κώστας Σοφία Δημήτρης Αικατερίνη Γιάννης Άννα Παναγιώτης "
     "Βασιλική", "Παπαδόπουλος|Παπαδοπούλου|Γεωργίου|Οικονόμου|Νικολάου|Καραγιάννης|Βασιλείου|"
     "Δημητρίου|Ιωάννου|Αθανασίου|Μακρής|Αντωνίου"),
    ("Анна Иван Мария Дмитрий Елена Сергей Ольга Алексей Наталья Андрей Татьяна Михаил",
     "Иванов|Смирнова|Кузнецов|Попова|Соколов|Лебедева|Козлов|Новикова|Морозов|Петрова|Волков|"
     "Соловьёва"),
    ("محمد أحمد فاطمة علي مريم عمر خالد نور يوسف سارة حسن ليلى",
     "الهاشمي|عبد الله|الأحمد|الخطيب|المصري|الحسيني|النجار|الشامي|العلي|القحطاني|بن سلمان|"
     "الزهراني"),
    ("דוד שרה יוסף רחל משה מרים אברהם לאה יעקב רבקה נועה איתן",
     "כהן|לוי|מזרחי|פרץ|ביטון|דהן|אברהם|פרידמן|אזולאי|כץ|יוסף|גבאי"),
    ("प्रियंका राहुल अनीता सुनील पूजा अमित नेहा विकास सुनीता राजेश कविता अर्जुन",
     "शर्मा|वर्मा|क्षत्रिय|गुप्ता|सिंह|पटेल|मिश्रा|यादव|जोशी|चौधरी|श्रीवास्तव|त्रिपाठी"),
    ("முத்துலட்சுமி ராஜா கார்த்திக் பிரியா சுரேஷ் லட்சுமி அருண் மீனா விஜய் கவிதா செல்வம் தேவி",
     "சுப்பிரமணியன்|ராமசாமி|கிருஷ்ணன்|வேலு|முருகன்|சுந்தரம்|நாராயணன்|பாலசுப்பிரமணியம்|ஆறுமுகம்|"
     "கணேசன்|ரவி|சேகர்"),
    ("সৌমিত্র অমিত রুমা সুমন প্রিয়াঙ্কা দেবাশীষ মৌসুমী রাজীব শ্রাবন্তী অনির্বাণ তনুশ্রী সুদীপ",
     "চট্টোপাধ্যায়|বন্দ্যোপাধ্যায়|মুখোপাধ্যায়|দাস|সেন|বসু|ঘোষ|রায়|দত্ত|মিত্র|সরকার|চক্রবর্তী"),
    ("สมชาย สมศรี วิชัย มาลี ประเสริฐ สุดา ธนพล กาญจนา อนุชา พิมพ์ใจ ณัฐพล ศิริพร",
     "ใจดี|ศรีสุข|วงศ์สวัสดิ์|แก้วมณี|บุญมา|สุขสวัสดิ์|ทองดี|รัตนพันธ์|จันทร์เพ็ญ|ศักดิ์สิทธิ์|พงษ์ไพบูลย์|"
     "มีสุข"),
    ("伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 艳", "张|王|李|刘|陈|杨|黄|赵|吴|周|徐|孙"),
    ("太郎 花子 翔太 さくら 健 陽菜 大輔 美咲 蓮 結衣 拓也 愛",
     "山田|佐藤|鈴木|高橋|田中|伊藤|渡辺|中村|小林|加藤|吉田|山本"),
    ("민준 서연 지훈 수빈 현우 지은 도윤 하은 준호 유진 성민 예린",
     "김|이|박|최|정|강|조|윤|장|임|한|오"),
]


def _digits(i: int, alphabet: str) -> str:
    """``i`` written in base ``len(alphabet)`` with ``alphabet`` as digits (at least one)."""
    out = ""
    while True:
        i, d = divmod(i, len(alphabet))
        out = alphabet[d] + out
        if i == 0:
            return out


def people(n: int, mode: str) -> list[Attendee]:
    """``n`` attendees drawn from ``MIX``, each name unique (see the module docstring)."""
    rnd = random.Random(1)
    out = []
    if mode == "list":
        from bench_build import person  # the Latin names of the build benchmark

        seen: set[tuple[str, str]] = set()
        while len(out) < n:
            first, last = person(rnd)
            if (first, last) not in seen:
                seen.add((first, last))
                out.append(Attendee(len(out) + 2, {"first_name": first, "last_name": last,
                                                   "name": ""}))
        return out
    if mode == "world":
        seen = set()
        while len(out) < n:
            given, family = rnd.choice(WORLD)
            names = [g.replace("_", " ") for g in given.split()]
            first = rnd.choice(names)
            if rnd.random() < 0.3:
                first += " " + rnd.choice(names)
            last = rnd.choice(family.split("|"))
            if (first, last) not in seen:
                seen.add((first, last))
                out.append(Attendee(len(out) + 2, {"first_name": first, "last_name": last,
                                                   "name": ""}))
        return out
    for i in range(n):
        first, last, letters = rnd.choice(MIX)
        suffix = _digits(i, letters) if mode == "script" else f"{'x' * (i % 7)}{i}"
        out.append(Attendee(i + 2, {"first_name": first, "last_name": last + suffix,
                                    "name": ""}))
    return out


def run(n: int, mode: str, after: int = 0) -> float:
    """Mean µs per name field fitted, for a fresh planner of ``n`` names (that come after
    ``after`` names fitted untimed: the run-wide word and line caches warm, as deeper into a
    long list).
    """
    planner = Planner(load_layout("a4-90x55-8up"), FontBook())
    spec = next(f for f in planner.layout.fields if f.name == "name")
    # Per-run state: every font of the mix loaded, shape plans and glyph extents warm.
    for first, last, _ in MIX:
        planner._fit(spec, f"{last} {first}")
    # ... and which fonts' spaces are inert (words.py), asked once per font and run.
    for font in planner.chains["name"].book.loaded():
        space_is_inert(font.face.path, font.face.index)
    todo = [planner.text_for(spec, a) for a in people(after + n, mode)]
    for text in todo[:after]:
        planner._fit(spec, text)
    todo = todo[after:]
    with _batch_gc():  # the garbage collector as a build sets it
        start = time.perf_counter()
        for text in todo:
            planner._fit(spec, text)
        return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mode", choices=["world", "script", "latin", "list", "all"],
                        default="all")
    parser.add_argument("--after", type=int, default=0,
                        help="fit this many names untimed first (deeper into a long list)")
    parser.add_argument("--once", action="store_true", help="one run here; print µs only")
    args = parser.parse_args()
    if args.once:
        print(run(args.n, args.mode, args.after))
        return
    for mode in ["world", "script", "latin", "list"] if args.mode == "all" else [args.mode]:
        times = [float(subprocess.run(
            [sys.executable, __file__, str(args.n), "--mode", mode, "--once", "--after",
             str(args.after)],
            check=True, capture_output=True, text=True).stdout) for _ in range(args.repeat)]
        what = {"list": "Latin names of bench_build",
                "world": "names in 13 scripts, words recurring"}.get(
            mode, f"names in mixed scripts, {mode} suffixes")
        deeper = f" after {args.after}" if args.after else ""
        print(f"{args.n} unique {what}{deeper}: "
              f"{min(times):.0f} µs per name field fitted (runs: "
              f"{', '.join(f'{t:.0f}' for t in times)})")


if __name__ == "__main__":
    main()
