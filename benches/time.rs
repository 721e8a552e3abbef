//! Time-expression throughput: `cargo bench --bench time`.
//!
//! `cargo bench --bench time -- --real` reads real news text instead: every
//! `.txt` page under `../shared/realnews` and `../shared/seeds`, Arabic and
//! English apart (by the share of Arabic letters), each joined into one text
//! of about 10 MB (pages repeated, a blank line between them), and times
//! [`TimeGrammar::find_in_text`], what `crosscheck time` runs, on one thread
//! and on two: MB/s, best of three runs.
//!
//! Builds a large Arabic news text (over 5 MB) from sentence templates with
//! dates, weekdays, relative words and plain filler, varied by a fixed
//! pseudo-random sequence so every run reads the same text; normalizes it
//! sentence by sentence (timed apart), then runs `TimeGrammar::find` over each
//! sentence and prints MB/s and how many expressions were found. No external
//! data: everything is generated here.

/// The allocator the `crosscheck` binary uses, so that the figures are its.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

use std::time::Instant;

use crosscheck::normalize::normalize;
use crosscheck::time::{Direction, NaiveDate, TimeGrammar};

const TARGET_BYTES: usize = 6 * 1024 * 1024;

const MONTHS: [&str; 14] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني/نوفمبر",
    "ديسمبر",
    "كانون الثاني",
    "شباط",
];
const WEEKDAYS: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];
const RELATIVE: [&str; 8] = [
    "أمس",
    "اليوم",
    "غدا",
    "الأسبوع الماضي",
    "الشهر المقبل",
    "العام الماضي",
    "قبل ثلاثة أيام",
    "منذ أسبوعين",
];
const SUBJECTS: [&str; 6] = [
    "وزير الخارجية",
    "رئيس الوزراء",
    "المتحدث باسم الجيش",
    "وفد من الأمم المتحدة",
    "البنك المركزي",
    "مجلس النواب",
];
const FILLER: [&str; 5] = [
    "وأكد أن المحادثات ستتواصل رغم الخلافات القائمة بين الطرفين حول عدد من الملفات.",
    "وقال مصدر مطلع إن الاجتماع تناول سبل تعزيز التعاون الاقتصادي والأمني في المنطقة.",
    "ولم يصدر أي تعليق رسمي على هذه التصريحات حتى ساعة إعداد هذا التقرير.",
    "وأشار البيان إلى أن نحو 2,500 شخص شاركوا في الفعالية التي أقيمت في العاصمة.",
    "وتأتي هذه الخطوة في إطار جهود دولية أوسع لاحتواء الأزمة الإنسانية المتفاقمة.",
];

/// A small linear congruential generator: a fixed, dependency-free sequence.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn sentence(r: &mut Lcg) -> String {
    let day = 1 + r.below(28);
    let year = 2015 + r.below(12);
    let subject = r.pick(&SUBJECTS);
    let month = r.pick(&MONTHS);
    let weekday = r.pick(&WEEKDAYS);
    match r.below(7) {
        0 => format!("أعلن {subject} يوم {weekday} {day} {month} {year} عن خطة جديدة."),
        1 => format!(
            "وصل {subject} {} إلى الدوحة في زيارة تستمر يومين.",
            r.pick(&RELATIVE)
        ),
        2 => format!("ومن المقرر أن يعقد {subject} اجتماعه المقبل في {month}."),
        3 => format!(
            "وكان {subject} قد زار المدينة في {day}/{}/{year}.",
            1 + r.below(12)
        ),
        4 => format!("وفي مطلع {month} {year} أصدر {subject} تقريره السنوي."),
        5 => format!("وأوضح {subject} أن الموعد النهائي هو {weekday} المقبل."),
        _ => r.pick(&FILLER).to_string(),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--real") {
        real_text();
        return;
    }
    let mut r = Lcg(0x5eed);
    let mut sentences = Vec::new();
    let mut bytes = 0;
    while bytes < TARGET_BYTES {
        let s = sentence(&mut r);
        bytes += s.len() + 1;
        sentences.push(s);
    }
    let mb = bytes as f64 / (1024.0 * 1024.0);

    let started = Instant::now();
    let normalized: Vec<String> = sentences.iter().map(|s| normalize(s, 0).text).collect();
    let normalize_secs = started.elapsed().as_secs_f64();

    let grammar = TimeGrammar::embedded();
    let anchor = NaiveDate::from_ymd_opt(2025, 1, 17);
    // One warm-up pass over a slice, so the grammar is parsed and caches are
    // warm before timing.
    for s in normalized.iter().take(1000) {
        std::hint::black_box(grammar.find(s, anchor, Direction::Past));
    }
    let started = Instant::now();
    let mut found = 0usize;
    for s in &normalized {
        found += std::hint::black_box(grammar.find(s, anchor, Direction::Past)).len();
    }
    let find_secs = started.elapsed().as_secs_f64();

    println!(
        "time/find: {mb:.1} MB of Arabic text, {} sentences, {found} expressions",
        sentences.len()
    );
    println!(
        "time/find: {:.2} MB/s ({find_secs:.2} s); normalize: {:.2} MB/s ({normalize_secs:.2} s)",
        mb / find_secs,
        mb / normalize_secs
    );
}

/// `--real`: the time tagger over real news pages, by language.
fn real_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    let mut pages: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["realnews", "seeds"] {
        common::collect_txt(&root.join(dir), &mut pages);
    }
    pages.sort();
    if pages.is_empty() {
        println!(
            "time/real: no pages under {} (realnews, seeds)",
            root.display()
        );
        return;
    }
    let (mut arabic, mut english) = (Vec::new(), Vec::new());
    for p in &pages {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
        let ar = text
            .chars()
            .filter(|c| ('\u{600}'..='\u{6ff}').contains(c))
            .count();
        if ar * 2 > letters {
            arabic.push(text);
        } else {
            english.push(text);
        }
    }
    let grammar = TimeGrammar::embedded();
    let anchor = NaiveDate::from_ymd_opt(2025, 1, 17);
    for (lang, texts) in [("Arabic", arabic), ("English", english)] {
        if texts.is_empty() {
            continue;
        }
        let one = texts.join("\n\n");
        let copies = (10_000_000 / one.len().max(1)) + 1;
        let text = vec![one.as_str(); copies].join("\n\n");
        let mb = text.len() as f64 / 1e6;
        let mut found = 0;
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let best = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    found = pool.install(|| {
                        std::hint::black_box(grammar.find_in_text(&text, anchor, Direction::Past))
                            .len()
                    });
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::MAX, f64::min);
            println!(
                "time/real {lang}: {} pages x {copies}, {mb:.1} MB, {found} expressions; \
                 {threads} thread(s): {:.1} MB/s ({best:.3} s, best of 3)",
                texts.len(),
                mb / best
            );
        }
    }
}
