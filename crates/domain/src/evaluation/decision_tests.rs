//! The committee's decisions against the seed's own case: 2021's preliminary selection, smart
//! green complexes among the selected hubs (two already designated in 2019), and districts for
//! 2020's regions.

use super::*;
use crate::account::UserId;
use crate::evaluation::aggregate::{Scores, aggregate, unit_weights};
use crate::evaluation::framework::{Aggregation, Framework, Indicator};
use crate::evaluation::points::Points;

fn framework(quota: u32) -> Framework {
    Framework {
        indicators: vec![Indicator {
            name: "A".into(),
            max_points: Some(Points::whole(100)),
            sub_items: vec![],
        }],
        bonuses: vec![],
        bonus_cap: None,
        cut_off: Some(Points::whole(60)),
        aggregation: Aggregation::Mean,
        tie_break: vec![0],
        quota,
        panel_size: 1,
        scoring_due: None,
    }
}

/// 경기 90, 부산 80, 울산 50 (under the cut-off of 60).
fn results(quota: u32) -> Vec<PlanResult> {
    let sheets: Vec<Scores> = [(Region::Gyeonggi, 90), (Region::Busan, 80), (Region::Ulsan, 50)]
        .into_iter()
        .map(|(region, p)| Scores {
            evaluator: UserId(1),
            seniority: 0,
            region,
            indicators: vec![p * 10],
            bonus: 0,
        })
        .collect();
    let f = framework(quota);
    aggregate(
        &f,
        &[Region::Gyeonggi, Region::Busan, Region::Ulsan],
        &sheets,
        &unit_weights(&f),
        None,
    )
}

fn decision(kind: DesignationKind, region: Option<Region>, complex: Option<&str>, date: Day) -> Designation {
    Designation {
        kind,
        date,
        body: "노후거점산업단지 경쟁력강화추진위원회".into(),
        round: Some(2021),
        region,
        complex: complex.map(|c| ComplexId(c.into())),
        note: None,
        sources: vec![],
    }
}

fn hubs() -> Vec<(Region, ComplexId)> {
    vec![
        (Region::Gyeonggi, ComplexId("banwol-sihwa".into())),
        (Region::Busan, ComplexId("myeongji-noksan".into())),
    ]
}

fn record() -> Vec<Designation> {
    let mut earlier = decision(
        DesignationKind::SmartGreen,
        None,
        Some("banwol-sihwa"),
        Day::ymd(2019, 2, 19),
    );
    earlier.round = None;
    let mut daegu = decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Daegu),
        None,
        Day::ymd(2020, 5, 7),
    );
    daegu.round = Some(2020);
    vec![earlier, daegu]
}

const MEETING: Day = Day {
    year: 2021,
    month: Some(3),
    day: Some(24),
};

fn ctx<'a>(
    results: &'a [PlanResult],
    hubs: &'a [(Region, ComplexId)],
    decided: &'a [Designation],
    record: &'a [Designation],
    stage: Stage,
) -> Context<'a> {
    Context {
        year: 2021,
        judged: Judged::InSandan { stage, results },
        quota: Some(2),
        hubs,
        decided,
        record,
    }
}

#[test]
fn only_evaluated_eligible_plans_are_selected_after_the_panel_closes_and_never_beyond_the_quota() {
    let (results, hubs, record) = (results(2), hubs(), record());
    let gyeonggi = decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Gyeonggi),
        None,
        MEETING,
    );
    assert!(
        check(&gyeonggi, &ctx(&results, &hubs, &[], &record, Stage::Scoring))
            .unwrap_err()
            .contains("평가를 종료한 뒤")
    );
    assert_eq!(
        check(&gyeonggi, &ctx(&results, &hubs, &[], &record, Stage::Closed)),
        Ok(())
    );
    let ulsan = decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Ulsan),
        None,
        MEETING,
    );
    assert!(
        check(&ulsan, &ctx(&results, &hubs, &[], &record, Stage::Closed))
            .unwrap_err()
            .contains("과락")
    );
    let jeju = decision(DesignationKind::PreliminarySelection, Some(Region::Jeju), None, MEETING);
    assert!(
        check(&jeju, &ctx(&results, &hubs, &[], &record, Stage::Closed))
            .unwrap_err()
            .contains("평가 대상이 아닙니다")
    );
    let busan = decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Busan),
        None,
        MEETING,
    );
    let decided = [gyeonggi.clone(), busan.clone()];
    let again = check(&gyeonggi, &ctx(&results, &hubs, &decided[..1], &record, Stage::Closed));
    assert!(again.unwrap_err().contains("이미 예비선정"));
    let mut one_place = ctx(&results, &hubs, &decided[..1], &record, Stage::Closed);
    one_place.quota = Some(1);
    let full = check(&busan, &one_place).unwrap_err();
    assert!(full.contains("선정 규모 1곳") && full.contains("(경기)"), "{full}");
}

#[test]
fn smart_green_goes_to_selected_hubs_not_already_designated() {
    let (results, hubs, record) = (results(2), hubs(), record());
    let selected = vec![
        decision(
            DesignationKind::PreliminarySelection,
            Some(Region::Gyeonggi),
            None,
            MEETING,
        ),
        decision(
            DesignationKind::PreliminarySelection,
            Some(Region::Busan),
            None,
            MEETING,
        ),
    ];
    let c = ctx(&results, &hubs, &selected, &record, Stage::Closed);
    let noksan = decision(DesignationKind::SmartGreen, None, Some("myeongji-noksan"), MEETING);
    assert_eq!(check(&noksan, &c), Ok(()));
    let banwol = decision(DesignationKind::SmartGreen, None, Some("banwol-sihwa"), MEETING);
    assert!(
        check(&banwol, &c).unwrap_err().contains("2019. 2. 19."),
        "기선정 in 2019"
    );
    let other = decision(DesignationKind::SmartGreen, None, Some("gumi"), MEETING);
    assert!(check(&other, &c).unwrap_err().contains("거점산단 가운데"));
    let none_selected = ctx(&results, &hubs, &[], &record, Stage::Closed);
    assert!(check(&noksan, &none_selected).is_err());
}

#[test]
fn districts_are_the_previous_rounds_regions_once_each() {
    let (results, hubs, record) = (results(2), hubs(), record());
    let c = ctx(&results, &hubs, &[], &record, Stage::Setup);
    let daegu = decision(
        DesignationKind::CompetitivenessDistrict,
        Some(Region::Daegu),
        None,
        MEETING,
    );
    assert_eq!(
        check(&daegu, &c),
        Ok(()),
        "no evaluation needed for last year's regions"
    );
    let busan = decision(
        DesignationKind::CompetitivenessDistrict,
        Some(Region::Busan),
        None,
        MEETING,
    );
    assert!(check(&busan, &c).unwrap_err().contains("2020년 선정 지역이 아닙니다"));
    let mut done = daegu.clone();
    done.round = Some(2020);
    let decided = [done];
    let twice = ctx(&results, &hubs, &decided, &record, Stage::Setup);
    assert!(check(&daegu, &twice).unwrap_err().contains("이미"));
}

#[test]
fn final_confirmation_follows_the_selection_and_records_the_detail_review() {
    let (results, hubs, record) = (results(2), hubs(), record());
    let selected = vec![decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Gyeonggi),
        None,
        MEETING,
    )];
    let c = ctx(&results, &hubs, &selected, &record, Stage::Closed);
    let mut confirm = decision(
        DesignationKind::FinalConfirmation,
        Some(Region::Gyeonggi),
        None,
        Day::ymd(2021, 12, 20),
    );
    assert!(check(&confirm, &c).unwrap_err().contains("적정성 검토"));
    confirm.note = Some("세부사업 34개 적정".into());
    assert_eq!(check(&confirm, &c), Ok(()));
    confirm.date = Day::ymd(2021, 3, 1);
    assert!(check(&confirm, &c).unwrap_err().contains("예비선정 뒤"));
    confirm.region = Some(Region::Busan);
    assert!(check(&confirm, &c).unwrap_err().contains("예비선정되지 않아"));
}

/// A round the record holds but Sandan did not run: 2021's selections are in the record, its
/// plans (경기, 부산) are what the committee decides on, and there are no scores.
#[test]
fn a_record_rounds_decisions_rest_on_the_plans_the_record_holds() {
    let hubs = hubs();
    let mut record = record();
    record.push(decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Gyeonggi),
        None,
        MEETING,
    ));
    let c = Context {
        year: 2021,
        judged: Judged::InRecord,
        quota: None,
        hubs: &hubs,
        decided: &[],
        record: &record,
    };
    let mut confirm = decision(
        DesignationKind::FinalConfirmation,
        Some(Region::Gyeonggi),
        Some("banwol-sihwa"),
        Day::ymd(2021, 12, 20),
    );
    confirm.note = Some("세부사업 적정".into());
    assert_eq!(check(&confirm, &c), Ok(()));
    confirm.region = Some(Region::Daegu);
    assert_eq!(
        check(&confirm, &c).unwrap_err(),
        "2021년 기록에 대구의 혁신계획이 없어 의결할 수 없습니다."
    );
    // No score to rank by: a region with a plan may be selected, one without may not.
    let busan = decision(
        DesignationKind::PreliminarySelection,
        Some(Region::Busan),
        None,
        MEETING,
    );
    assert_eq!(check(&busan, &c), Ok(()));
    let jeju = decision(DesignationKind::PreliminarySelection, Some(Region::Jeju), None, MEETING);
    assert!(check(&jeju, &c).unwrap_err().contains("혁신계획이 없어"));
    let full = Context { quota: Some(1), ..c };
    assert!(check(&busan, &full).unwrap_err().contains("선정 규모 1곳"));
}

#[test]
fn a_meeting_needs_a_full_date_a_body_and_someone_present() {
    let meeting = CommitteeMeeting {
        date: Day {
            year: 2021,
            month: Some(3),
            day: None,
        },
        body: " ".into(),
        members_present: vec![],
        note: String::new(),
    };
    assert_eq!(meeting.problems().len(), 3);
}
