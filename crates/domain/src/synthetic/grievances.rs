//! 합성 애로사항: the scale's reports from firms and local governments, filed on the business
//! days of 2018–2025 about the dataset's complexes and carried through the steps a handling body
//! takes — every step by the domain's own rules (`Progress::apply`), so nothing stored could not
//! have been reached through the pages.
//!
//! The window starts with the first year the holiday data covers (business-day deadlines need
//! it) and ends with 2025, the last whole year before the platform runs: a report dated after
//! the day a page is read would be nonsense, and a fixed end keeps the data a function of the
//! seed alone. Eight years, not the ten: the holiday data begins in 2018.
//!
//! Most reports are taken and answered within their deadline; the province sends about one in
//! eight on to a ministry or to 한국산업단지공단, some deadlines are extended, about one answer in seven
//! comes late, nearly half the filers rate the answer, and a few reports stall. A step that
//! would fall after the window's end is not taken, so the last weeks' reports are still open.

use super::Rng;
use crate::calendar::Calendar;
use crate::complex::{Complex, SiteKind};
use crate::date::Day;
use crate::grievance::{Category, Deadlines, Filer, Filing, Handler, Outcome, Progress, Step};
use crate::package::Program;
use crate::record::Record;
use crate::results::BusinessNumber;

/// The first day a report may be filed.
pub(super) const FIRST_DAY: Day = Day {
    year: 2018,
    month: Some(1),
    day: Some(1),
};

/// The day the generated history stops: nothing is filed or done after it.
pub(super) const AS_OF: Day = Day {
    year: 2025,
    month: Some(12),
    day: Some(31),
};

/// Reports per complex by kind: national complexes are the largest (see `survey`), so they
/// raise the most; the weights only shape the synthetic data.
fn complex_weight(kind: SiteKind) -> u64 {
    match kind {
        SiteKind::National => 12,
        SiteKind::General => 3,
        _ => 1,
    }
}

/// Reports of each category in a hundred, in `Category::ALL` order.
const CATEGORY_WEIGHTS: [u64; 7] = [20, 18, 18, 14, 12, 10, 8];

/// Chances in a thousand.
const TRANSFERRED: u64 = 120;
const EXTENDED: u64 = 70;
const STALLED: u64 = 15;
const LATE: u64 = 130;
const RATED: u64 = 450;
const CLOSED_BY_HANDLER: u64 = 700;

/// One generated report: what was filed, where it stands at [`AS_OF`], and every step that
/// brought it there, the filing first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticGrievance {
    /// Its number in order of receipt, from 1: the serial its receipt number carries.
    pub serial: i64,
    pub filing: Filing,
    pub received: Day,
    pub progress: Progress,
    pub answer: Option<String>,
    pub events: Vec<SyntheticEvent>,
}

/// A line of a report's history: the step (none for the filing itself), when, and the
/// handler, status and deadline it left the report with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticEvent {
    pub step: Option<Step>,
    pub day: Day,
    /// Minutes after midnight UTC. A step on a day of its own comes in office hours (0–539 are
    /// 09:00–17:59 in Korea, the same calendar day); another the same day, up to half an hour
    /// after the one before.
    pub minute: u16,
    pub after: Progress,
}

impl SyntheticEvent {
    /// The step's name in the history ("접수" for the filing).
    pub fn name(&self) -> &'static str {
        self.step.as_ref().map_or("접수", Step::korean)
    }

    /// RFC 3339 in UTC, as the store keeps every instant.
    pub fn at(&self) -> String {
        format!("{}T{:02}:{:02}:00Z", self.day, self.minute / 60, self.minute % 60)
    }

    /// Seconds since 1970-01-01 UTC.
    pub fn unix(&self) -> i64 {
        let days = self.day.days_after(&Day::ymd(1970, 1, 1)).unwrap_or(0);
        days * 86_400 + i64::from(self.minute) * 60
    }
}

impl SyntheticGrievance {
    /// What statistics count of it.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            category: self.progress.category,
            status: self.progress.status,
            received: self.received,
            due: self.progress.due,
            answered: self.progress.answered,
            rating: self.progress.rating,
        }
    }

    /// Whether it was ever sent on to another body.
    pub fn transferred(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e.step, Some(Step::Transfer { .. })))
    }
}

/// `count` reports, oldest first, over the record's complexes.
pub(super) fn reports(rng: &mut Rng, record: &Record, programs: &[Program], count: usize) -> Vec<SyntheticGrievance> {
    if count == 0 || record.complexes.is_empty() {
        return Vec::new();
    }
    let calendar = Calendar::bundled();
    let deadlines = Deadlines::default();
    let business_days = business_days(&calendar);
    let mut days: Vec<Day> = (0..count)
        .map(|_| business_days[rng.index(business_days.len())])
        .collect();
    days.sort_unstable();
    let mut ministries: Vec<&str> = programs.iter().map(|p| p.ministry.as_str()).collect();
    ministries.sort_unstable();
    ministries.dedup();
    let mut cumulative = Vec::with_capacity(record.complexes.len());
    let mut total = 0;
    for c in &record.complexes {
        total += complex_weight(c.kind);
        cumulative.push(total);
    }
    // A quarter as many filers as reports: a firm with one difficulty often has another.
    let filers = (count / 4).max(1);
    let context = Context {
        calendar: &calendar,
        deadlines: &deadlines,
        ministries: &ministries,
    };
    days.into_iter()
        .enumerate()
        .map(|(i, received)| {
            let at = rng.range(0, total as i64 - 1) as u64;
            let complex = &record.complexes[cumulative.partition_point(|&c| c <= at)];
            let filer = rng.index(filers);
            let filing = filing(rng, complex, filer);
            let mut trail = Trail::filed(rng, &filing, complex, received, &context);
            trail.handle(rng, complex.kind);
            SyntheticGrievance {
                serial: i as i64 + 1,
                filing,
                received,
                progress: trail.progress,
                answer: trail.answer,
                events: trail.events,
            }
        })
        .collect()
}

/// Every business day of the window.
fn business_days(calendar: &Calendar) -> Vec<Day> {
    let mut days = Vec::new();
    let mut day = FIRST_DAY;
    while day <= AS_OF {
        if calendar
            .is_business_day(&day)
            .expect("the holiday data covers the window")
        {
            days.push(day);
        }
        day = day.next_day().expect("a full date");
    }
    days
}

fn category(rng: &mut Rng) -> Category {
    let mut at = rng.range(0, 99) as u64;
    for (c, w) in Category::ALL.into_iter().zip(CATEGORY_WEIGHTS) {
        if at < w {
            return c;
        }
        at -= w;
    }
    Category::Other
}

fn title(category: Category, variant: usize) -> &'static str {
    let titles: [&str; 3] = match category {
        Category::Regulation => [
            "공장 증설 인허가 지연",
            "업종 변경 입주 승인 문의",
            "건축 규제 완화 요청",
        ],
        Category::Infrastructure => ["진입도로 정체 개선 요청", "용수 공급 부족", "노후 하수관로 정비 요청"],
        Category::Workforce => ["생산 인력 구인난", "외국인 근로자 고용 한도", "통근버스 노선 확대 요청"],
        Category::Finance => [
            "운전자금 융자 문의",
            "설비 투자 보조금 신청 방법",
            "이차보전 지원 요건 문의",
        ],
        Category::EnvironmentSafety => [
            "악취 민원 대응 지원",
            "화학물질 취급 시설 점검 문의",
            "폐수 처리 비용 부담",
        ],
        Category::Technology => [
            "스마트공장 구축 지원 문의",
            "시험 장비 공동 활용 요청",
            "특허 출원 지원 문의",
        ],
        Category::Other => ["주차 공간 부족", "구내식당 운영 문의", "산업단지 안내판 정비 요청"],
    };
    titles[variant % titles.len()]
}

/// A filing by filer `k`: nine in ten a firm (a business number that passes its check digit),
/// the rest the local government. Names, numbers and addresses say they are synthetic.
fn filing(rng: &mut Rng, complex: &Complex, k: usize) -> Filing {
    let category = category(rng);
    let title = title(category, rng.index(3));
    let firm = !rng.chance(100);
    let (name, organisation, business_number) = if firm {
        // 86 is a corporation's middle code; the register's generated firms use 81 (`money`).
        let head = (101 + (k % 800) as u32) * 1_000_000 + 86 * 10_000 + (k / 800) as u32;
        (
            format!("합성 신청인 {:05}", k + 1),
            format!("(주)합성입주기업{:05}", k + 1),
            Some(BusinessNumber::completing(head).to_string()),
        )
    } else {
        (
            format!("합성 주무관 {:05}", k + 1),
            format!("{} 산업단지 담당 (합성)", complex.region.official_name()),
            None,
        )
    };
    let (phone, email) = match rng.range(0, 9) {
        0..=3 => (true, false),
        4..=6 => (false, true),
        _ => (true, true),
    };
    Filing {
        complex: complex.id.clone(),
        category,
        title: format!("{title} (합성)"),
        body: format!(
            "성능 시험용 합성 자료입니다. {}의 {}에 관한 애로사항을 가정해 적었습니다.",
            complex.name, title
        ),
        filer: Filer {
            name,
            organisation,
            business_number,
            phone: phone.then(|| format!("000-0000-{:04}", k % 10_000)),
            email: email.then(|| format!("filer{:05}@synthetic.invalid", k + 1)),
        },
        wants_public: rng.chance(300),
    }
}

struct Context<'a> {
    calendar: &'a Calendar,
    deadlines: &'a Deadlines,
    ministries: &'a [&'a str],
}

/// A report as it is carried along: the steps so far and where they left it. Once a step
/// would fall after [`AS_OF`], no later one is taken.
struct Trail<'a> {
    context: &'a Context<'a>,
    progress: Progress,
    answer: Option<String>,
    events: Vec<SyntheticEvent>,
    stopped: bool,
}

impl<'a> Trail<'a> {
    fn filed(rng: &mut Rng, filing: &Filing, complex: &Complex, on: Day, context: &'a Context<'a>) -> Trail<'a> {
        let progress = Progress::filed(
            filing.category,
            Handler::first_for(complex.region),
            &on,
            context.deadlines,
            context.calendar,
        )
        .expect("the holiday data covers the window");
        let event = SyntheticEvent {
            step: None,
            day: on,
            minute: rng.range(0, 539) as u16,
            after: progress.clone(),
        };
        Trail {
            context,
            progress,
            answer: None,
            events: vec![event],
            stopped: false,
        }
    }

    fn last_day(&self) -> Day {
        self.events.last().expect("the filing is always there").day
    }

    /// The business day `low..=high` business days after the last step (0: the same day).
    fn after(&self, rng: &mut Rng, low: i64, high: i64) -> Day {
        self.context
            .calendar
            .add_business_days(&self.last_day(), rng.range(low, high) as u32)
            .expect("the holiday data covers every step")
    }

    /// Takes `step` on `on` if the window has not ended; says whether it did.
    fn step(&mut self, rng: &mut Rng, step: Step, on: Day) -> bool {
        if self.stopped || on > AS_OF {
            self.stopped = true;
            return false;
        }
        self.progress = self
            .progress
            .apply(&step, &on, self.context.deadlines, self.context.calendar)
            .expect("the generator takes only the steps the status and deadline allow");
        if let Step::Answer { text } = &step {
            self.answer = Some(text.clone());
        }
        let last = self.events.last().expect("the filing is always there");
        // Later the same day, or office hours of a later day.
        let minute = if on == last.day {
            (last.minute + rng.range(1, 30) as u16).min(1_439)
        } else {
            rng.range(0, 539) as u16
        };
        self.events.push(SyntheticEvent {
            step: Some(step),
            day: on,
            minute,
            after: self.progress.clone(),
        });
        true
    }

    /// The handling bodies' steps and the filer's rating.
    fn handle(&mut self, rng: &mut Rng, kind: SiteKind) {
        if rng.chance(TRANSFERRED) {
            if rng.chance(500) {
                let on = self.after(rng, 0, 2);
                self.step(rng, Step::Take, on);
            }
            let (to, reason) = self.transfer_to(rng, kind);
            let on = self.after(rng, 1, 3);
            self.step(rng, Step::Transfer { to, reason }, on);
        }
        let on = self.after(rng, 0, 2);
        self.step(rng, Step::Take, on);
        if rng.chance(700) {
            let on = self.after(rng, 0, 2);
            self.step(rng, Step::Start, on);
        }
        let left = self.business_days_to_due();
        // An extension is asked for before the deadline passes, as the rules require.
        if rng.chance(EXTENDED) && left >= 0 {
            let on = self.after(rng, left.min(1), left);
            let most = self.context.deadlines.days(self.progress.category);
            let days = rng.range(1, i64::from(most)) as u32;
            let reason = "현장 확인과 관계기관 협의가 필요하여 처리기한을 연장합니다. (합성)".to_string();
            self.step(rng, Step::Extend { days, reason }, on);
        }
        if rng.chance(STALLED) {
            return;
        }
        let late = rng.chance(LATE);
        let left = self.business_days_to_due();
        let on = if late || left < 0 {
            self.after(rng, left.max(0) + 1, left.max(0) + 20)
        } else {
            self.after(rng, left.min(1), left)
        };
        let text = format!(
            "{} 애로사항을 검토했습니다. 관련 지원사업과 절차를 안내드리며, 추가 문의는 담당 부서로 연락해 주십시오. (합성 답변)",
            self.progress.category.korean()
        );
        if !self.step(rng, Step::Answer { text }, on) {
            return;
        }
        let late = self.progress.answered.is_some_and(|a| a > self.progress.due);
        if rng.chance(RATED) {
            let on = self.after(rng, 0, 10);
            let score = rating(rng, late);
            self.step(rng, Step::Rate { score }, on);
        } else if rng.chance(CLOSED_BY_HANDLER) {
            let on = self.after(rng, 1, 10);
            self.step(rng, Step::Close, on);
        }
    }

    /// Business days from the last step to the deadline; negative once it has passed.
    fn business_days_to_due(&self) -> i64 {
        self.context
            .calendar
            .business_days_between(&self.last_day(), &self.progress.due)
            .expect("the holiday data covers every step")
    }

    /// A national complex's report goes to 한국산업단지공단, which manages it, half the time;
    /// otherwise to a ministry whose programs fund the packages.
    fn transfer_to(&self, rng: &mut Rng, kind: SiteKind) -> (Handler, String) {
        let ministries = self.context.ministries;
        if ministries.is_empty() || (kind == SiteKind::National && rng.chance(500)) {
            return (
                Handler::ComplexAgency,
                "산업단지 관리기관의 소관이어서 이송합니다. (합성)".into(),
            );
        }
        let ministry = ministries[rng.index(ministries.len())];
        (
            Handler::Ministry(ministry.to_string()),
            format!("{ministry} 지원사업의 소관이어서 이송합니다. (합성)"),
        )
    }
}

/// 1–5, most filers satisfied; a late answer is rated a point lower.
fn rating(rng: &mut Rng, late: bool) -> u8 {
    let score: u8 = match rng.range(0, 99) {
        0..=34 => 5,
        35..=64 => 4,
        65..=82 => 3,
        83..=92 => 2,
        _ => 1,
    };
    if late { score.saturating_sub(1).max(1) } else { score }
}
