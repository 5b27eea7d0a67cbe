//! 애로사항 in the store: thirty reports from firms of three complexes filed, routed,
//! transferred, extended, answered late and on time and rated, with the statistics checked
//! against figures worked out by hand; the per-address limit; following by receipt number and
//! password — on SQLite and PostgreSQL.

use sandan_domain::calendar::Calendar;
use sandan_domain::grievance::{Category, FOLLOW_SECONDS, Filer, Filing, Handler, Statistics, Status, Step};
use sandan_domain::{ComplexId, Day, Region, bundled};
use sandan_store::grievances::{FiledBy, Scope};
use sandan_store::testing::TestDb;
use sandan_store::{Change, EditError, Store};

const PASSWORD: &str = "Follow#2026";

fn at(source: &str) -> Change<'_> {
    Change {
        actor: "anonymous",
        at: "2026-03-09T10:00:00+09:00",
        source,
    }
}

fn official(actor: &'static str) -> Change<'static> {
    Change {
        actor,
        at: "2026-03-10T10:00:00+09:00",
        source: "test",
    }
}

fn filing(complex: &str, category: Category, n: usize) -> Filing {
    Filing {
        complex: ComplexId(complex.into()),
        category,
        title: format!("애로사항 {n}"),
        body: "공장 증설 인허가가 늦어지고 있습니다.".into(),
        filer: Filer {
            name: "김민수".into(),
            organisation: format!("(주)시험기업{n}"),
            business_number: Some("124-81-00998".into()),
            phone: Some("055-123-4567".into()),
            email: None,
        },
        wants_public: n.is_multiple_of(2),
    }
}

fn d(month: u8, day: u8) -> Day {
    Day::ymd(2026, month, day)
}

async fn step(s: &Store, id: i64, step: Step, on: Day, actor: &'static str) {
    s.take_grievance_step(id, &step, None, &on, &official(actor))
        .await
        .unwrap_or_else(|e| panic!("{id} {step:?}: {e}"));
}

/// Files `filing` without an account from `source` on `day`.
async fn file(s: &Store, filing: Filing, day: &Day, now: i64, source: &str) -> sandan_store::grievances::Filed {
    s.file_grievance(&filing, FiledBy::Password(PASSWORD), &[], day, now, &at(source))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", filing.title))
}

async fn outcomes(s: &Store, scope: Scope<'_>) -> Vec<sandan_domain::grievance::Outcome> {
    s.grievance_outcomes(scope)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, o)| o)
        .collect()
}

async fn answer(s: &Store, id: i64, on: Day) {
    step(
        s,
        id,
        Step::Answer {
            text: "지원사업을 안내합니다.".into(),
        },
        on,
        "officer",
    )
    .await;
}

#[tokio::test]
async fn thirty_reports_are_routed_handled_and_counted_as_worked_out_by_hand() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let complexes = ["gumi", "changwon", "namdong"];
        let filed_on = d(3, 9);
        let mut ids = Vec::new();
        for i in 0..30 {
            // Even reports are 인력 (7 business days: due 3-18), odd ones 규제·인허가 (14: 3-27).
            let category = if i % 2 == 0 {
                Category::Workforce
            } else {
                Category::Regulation
            };
            let source = format!("10.0.0.{i}");
            let filed = file(s, filing(complexes[i % 3], category, i), &filed_on, 1_000, &source).await;
            let province = [Region::Gyeongbuk, Region::Gyeongnam, Region::Incheon][i % 3];
            assert_eq!(
                filed.handler,
                Handler::Province(province),
                "routed to the complex's province"
            );
            assert_eq!(filed.due, if i % 2 == 0 { d(3, 18) } else { d(3, 27) });
            assert_eq!(filed.receipt, format!("2603-{:06}", filed.id));
            ids.push(filed.id);
        }
        let ministry = Handler::Ministry("고용노동부".into());
        for (i, &id) in ids.iter().enumerate() {
            match i {
                // Answered after 2 business days and rated 1..5 twice over.
                0..10 => {
                    step(s, id, Step::Take, d(3, 10), "officer").await;
                    answer(s, id, d(3, 11)).await;
                    step(
                        s,
                        id,
                        Step::Rate {
                            score: (i % 5) as u8 + 1,
                        },
                        d(3, 12),
                        "anonymous",
                    )
                    .await;
                }
                // Answered on 3-31, after 16 business days: late in either category.
                10..15 => {
                    step(s, id, Step::Take, d(3, 10), "officer").await;
                    answer(s, id, d(3, 31)).await;
                }
                // Transferred on 3-10 to the ministry, whose deadline runs from then (7: 3-19,
                // 14: 3-30), answered 3-20: late for 인력 (16), on time for 규제 (15, 17).
                15..18 => {
                    let transfer = Step::Transfer {
                        to: ministry.clone(),
                        reason: "고용 지원은 부처 소관".into(),
                    };
                    step(s, id, transfer, d(3, 10), "officer").await;
                    step(s, id, Step::Take, d(3, 11), "moel").await;
                    step(s, id, Step::Start, d(3, 11), "moel").await;
                    answer(s, id, d(3, 20)).await;
                }
                // Extended on 3-12 by 5 (3-25 and 4-03), answered 3-24: on time.
                18..20 => {
                    step(s, id, Step::Take, d(3, 10), "officer").await;
                    let extend = Step::Extend {
                        days: 5,
                        reason: "현장 확인".into(),
                    };
                    step(s, id, extend, d(3, 12), "officer").await;
                    answer(s, id, d(3, 24)).await;
                }
                20..25 => step(s, id, Step::Take, d(3, 10), "officer").await,
                _ => {}
            }
        }

        let calendar = Calendar::bundled();
        let today = d(3, 30);
        let program = Statistics::of(&outcomes(s, Scope::Program).await, &today, &calendar);
        assert_eq!(program.total, 30);
        let count = |tallies: &[sandan_domain::grievance::Tally], key: &str| {
            tallies.iter().find(|t| t.key == key).unwrap().count
        };
        assert_eq!(
            (
                count(&program.by_category, "workforce"),
                count(&program.by_category, "regulation")
            ),
            (15, 15)
        );
        assert_eq!(
            Status::ALL.map(|st| count(&program.by_status, st.key())),
            [5, 5, 0, 10, 10],
            "received, assigned, in progress, answered, closed"
        );
        assert_eq!((program.answered, program.answered_on_time), (20, 14));
        // Ten answers after 2 days, three after 9, two after 11, five after 16: the median of
        // twenty is halfway between the 10th (2) and the 11th (9).
        assert_eq!(program.median_days_to_answer, Some(5.5));
        assert_eq!(program.overdue, 10, "every open report is past 3-18 or 3-27 on 3-30");
        assert_eq!((program.ratings, program.mean_rating), (10, Some(3.0)));

        // 구미: reports 0, 3, …, 27.
        let gumi = ComplexId("gumi".into());
        let g = Statistics::of(&outcomes(s, Scope::Complex(&gumi)).await, &today, &calendar);
        assert_eq!(g.total, 10);
        assert_eq!((g.answered, g.answered_on_time, g.overdue), (7, 6, 3));
        assert_eq!((g.ratings, g.mean_rating), (4, Some(3.0)), "ratings 1, 4, 2 and 5");
        assert_eq!(
            s.complex_grievance_statistics(&gumi, &today).await.unwrap(),
            g,
            "the cached figures of every complex are the same count"
        );
        let empty = s
            .complex_grievance_statistics(&ComplexId("seongju".into()), &today)
            .await
            .unwrap();
        assert_eq!(empty.total, 0);
        let region = Statistics::of(&outcomes(s, Scope::Region(Region::Gyeongnam)).await, &today, &calendar);
        assert_eq!(region.total, 10);

        // Each body lists what is routed to it now; the history keeps the transfer.
        let at_ministry = s
            .grievances_for(Some(std::slice::from_ref(&ministry)), None)
            .await
            .unwrap();
        assert_eq!(
            at_ministry.iter().map(|l| l.id).collect::<Vec<_>>(),
            vec![ids[17], ids[16], ids[15]]
        );
        let gyeongbuk = Handler::Province(Region::Gyeongbuk);
        let listed = s
            .grievances_for(Some(&[gyeongbuk]), Some(Status::Received))
            .await
            .unwrap();
        assert_eq!(listed.iter().map(|l| l.id).collect::<Vec<_>>(), vec![ids[27]]);
        let g15 = s.grievance_unaudited(ids[15]).await.unwrap().unwrap();
        s.record_filer_reading(ids[15], &official("moel")).await.unwrap();
        let steps: Vec<&str> = g15.events.iter().map(|e| e.step.as_str()).collect();
        assert_eq!(steps, ["접수", "이송", "배정", "처리 시작", "답변"]);
        assert_eq!(g15.events[1].note.as_deref(), Some("고용 지원은 부처 소관"));
        assert_eq!(g15.events[0].handler, Handler::Province(Region::Gyeongbuk));
        assert_eq!(g15.events[1].handler, ministry);
        let reads = s
            .audit_log(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "grievance.read_personal" && e.actor == "moel")
            .count();
        assert_eq!(reads, 1, "reading the filer's contacts is audited");
    }
}

#[tokio::test]
async fn a_refused_step_or_a_stale_one_changes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let filed = file(s, filing("gumi", Category::Finance, 1), &d(3, 9), 0, "a").await;
        let before = s.grievance_unaudited(filed.id).await.unwrap().unwrap();
        let refused = s
            .take_grievance_step(filed.id, &Step::Close, None, &d(3, 10), &official("officer"))
            .await;
        assert!(matches!(refused, Err(EditError::Refused(m)) if m.contains("'접수' 상태에서는 종결")));
        s.take_grievance_step(
            filed.id,
            &Step::Take,
            Some(before.version),
            &d(3, 10),
            &official("officer"),
        )
        .await
        .unwrap();
        let stale = s
            .take_grievance_step(
                filed.id,
                &Step::Start,
                Some(before.version),
                &d(3, 10),
                &official("other"),
            )
            .await;
        assert!(matches!(stale, Err(EditError::Stale { .. })), "{stale:?}");
        let after = s.grievance_unaudited(filed.id).await.unwrap().unwrap();
        assert_eq!(after.progress.status, Status::Assigned);
        assert_eq!(after.events.len(), 2);
    }
}

#[tokio::test]
async fn one_address_files_ten_reports_an_hour_and_a_bad_filing_writes_nothing() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        for i in 0..10 {
            file(s, filing("gumi", Category::Other, i), &d(3, 9), 5_000, "1.2.3.4").await;
        }
        let eleventh = s
            .file_grievance(
                &filing("gumi", Category::Other, 10),
                FiledBy::Password(PASSWORD),
                &[],
                &d(3, 9),
                5_000,
                &at("1.2.3.4"),
            )
            .await;
        assert!(matches!(eleventh, Err(EditError::TooMany(m)) if m.contains("한 시간")));
        s.file_grievance(
            &filing("gumi", Category::Other, 11),
            FiledBy::Password(PASSWORD),
            &[],
            &d(3, 9),
            5_000 + 3_601,
            &at("1.2.3.4"),
        )
        .await
        .expect("an hour later");
        let mut bad = filing("gumi", Category::Other, 12);
        bad.filer.business_number = Some("124-81-00997".into());
        let refused = s
            .file_grievance(&bad, FiledBy::Password(PASSWORD), &[], &d(3, 9), 0, &at("5.6.7.8"))
            .await;
        assert!(matches!(refused, Err(EditError::Refused(m)) if m.contains("검증번호")));
        let weak = s
            .file_grievance(
                &filing("gumi", Category::Other, 13),
                FiledBy::Password("1234"),
                &[],
                &d(3, 9),
                0,
                &at("5.6.7.8"),
            )
            .await;
        assert!(matches!(weak, Err(EditError::Refused(m)) if m.contains("조회 비밀번호")));
        assert_eq!(s.grievance_outcomes(Scope::Program).await.unwrap().len(), 11);
    }
}

#[tokio::test]
async fn a_filer_follows_her_report_with_its_receipt_and_password_for_an_hour() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let filed = file(s, filing("changwon", Category::Technology, 1), &d(3, 9), 0, "9.9.9.9").await;
        for (receipt, password) in [(filed.receipt.as_str(), "Wrong#2026x"), ("2603-999999", PASSWORD)] {
            let refused = s.follow_grievance(receipt, password, 100, &at("9.9.9.9")).await;
            assert!(matches!(refused, Err(EditError::NotFound(m)) if m.contains("접수번호나 비밀번호")));
        }
        let (id, token) = s
            .follow_grievance(&format!(" {} ", filed.receipt), PASSWORD, 100, &at("9.9.9.9"))
            .await
            .unwrap();
        assert_eq!(id, filed.id);
        assert_eq!(
            s.followed_grievance(&token, 100 + FOLLOW_SECONDS - 1).await.unwrap(),
            Some(id)
        );
        assert_eq!(s.followed_grievance(&token, 100 + FOLLOW_SECONDS).await.unwrap(), None);
        assert_eq!(s.followed_grievance("not-a-token", 100).await.unwrap(), None);
        // Twenty wrong tries from one address stop it, the right password included.
        for _ in 0..20 {
            let _ = s
                .follow_grievance(&filed.receipt, "Wrong#2026x", 200, &at("6.6.6.6"))
                .await;
        }
        let stopped = s.follow_grievance(&filed.receipt, PASSWORD, 200, &at("6.6.6.6")).await;
        assert!(matches!(stopped, Err(EditError::TooMany(m)) if m.contains("너무 많습니다")));
    }
}

#[tokio::test]
async fn the_record_is_replaced_around_reports_but_never_drops_a_complex_one_names() {
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let filed = file(s, filing("gumi", Category::Finance, 1), &d(3, 9), 0, "a").await;
        s.replace_record(&bundled(), &official("import"))
            .await
            .expect("the same complexes");
        assert!(s.grievance_unaudited(filed.id).await.unwrap().is_some());
        let mut without = bundled();
        without.complexes.retain(|c| c.id.0 != "gumi");
        without
            .plans
            .retain(|p| p.hub.complex.0 != "gumi" && p.linked.iter().all(|l| l.complex.0 != "gumi"));
        without
            .designations
            .retain(|d| d.complex.as_ref().is_none_or(|c| c.0 != "gumi"));
        let refused = s.replace_record(&without, &official("import")).await;
        assert!(
            matches!(&refused, Err(sandan_store::StoreError::ComplexesInUse(ids)) if ids == &["gumi".to_string()]),
            "{refused:?}"
        );
        assert!(
            s.complex(&ComplexId("gumi".into())).await.unwrap().is_some(),
            "nothing changed"
        );
    }
}

#[tokio::test]
async fn the_body_a_report_comes_to_and_the_filer_with_an_account_are_mailed_without_its_text() {
    use sandan_domain::Role;
    use sandan_domain::mail::Kind;
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let gyeongbuk = Role::ProvincialOfficer {
            region: Region::Gyeongbuk,
        };
        let moel = Role::MinistryOfficer {
            ministry: "고용노동부".into(),
        };
        crate::mail::user(s, "gb-officer", &[gyeongbuk], "gb@gb.go.kr", true).await;
        crate::mail::user(s, "moel-officer", &[moel], "moel@moel.go.kr", true).await;
        let firm = crate::mail::user(s, "firm-ceo", &[], "ceo@firm.kr", true).await;
        let filed = s
            .file_grievance(
                &filing("gumi", Category::Workforce, 1),
                FiledBy::Account(firm),
                &[],
                &d(3, 9),
                0,
                &at("a"),
            )
            .await
            .unwrap();
        let transfer = Step::Transfer {
            to: Handler::Ministry("고용노동부".into()),
            reason: "부처 소관".into(),
        };
        step(s, filed.id, transfer, d(3, 10), "gb").await;
        step(s, filed.id, Step::Take, d(3, 11), "moel").await;
        answer(s, filed.id, d(3, 12)).await;
        let outbox = s.outbox(None, 100).await.unwrap();
        let mailed = |kind: Kind| -> Vec<String> {
            outbox
                .iter()
                .filter(|m| m.kind == kind)
                .map(|m| m.login.clone())
                .collect()
        };
        let mut routed = mailed(Kind::GrievanceRouted);
        routed.sort();
        assert_eq!(
            routed,
            ["gb-officer", "moel-officer"],
            "filed to 경북, transferred to the ministry"
        );
        assert_eq!(mailed(Kind::GrievanceAnswered), ["firm-ceo"]);
        for m in outbox.iter().filter(|m| m.kind != Kind::Verification) {
            assert!(m.body.contains(&filed.receipt), "{}", m.body);
            assert!(
                !m.body.contains("애로사항 1") && !m.body.contains("김민수"),
                "no text, no filer: {}",
                m.body
            );
        }
    }
}

#[tokio::test]
async fn a_meeting_is_recorded_with_the_reports_filed_from_it_and_an_unknown_receipt_refuses_it_whole() {
    use sandan_domain::grievance::{FieldVisit, VisitKind, participants};
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let mut receipts = Vec::new();
        for i in 0..2 {
            let filed = file(s, filing("gumi", Category::Workforce, i), &d(3, 9), 0, "a").await;
            receipts.push(filed.receipt);
        }
        let meeting = FieldVisit {
            kind: VisitKind::Meeting,
            day: d(3, 6),
            complex: ComplexId("gumi".into()),
            participants: participants("경상북도청 2\n구미시청 1\n입주기업 협의회 12").unwrap(),
            issues: "인력난과 통근버스 노선".into(),
        };
        let mut with_unknown = receipts.clone();
        with_unknown.push("2603-999999".into());
        let refused = s.record_visit(&meeting, &with_unknown, &official("gb-officer")).await;
        assert!(matches!(refused, Err(EditError::Refused(m)) if m.contains("2603-999999")));
        assert!(s.visits(None).await.unwrap().is_empty(), "nothing written");
        let id = s
            .record_visit(&meeting, &receipts, &official("gb-officer"))
            .await
            .unwrap();
        let in_gyeongbuk = s.visits(Some(&[Region::Gyeongbuk])).await.unwrap();
        assert_eq!(in_gyeongbuk.len(), 1);
        assert_eq!(in_gyeongbuk[0].visit, meeting.checked().unwrap());
        assert_eq!(in_gyeongbuk[0].visit.people(), Some(15));
        assert_eq!(
            in_gyeongbuk[0]
                .reports
                .iter()
                .map(|(_, r)| r.clone())
                .collect::<Vec<_>>(),
            receipts
        );
        assert!(s.visits(Some(&[Region::Busan])).await.unwrap().is_empty());
        let first = in_gyeongbuk[0].reports[0].0;
        assert_eq!(s.visits_of_grievance(first).await.unwrap()[0].id, id);
    }
}

#[tokio::test]
async fn a_filers_data_is_destroyed_once_the_retention_after_the_answer_has_passed_and_the_figures_stay() {
    use sandan_domain::grievance::retention_cutoff;
    use sandan_store::grievances::PURGED;
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let mut ids = Vec::new();
        for (i, answered) in [Some(d(3, 10)), Some(d(3, 20)), None].into_iter().enumerate() {
            let filed = file(s, filing("gumi", Category::Other, i), &d(3, 9), 0, "a").await;
            if let Some(on) = answered {
                step(s, filed.id, Step::Take, d(3, 9), "officer").await;
                answer(s, filed.id, on).await;
            }
            ids.push((filed.id, filed.receipt));
        }
        // Three years after 3-15: the answer of 3-10 is old enough, that of 3-20 not yet.
        let today = Day::ymd(2029, 3, 15);
        let cutoff = retention_cutoff(&today, 3);
        let purged = s
            .purge_grievance_filers(&cutoff, &today, &official("system"))
            .await
            .unwrap();
        assert_eq!(purged, vec![ids[0].0]);
        let gone = s.grievance_unaudited(ids[0].0).await.unwrap().unwrap();
        assert_eq!(
            (
                gone.filer.name.as_str(),
                gone.filer.phone.clone(),
                gone.filer.business_number.clone()
            ),
            (PURGED, None, None)
        );
        assert_eq!(
            gone.answer.as_deref(),
            Some("지원사업을 안내합니다."),
            "the answer stays"
        );
        let kept = s.grievance_unaudited(ids[1].0).await.unwrap().unwrap();
        assert_eq!(kept.filer.name, "김민수");
        let follow = s.follow_grievance(&ids[0].1, PASSWORD, 0, &at("z")).await;
        assert!(
            matches!(follow, Err(EditError::NotFound(_))),
            "nothing left to follow it with"
        );
        assert_eq!(outcomes(s, Scope::Program).await.len(), 3, "the figures stay");
        assert!(
            s.purge_grievance_filers(&cutoff, &today, &official("system"))
                .await
                .unwrap()
                .is_empty(),
            "once"
        );
        let audited = s
            .audit_log(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "grievance.purge_filers")
            .count();
        assert_eq!(audited, 1);
    }
}

#[tokio::test]
async fn a_reports_files_are_filed_with_it_read_on_record_and_destroyed_with_the_filers_data() {
    use sandan_domain::documents::FileType;
    use sandan_domain::grievance::retention_cutoff;
    use sandan_store::grievances::NewAttachment;
    for db in TestDb::all().await {
        let s = &db.store;
        s.replace_record(&bundled(), &official("import")).await.unwrap();
        let photo = b"\x89PNG\r\n\x1a\n road photo".to_vec();
        let files = [NewAttachment {
            name: "도로 파손.png",
            file_type: FileType::Png,
            content: &photo,
        }];
        let mut bad = filing("gumi", Category::Infrastructure, 2);
        bad.filer.business_number = Some("124-81-00990".into());
        let refused = s
            .file_grievance(&bad, FiledBy::Password(PASSWORD), &files, &d(3, 9), 0, &at("a"))
            .await;
        assert!(matches!(refused, Err(EditError::Refused(_))));

        let filed = s
            .file_grievance(
                &filing("gumi", Category::Infrastructure, 1),
                FiledBy::Password(PASSWORD),
                &files,
                &d(3, 9),
                0,
                &at("a"),
            )
            .await
            .unwrap();
        let g = s.grievance_unaudited(filed.id).await.unwrap().unwrap();
        assert_eq!(
            g.attachments
                .iter()
                .map(|a| (a.name.as_str(), a.file_type, a.bytes))
                .collect::<Vec<_>>(),
            vec![("도로 파손.png", FileType::Png, photo.len() as i64)],
            "{:?}",
            db.backend()
        );
        let file = g.attachments[0].id;
        let (_, content) = s
            .read_grievance_attachment(filed.id, file, &official("officer"))
            .await
            .unwrap();
        assert_eq!(content, photo);
        let other = file_one(s).await;
        assert!(
            matches!(
                s.read_grievance_attachment(other, file, &official("officer")).await,
                Err(EditError::NotFound(_))
            ),
            "a file is read only through its own report"
        );
        let reads = s
            .audit_log(1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "grievance.read_file" && e.actor == "officer")
            .count();
        assert_eq!(reads, 1);

        step(s, filed.id, Step::Take, d(3, 9), "officer").await;
        answer(s, filed.id, d(3, 10)).await;
        let today = Day::ymd(2029, 3, 15);
        s.purge_grievance_filers(&retention_cutoff(&today, 3), &today, &official("system"))
            .await
            .unwrap();
        assert!(
            s.grievance_unaudited(filed.id)
                .await
                .unwrap()
                .unwrap()
                .attachments
                .is_empty()
        );
        assert!(matches!(
            s.read_grievance_attachment(filed.id, file, &official("officer")).await,
            Err(EditError::NotFound(_))
        ));
    }
}

async fn file_one(s: &Store) -> i64 {
    file(s, filing("gumi", Category::Other, 9), &d(3, 9), 0, "b").await.id
}
