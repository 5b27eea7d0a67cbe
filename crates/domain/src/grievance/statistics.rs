//! 애로사항 통계: reports by category and status, how long answers take, how many come within
//! the deadline and how satisfied filers are — for a complex, a region or the whole program.

use std::collections::HashMap;

use serde::Serialize;

use super::{Category, Status};
use crate::calendar::Calendar;
use crate::complex::ComplexId;
use crate::date::Day;
use crate::region::Region;

/// What statistics need of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub category: Category,
    pub status: Status,
    pub received: Day,
    pub due: Day,
    pub answered: Option<Day>,
    pub rating: Option<u8>,
}

/// A count under a label, for tables and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GrievanceTally))]
pub struct Tally {
    pub key: &'static str,
    pub label: &'static str,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GrievanceStatistics))]
pub struct Statistics {
    pub total: u32,
    /// Every category, in the form's order, zeros included.
    pub by_category: Vec<Tally>,
    /// Every status, in processing order.
    pub by_status: Vec<Tally>,
    pub answered: u32,
    /// Answered on or before the deadline in force when answered (extension included).
    pub answered_on_time: u32,
    /// Open past the deadline on the day counted.
    pub overdue: u32,
    /// Median business days from receipt to answer; answers whose days the holiday data does
    /// not cover are left out and counted in `uncounted`.
    pub median_days_to_answer: Option<f64>,
    pub uncounted: u32,
    pub ratings: u32,
    /// Mean satisfaction, 1–5.
    pub mean_rating: Option<f64>,
}

impl Statistics {
    pub fn of(outcomes: &[Outcome], today: &Day, calendar: &Calendar) -> Statistics {
        let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count() as u32;
        let answered: Vec<(&Outcome, &Day)> = outcomes
            .iter()
            .filter_map(|o| o.answered.as_ref().map(|a| (o, a)))
            .collect();
        let mut days: Vec<i64> = answered
            .iter()
            .filter_map(|(o, a)| calendar.business_days_between(&o.received, a).ok())
            .collect();
        days.sort_unstable();
        let ratings: Vec<u8> = outcomes.iter().filter_map(|o| o.rating).collect();
        Statistics {
            total: outcomes.len() as u32,
            by_category: Category::ALL
                .into_iter()
                .map(|c| Tally {
                    key: c.key(),
                    label: c.korean(),
                    count: count(&|o| o.category == c),
                })
                .collect(),
            by_status: Status::ALL
                .into_iter()
                .map(|s| Tally {
                    key: s.key(),
                    label: s.korean(),
                    count: count(&|o| o.status == s),
                })
                .collect(),
            answered: answered.len() as u32,
            answered_on_time: answered.iter().filter(|(o, a)| *a <= &o.due).count() as u32,
            overdue: count(&|o| o.status.open() && today > &o.due),
            median_days_to_answer: median(&days),
            uncounted: (answered.len() - days.len()) as u32,
            ratings: ratings.len() as u32,
            mean_rating: (!ratings.is_empty())
                .then(|| ratings.iter().map(|r| f64::from(*r)).sum::<f64>() / ratings.len() as f64),
        }
    }

    /// Share answered within the deadline, in percent of those answered.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.answered > 0).then(|| 100.0 * f64::from(self.answered_on_time) / f64::from(self.answered))
    }

    /// The same share in tenths of a percent, rounded, for tables that keep it a number.
    pub fn on_time_permille(&self) -> Option<i64> {
        self.on_time_percent().map(|p| (p * 10.0).round() as i64)
    }
}

impl Statistics {
    /// Each complex's statistics, of its `outcomes` received on or before `day`; a complex
    /// without any is not in the map.
    pub fn per_complex(
        outcomes: &[(ComplexId, Outcome)],
        day: &Day,
        calendar: &Calendar,
    ) -> HashMap<ComplexId, Statistics> {
        let mut by_complex: HashMap<&ComplexId, Vec<Outcome>> = HashMap::new();
        for (complex, outcome) in outcomes.iter().filter(|(_, o)| &o.received <= day) {
            by_complex.entry(complex).or_default().push(outcome.clone());
        }
        by_complex
            .into_iter()
            .map(|(complex, inside)| (complex.clone(), Statistics::of(&inside, day, calendar)))
            .collect()
    }
}

/// The program's statistics and each region's with reports, in 가나다 order.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionalStatistics {
    pub program: Statistics,
    pub regions: Vec<(Region, Statistics)>,
}

impl RegionalStatistics {
    /// `outcomes` received on or before `day`, counted on `day`.
    pub fn of(outcomes: &[(Region, Outcome)], day: &Day, calendar: &Calendar) -> RegionalStatistics {
        let until: Vec<&(Region, Outcome)> = outcomes.iter().filter(|(_, o)| &o.received <= day).collect();
        let of = |keep: &dyn Fn(Region) -> bool| -> Vec<Outcome> {
            until.iter().filter(|(r, _)| keep(*r)).map(|(_, o)| o.clone()).collect()
        };
        RegionalStatistics {
            program: Statistics::of(&of(&|_| true), day, calendar),
            regions: Region::in_ganada_order()
                .into_iter()
                .map(|region| (region, of(&|r| r == region)))
                .filter(|(_, inside)| !inside.is_empty())
                .map(|(region, inside)| (region, Statistics::of(&inside, day, calendar)))
                .collect(),
        }
    }
}

fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(
        category: Category,
        status: Status,
        received: Day,
        answered: Option<Day>,
        rating: Option<u8>,
    ) -> Outcome {
        let due = Calendar::bundled().add_business_days(&received, 7).unwrap();
        Outcome {
            category,
            status,
            received,
            due,
            answered,
            rating,
        }
    }

    #[test]
    fn statistics_count_by_category_and_status_and_time_answers_in_business_days() {
        // Received Monday 3-9; due 3-18. Answered after 2, 7 and 9 business days.
        let r = Day::ymd(2026, 3, 9);
        let outcomes = vec![
            outcome(
                Category::Workforce,
                Status::Closed,
                r,
                Some(Day::ymd(2026, 3, 11)),
                Some(5),
            ),
            outcome(
                Category::Workforce,
                Status::Answered,
                r,
                Some(Day::ymd(2026, 3, 18)),
                None,
            ),
            outcome(
                Category::Finance,
                Status::Closed,
                r,
                Some(Day::ymd(2026, 3, 20)),
                Some(2),
            ),
            outcome(Category::Regulation, Status::InProgress, r, None, None),
            outcome(
                Category::Regulation,
                Status::Received,
                Day::ymd(2026, 3, 20),
                None,
                None,
            ),
        ];
        let s = Statistics::of(&outcomes, &Day::ymd(2026, 3, 25), &Calendar::bundled());
        assert_eq!(s.total, 5);
        let counts = |t: &[Tally]| {
            t.iter()
                .map(|t| (t.label, t.count))
                .filter(|(_, c)| *c > 0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            counts(&s.by_category),
            vec![("규제·인허가", 2), ("인력", 2), ("자금", 1)]
        );
        assert_eq!(s.by_category.len(), 7, "zeros included");
        assert_eq!(
            counts(&s.by_status),
            vec![("접수", 1), ("처리 중", 1), ("답변 완료", 1), ("종결", 2)]
        );
        assert_eq!((s.answered, s.answered_on_time), (3, 2));
        assert_eq!(s.on_time_percent().map(|p| (p * 10.0).round()), Some(667.0));
        assert_eq!(s.median_days_to_answer, Some(7.0));
        assert_eq!(
            s.overdue, 1,
            "the one in progress since 3-9; the one of 3-20 is due 3-31"
        );
        assert_eq!((s.ratings, s.mean_rating), (2, Some(3.5)));
    }

    #[test]
    fn no_reports_give_no_averages() {
        let s = Statistics::of(&[], &Day::ymd(2026, 3, 25), &Calendar::bundled());
        assert_eq!(
            (s.total, s.median_days_to_answer, s.mean_rating, s.on_time_percent()),
            (0, None, None, None)
        );
    }

    #[test]
    fn regions_are_counted_apart_in_ganada_order_up_to_the_day() {
        let r = Day::ymd(2026, 3, 9);
        let o = |day: Day| outcome(Category::Other, Status::Received, day, None, None);
        let outcomes = vec![
            (Region::Gyeonggi, o(r)),
            (Region::Busan, o(r)),
            (Region::Busan, o(r)),
            (Region::Gangwon, o(Day::ymd(2026, 4, 1))),
        ];
        let s = RegionalStatistics::of(&outcomes, &Day::ymd(2026, 3, 31), &Calendar::bundled());
        assert_eq!(s.program.total, 3, "the one received after the day is not counted");
        assert_eq!(
            s.regions
                .iter()
                .map(|(r, s)| (r.short_name(), s.total))
                .collect::<Vec<_>>(),
            vec![("경기", 1), ("부산", 2)]
        );
    }

    #[test]
    fn complexes_are_counted_apart_up_to_the_day() {
        let r = Day::ymd(2026, 3, 9);
        let answered = outcome(Category::Other, Status::Answered, r, Some(Day::ymd(2026, 3, 11)), None);
        let open = outcome(Category::Other, Status::Received, r, None, None);
        let late = outcome(Category::Other, Status::Received, Day::ymd(2026, 4, 1), None, None);
        let (a, b, c) = (ComplexId("a".into()), ComplexId("b".into()), ComplexId("c".into()));
        let outcomes = vec![
            (a.clone(), answered),
            (a.clone(), open.clone()),
            (b.clone(), open),
            (c.clone(), late),
        ];
        let s = Statistics::per_complex(&outcomes, &Day::ymd(2026, 3, 31), &Calendar::bundled());
        assert_eq!((s[&a].total, s[&a].answered), (2, 1));
        assert_eq!((s[&b].total, s[&b].answered), (1, 0));
        assert!(
            !s.contains_key(&c),
            "a complex whose only report came after the day has none"
        );
    }

    #[test]
    fn an_even_number_of_answers_takes_the_middle_two() {
        assert_eq!(median(&[1, 2, 4, 9]), Some(3.0));
    }
}
