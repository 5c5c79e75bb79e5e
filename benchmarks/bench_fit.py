"""Average cost of fitting one name (shape + break options + closed-form fit), in µs.

A realistic mix: Latin names with particles and hyphens, Greek, Cyrillic, Arabic, Hebrew,
Devanagari, Tamil, Bengali, Thai, Chinese, Japanese and Korean, each unique (caches cold).
"""

from __future__ import annotations

import random
import time

from badgepress.fonts import FontBook
from badgepress.layout import load_layout
from badgepress.model import Attendee
from badgepress.plan import Planner

MIX = [
    ("Maria Magdalena", "van der Heijden-Vermeulen"), ("José María", "de la Cruz Fernández"),
    ("Wolfgang", "Tőkés"), ("Nguyễn Thị", "Ánh"), ("Σωκράτης", "Παπαδόπουλος"),
    ("Анна", "Павлова"), ("محمد", "عبد الله الهاشمي"), ("דוד", "כהן"), ("प्रियंका", "क्षत्रिय"),
    ("முத்துலட்சுமி", "சுப்பிரமணியன்"), ("সৌমিত্র", "চট্টোপাধ্যায়"), ("สมชาย", "ใจดี"),
    ("伟", "张"), ("太郎", "山田"), ("민준", "김"), ("Hubert Blaine", "Wolfeschlegelsteinhausen"),
]


def main(n: int = 5000) -> None:
    rnd = random.Random(1)
    planner = Planner(load_layout("a4-90x55-8up"), FontBook())
    spec = next(f for f in planner.layout.fields if f.name == "name")
    people = []
    for i in range(n):
        first, last = rnd.choice(MIX)
        # A unique suffix per name keeps every cache cold for the whole line.
        people.append(Attendee(i + 2, {"first_name": first, "last_name": f"{last}{'x' * (i % 7)}"
                                       f"{i}", "name": ""}))
    planner._fit(spec, "warm up")
    start = time.perf_counter()
    for a in people:
        planner._fit(spec, planner.text_for(spec, a))
    per = (time.perf_counter() - start) / n * 1e6
    print(f"{n} unique names, mixed scripts: {per:.0f} µs per name field fitted")


if __name__ == "__main__":
    main()
