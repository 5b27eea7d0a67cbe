use super::ics::{self, Event};
use super::*;
use crate::region::Region;
use crate::tasks::Task;

#[test]
fn an_address_is_trimmed_and_its_domain_lowercased() {
    assert_eq!(
        Email::parse("  Hong.Gil-dong@Korea.KR ").unwrap().as_str(),
        "Hong.Gil-dong@korea.kr"
    );
}

#[test]
fn addresses_that_no_relay_accepts_are_refused_in_korean() {
    for bad in [
        "hong",
        "hong@",
        "@korea.kr",
        "hong@korea",
        "hong gil@korea.kr",
        "hong@@korea.kr",
        "a..b@korea.kr",
        "hong@-korea.kr",
        "홍길동@korea.kr",
        "hong@korea.kr\r\nBcc: x@y.z",
    ] {
        let problem = Email::parse(bad).unwrap_err();
        assert!(problem.to_string().contains("형식"), "{bad}: {problem}");
    }
    assert_eq!(Email::parse(" ").unwrap_err(), EmailProblem::Empty);
    assert_eq!(
        Email::parse(&format!("{}@korea.kr", "a".repeat(250))).unwrap_err(),
        EmailProblem::TooLong
    );
}

#[test]
fn retries_double_from_the_base_up_to_an_hour() {
    assert_eq!(retry_after(60, 1), 60);
    assert_eq!(retry_after(60, 2), 120);
    assert_eq!(retry_after(60, 3), 240);
    assert_eq!(retry_after(60, 7), 3600);
    assert_eq!(retry_after(1, 1), 1);
    assert_eq!(retry_after(60, 200), 3600);
}

#[test]
fn kinds_and_statuses_read_back_from_their_slugs() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_slug(kind.slug()), Some(kind));
    }
    for s in [Status::Queued, Status::Sending, Status::Sent, Status::Failed] {
        assert_eq!(Status::from_slug(s.slug()), Some(s));
    }
    assert_eq!(Kind::Verification.class(), Class::Essential);
    assert_eq!(Kind::Deadline.class(), Class::Reminder);
    assert_eq!(Kind::RevisionRequested.class(), Class::Event);
}

#[test]
fn reminders_fall_seven_and_one_business_days_ahead_and_on_the_day() {
    let calendar = Calendar::bundled();
    // 2021-09-30 (목) is due; 추석 2021-09-20..22 lies in between.
    let due = Day::ymd(2021, 9, 30);
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 30), &due), Some(0));
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 29), &due), Some(1));
    // Seven business days before, skipping the weekend and the three days of 추석.
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 16), &due), Some(7));
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 17), &due), None);
    // Nothing goes out on a Saturday or a holiday, nor after the deadline.
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 25), &due), None);
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 9, 21), &due), None);
    assert_eq!(reminder_due(&calendar, &Day::ymd(2021, 10, 1), &due), None);
}

fn task(what: &str, due: Option<Day>) -> Task {
    Task {
        round: Some(2026),
        what: what.into(),
        due,
        overdue: false,
        link: "/rounds/2026/proposals/gyeonggi".into(),
        quarter: None,
    }
}

#[test]
fn letters_link_to_the_page_and_carry_no_content_from_behind_it() {
    let l = revision_requested(2026, Region::Gyeonggi, 2, Day::ymd(2026, 12, 10));
    assert_eq!(l.link, "/rounds/2026/proposals/gyeonggi");
    assert!(
        l.subject
            .starts_with("[산업단지 대개조] 2026년 혁신계획안 보완 요청 (경기)"),
        "{}",
        l.subject
    );
    assert!(
        l.body.contains("제2판") && l.body.contains("2026. 12. 10.(목)"),
        "{}",
        l.body
    );
    let d = deadline(
        &task("혁신계획안을 작성하여 제출하십시오", Some(Day::ymd(2026, 12, 10))),
        1,
    )
    .unwrap();
    assert!(
        d.subject.contains("마감까지 1영업일 남았습니다: 혁신계획안을"),
        "{}",
        d.subject
    );
    assert_eq!(deadline(&task("의견에 답하십시오", None), 0), None);
    let c = chased(2026, "금요일까지 부탁드립니다");
    assert!(c.body.contains("금요일까지 부탁드립니다"));
}

#[test]
fn a_feed_has_one_all_day_event_per_dated_task_with_a_stable_uid() {
    let tasks = vec![
        task("보완본을 제출하십시오, 기한; 엄수", Some(Day::ymd(2026, 12, 31))),
        task("의견에 답하십시오", None),
    ];
    let events = ics::events(&tasks, "https://sandan.example.go.kr/");
    assert_eq!(events.len(), 1);
    assert_eq!(events, ics::events(&tasks, "https://sandan.example.go.kr"));
    assert!(events[0].uid.ends_with("@sandan.example.go.kr"));
    assert_eq!(
        events[0].url,
        "https://sandan.example.go.kr/rounds/2026/proposals/gyeonggi"
    );
    let feed = ics::calendar("산단 대개조 일정", &events, "20261203T101500Z");
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(feed.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
    assert!(feed.contains("SUMMARY:보완본을 제출하십시오\\, 기한\\; 엄수"));
    assert!(feed.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn long_lines_fold_at_75_octets_between_characters() {
    let long = Event {
        uid: "x@y".into(),
        day: Day::ymd(2026, 1, 2),
        summary: "가".repeat(60),
        url: "https://x".into(),
    };
    let feed = ics::calendar("달력", &[long], "20260101T000000Z");
    for line in feed.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = feed.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("SUMMARY:{}", "가".repeat(60))));
}

#[test]
fn an_announcement_needs_a_one_line_title_and_a_body_within_limits() {
    let a = announcement(2026, " 설명회 안내 ", "12월 10일 14시\r\n세종청사").unwrap();
    assert_eq!(a.subject, "[산업단지 대개조] 설명회 안내");
    assert!(a.body.starts_with("12월 10일 14시\n세종청사"));
    assert!(announcement(2026, "", "본문").unwrap_err().contains("제목"));
    assert!(
        announcement(2026, "제목\nBcc: x@y.z", "본문")
            .unwrap_err()
            .contains("한 줄")
    );
    assert!(
        announcement(2026, "제목", &"가".repeat(2001))
            .unwrap_err()
            .contains("2,000자")
    );
}

#[test]
fn a_quarterly_task_is_announced_with_its_quarter_and_no_other_task_is() {
    let mut t = task("2026년 3분기 성과목표 2개의 측정값을 입력하십시오", None);
    assert_eq!(quarterly(&t), None);
    t.quarter = Some(crate::package::Quarter { year: 2026, quarter: 3 });
    let letter = quarterly(&t).unwrap();
    assert_eq!(letter.kind, Kind::Report);
    assert_eq!(letter.subject, "[산업단지 대개조] 2026년 3분기 실적 입력 안내");
    assert!(letter.body.contains("할 일: 2026년 3분기 성과목표 2개의"));
    assert_eq!(Kind::Report.class(), Class::Reminder);
}

#[test]
fn a_report_is_announced_by_its_receipt_and_deadline_and_nothing_the_filer_wrote() {
    let letter = grievance_routed(42, "2612-000042", "경기도", &crate::Day::ymd(2026, 12, 15));
    assert!(letter.subject.contains("2612-000042") && letter.subject.contains("경기도"));
    assert!(letter.body.contains("처리기한: 2026. 12. 15.(화)"), "{}", letter.body);
    assert_eq!(
        (letter.link.as_str(), letter.kind.class()),
        ("/grievances/42", Class::Event)
    );
    let answered = grievance_answered(42, "2612-000042");
    assert_eq!(answered.kind, Kind::GrievanceAnswered);
}
