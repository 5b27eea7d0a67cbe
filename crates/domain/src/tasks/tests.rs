use super::*;
use crate::call::ClockTime;
use crate::submission::SeoulTime;

const TODAY: Day = Day {
    year: 2027,
    month: Some(3),
    day: Some(26),
};

fn deadline() -> SeoulTime {
    SeoulTime::at(Day::ymd(2027, 3, 29), ClockTime { hour: 18, minute: 0 })
}

fn province_round<'a>(standing: &'a Standing, window: &'a Result<Window, Late>, comments: usize) -> ProvinceRound<'a> {
    ProvinceRound {
        year: 2027,
        region: Region::Gyeonggi,
        stage: Stage::Setup,
        standing,
        window,
        unanswered_comments: comments,
    }
}

#[test]
fn a_province_is_told_to_submit_before_the_deadline_with_its_d_day() {
    let open = Ok(Window::Open {
        until: Some(deadline()),
    });
    let tasks = province(&province_round(&Standing::Drafting, &open, 0), TODAY);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].what, "혁신계획안을 작성하여 제출하십시오");
    assert_eq!(tasks[0].due, Some(Day::ymd(2027, 3, 29)));
    assert_eq!(tasks[0].d_day(TODAY).as_deref(), Some("D-3"));
    assert_eq!(tasks[0].link, "/rounds/2027/proposals/gyeonggi");
    assert!(!tasks[0].overdue);
    // Submitted and unchanged: nothing to do.
    let submitted = Standing::Submitted { version: 1 };
    assert!(province(&province_round(&submitted, &open, 0), TODAY).is_empty());
    // Edited after submitting: send the edits.
    let revising = Standing::Revising { version: 1 };
    assert_eq!(
        province(&province_round(&revising, &open, 0), TODAY)[0].what,
        "제1판 제출 후 수정한 내용을 제출하십시오"
    );
}

#[test]
fn after_the_deadline_only_a_revision_or_a_reopening_leaves_something_to_submit() {
    let late = Err(Late { deadline: deadline() });
    assert!(province(&province_round(&Standing::Drafting, &late, 0), Day::ymd(2027, 3, 30)).is_empty());
    let reopened = Ok(Window::Reopened {
        until: SeoulTime::at(Day::ymd(2027, 4, 2), ClockTime { hour: 18, minute: 0 }),
    });
    let tasks = province(
        &province_round(&Standing::Drafting, &reopened, 0),
        Day::ymd(2027, 3, 30),
    );
    assert_eq!(tasks[0].due, Some(Day::ymd(2027, 4, 2)));
    let requested = Standing::RevisionRequested {
        version: 2,
        due: Day::ymd(2027, 3, 25),
        overdue: true,
    };
    let tasks = province(&province_round(&requested, &late, 0), TODAY);
    assert_eq!(tasks[0].what, "제2판에 대한 보완 요청에 따라 보완본을 제출하십시오");
    assert!(tasks[0].overdue);
    assert_eq!(tasks[0].d_day(TODAY).as_deref(), Some("1일 지남"));
}

#[test]
fn unanswered_comments_are_a_task_and_scoring_ends_every_submission_task() {
    let open = Ok(Window::Open {
        until: Some(deadline()),
    });
    let mut round = province_round(&Standing::Drafting, &open, 2);
    let tasks = province(&round, TODAY);
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1].what, "컨설팅 의견 2건에 답하십시오");
    round.stage = Stage::Scoring;
    let tasks = province(&round, TODAY);
    assert_eq!(
        tasks.len(),
        1,
        "only the comments: the submitted version is the one evaluated"
    );
}

#[test]
fn an_evaluator_declares_conflicts_before_scoring_then_scores_what_is_not_submitted() {
    let mut round = EvaluatorRound {
        year: 2027,
        stage: Stage::Setup,
        due: Some(Day::ymd(2027, 4, 10)),
        sheets: vec![
            (Region::Busan, Sheet::Submitted),
            (Region::Gyeonggi, Sheet::Saved),
            (Region::Daegu, Sheet::NotStarted),
        ],
    };
    let tasks = evaluator(&round, TODAY);
    assert_eq!(tasks.len(), 1);
    assert!(tasks[0].what.contains("이해충돌"));
    assert_eq!(tasks[0].link, "/rounds/2027/evaluation/mine");
    round.stage = Stage::Scoring;
    let tasks = evaluator(&round, TODAY);
    let whats: Vec<&str> = tasks.iter().map(|t| t.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "경기 혁신계획 평가표를 마저 작성하여 제출하십시오",
            "대구 혁신계획 평가표를 작성하여 제출하십시오"
        ]
    );
    assert_eq!(tasks[1].link, "/rounds/2027/evaluation/sheets/daegu");
    assert_eq!(tasks[1].d_day(TODAY).as_deref(), Some("D-15"));
    round.stage = Stage::Closed;
    assert!(evaluator(&round, TODAY).is_empty());
}

#[test]
fn the_office_is_told_where_a_round_waits_on_it() {
    let mut round = OfficeRound {
        year: 2027,
        stage: Stage::Setup,
        submitted: 8,
        accepting: true,
        overdue_revisions: vec![(Region::Ulsan, Day::ymd(2027, 3, 20))],
        sheets: (0, 0),
        scoring_due: None,
    };
    let tasks = office(&round, TODAY);
    assert_eq!(tasks.len(), 1, "submissions still open: only the overdue revision");
    assert!(tasks[0].what.starts_with("울산의 보완 기한이 지났습니다") && tasks[0].overdue);
    round.accepting = false;
    assert!(office(&round, TODAY)[1].what.contains("계획안 8건의 평가를 개시"));
    round.stage = Stage::Scoring;
    round.overdue_revisions.clear();
    round.sheets = (20, 24);
    round.scoring_due = Some(Day::ymd(2027, 4, 10));
    assert_eq!(
        office(&round, TODAY)[0].what,
        "평가표 24건 중 20건이 제출되었습니다. 남은 평가위원에게 독촉하십시오"
    );
    round.sheets = (24, 24);
    assert!(office(&round, TODAY)[0].what.contains("평가를 종료하십시오"));
}

#[test]
fn the_most_pressing_come_first() {
    let task = |round, due: Option<Day>| Task::new(round, String::new(), due, TODAY, String::new());
    let ordered = in_order(vec![
        task(2027, None),
        task(2027, Some(Day::ymd(2027, 4, 1))),
        task(2026, Some(Day::ymd(2027, 3, 1))),
    ]);
    let dues: Vec<_> = ordered.iter().map(|t| t.due).collect();
    assert_eq!(dues, [Some(Day::ymd(2027, 3, 1)), Some(Day::ymd(2027, 4, 1)), None]);
}

mod reports {
    use super::super::*;
    use crate::package::{BudgetLine, Execution, FundingSource, PackagePeriod, ProjectBudget, Quarter};

    fn budget(planned_2027: i64, executed: Option<Quarter>) -> ProjectBudget {
        ProjectBudget {
            total: 1_000,
            lines: vec![BudgetLine {
                year: 2027,
                source: FundingSource::National,
                planned: planned_2027,
            }],
            executions: executed
                .map(|quarter| Execution {
                    quarter,
                    source: FundingSource::National,
                    amount: 0,
                })
                .into_iter()
                .collect(),
        }
    }

    fn report(round: i32, budget: &ProjectBudget) -> ProjectReport<'_> {
        ProjectReport {
            round,
            region: Region::Gyeonggi,
            name: "스마트 물류센터",
            budget,
            link: "/package/ministries/국토교통부".into(),
        }
    }

    #[test]
    fn only_packages_running_in_the_reported_year_owe_reports_and_only_unfinished_ones_are_planned() {
        let today = Day::ymd(2027, 1, 5);
        assert_eq!(
            reporting_rounds(&today),
            2023..=2025,
            "2026's reports: the packages of 2023–2025"
        );
        assert_eq!(planning_rounds(&today), 2024..);
        for round in 2020..2030 {
            let runs = PackagePeriod::of_round(round).contains(reporting_quarter(&today).year);
            assert_eq!(reporting_rounds(&today).contains(&round), runs, "{round}");
            let open = today.year <= PackagePeriod::of_round(round).last_year();
            assert_eq!(planning_rounds(&today).contains(&round), open, "{round}");
        }
    }

    #[test]
    fn the_quarter_reported_on_is_the_last_that_ended() {
        assert_eq!(
            reporting_quarter(&Day::ymd(2027, 1, 5)),
            Quarter { year: 2026, quarter: 4 }
        );
        assert_eq!(
            reporting_quarter(&Day::ymd(2027, 7, 1)),
            Quarter { year: 2027, quarter: 2 }
        );
        assert_eq!(
            reporting_quarter(&Day::ymd(2027, 12, 31)),
            Quarter { year: 2027, quarter: 3 }
        );
    }

    #[test]
    fn a_runner_is_asked_for_the_ended_quarters_execution_until_it_is_recorded() {
        let today = Day::ymd(2027, 10, 12);
        let open = budget(500, None);
        let task = execution(&report(2026, &open), today).unwrap();
        assert_eq!(
            task.what,
            "경기 '스마트 물류센터'의 2027년 3분기 집행 실적을 입력하십시오"
        );
        assert_eq!((task.due, task.overdue), (None, false));
        // A zero recorded is a report: nothing spent is still an answer.
        let reported = budget(500, Some(Quarter { year: 2027, quarter: 3 }));
        assert_eq!(execution(&report(2026, &reported), today), None);
        let earlier_only = budget(500, Some(Quarter { year: 2027, quarter: 2 }));
        assert!(execution(&report(2026, &earlier_only), today).is_some());
        // Nothing planned that year, or a package not running that year: nothing owed.
        assert_eq!(execution(&report(2026, &budget(0, None)), today), None);
        assert_eq!(
            execution(&report(2020, &open), today),
            None,
            "2020's package ran 2021–2023"
        );
    }

    #[test]
    fn a_province_is_asked_for_its_goals_measurements_while_its_package_runs() {
        let today = Day::ymd(2027, 10, 12);
        let task = measurements(2026, Region::Gyeonggi, 3, today).unwrap();
        assert_eq!(task.what, "2027년 3분기 성과목표 3개의 측정값을 입력하십시오");
        assert_eq!(task.link, "/rounds/2026/plans/gyeonggi/results");
        assert_eq!(measurements(2026, Region::Gyeonggi, 0, today), None);
        assert_eq!(
            measurements(2022, Region::Gyeonggi, 3, today),
            None,
            "2022's package ended in 2025"
        );
    }

    #[test]
    fn the_office_is_asked_to_plan_budgets_and_to_record_then_publish_decisions() {
        let today = Day::ymd(2027, 10, 12);
        let plan = unplanned(2026, Region::Busan, 2, today).unwrap();
        assert_eq!(plan.what, "부산 패키지 사업 2개의 연도별 예산을 편성하십시오");
        assert_eq!(plan.link, "/rounds/2026/plans/busan/package");
        assert_eq!(unplanned(2026, Region::Busan, 0, today), None);
        assert_eq!(unplanned(2022, Region::Busan, 2, today), None, "the period is over");
        assert!(
            decisions(2027, 0, false, today)
                .unwrap()
                .what
                .contains("심의 결과를 기록하십시오")
        );
        assert!(
            decisions(2027, 1, false, today)
                .unwrap()
                .what
                .contains("1건의 결과를 확인하고 공개하십시오")
        );
        assert_eq!(decisions(2027, 1, true, today), None);
    }
}

#[test]
fn an_open_report_is_a_task_due_on_its_deadline_and_belongs_to_no_round() {
    use crate::grievance::Status;
    let received = grievance(7, "2703-000007", Status::Received, Day::ymd(2027, 3, 18), TODAY);
    assert_eq!(received.what, "애로사항 2703-000007 배정·답변");
    assert_eq!((received.round, received.link.as_str()), (None, "/grievances/7"));
    let late = grievance(8, "2703-000008", Status::InProgress, Day::ymd(2027, 3, 1), TODAY);
    assert_eq!(late.what, "애로사항 2703-000008 답변");
    assert!(late.overdue);
    let letter = crate::mail::deadline(&late, 0).unwrap();
    assert!(letter.body.contains("처리기한이 다가오는 애로사항"), "{}", letter.body);
    assert!(!letter.body.contains("공모"), "a report is not a round's task");
}
