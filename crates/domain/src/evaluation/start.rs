//! 평가 개시 시점: evaluators score the versions frozen when scoring starts, so it starts only
//! once no province can submit again — the call's deadline passed, every reopening and revision
//! request run out. The office may start earlier on purpose, with its reason; the start itself
//! then closes submissions (`PanelAction::SubmitPlan`), and the audit trail keeps the reason
//! beside what was still open.

use super::panel;
use crate::submission::{Late, SeoulTime, Window};

/// Why scoring may start now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Submissions closed at `deadline` and nothing has opened them since.
    Closed { deadline: SeoulTime },
    /// 조기 개시: submissions were still open (`open` says how) and the office started anyway.
    Early { reason: String, open: String },
}

/// Whether scoring may start, given the submission window now open to any province (`Ok`) or
/// closed to all (`Err`), and the office's reason for starting early, if it gave one. A reason
/// given when submissions are closed anyway is not needed and not kept.
pub fn basis(window: Result<Window, Late>, early: Option<&str>) -> Result<Basis, String> {
    let open = match window {
        Err(Late { deadline }) => return Ok(Basis::Closed { deadline }),
        Ok(open) => open.korean(),
    };
    let reason = panel::note(early.unwrap_or_default(), "조기 개시 사유")?;
    if reason.is_empty() {
        return Err(format!(
            "접수가 아직 끝나지 않아 평가를 시작할 수 없습니다 ({open}). 접수가 끝난 뒤 시작하거나, \
             조기 개시 사유를 적어 시작하십시오. 조기 개시하면 그때부터 시·도는 계획안을 제출할 수 없습니다."
        ));
    }
    Ok(Basis::Early { reason, open })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::ClockTime;
    use crate::date::Day;
    use crate::submission::window;

    fn at(d: u8, hour: u8) -> SeoulTime {
        SeoulTime::at(Day::ymd(2027, 3, d), ClockTime { hour, minute: 0 })
    }

    #[test]
    fn scoring_starts_on_its_own_only_after_the_deadline_and_every_reopening() {
        let deadline = Some(at(29, 18));
        assert_eq!(
            basis(window(at(30, 9), deadline, &[], None), None),
            Ok(Basis::Closed { deadline: at(29, 18) })
        );
        let before = basis(window(at(29, 17), deadline, &[], None), None).unwrap_err();
        assert!(
            before.contains("접수 중 — 2027. 3. 29.(월) 18:00 마감") && before.contains("조기 개시 사유"),
            "{before}"
        );
        let reopened = basis(window(at(30, 9), deadline, &[at(31, 18)], None), None).unwrap_err();
        assert!(reopened.contains("마감 후 재개됨"), "{reopened}");
        let revising = basis(window(at(30, 9), deadline, &[], Some(at(31, 18))), Some("  ")).unwrap_err();
        assert!(
            revising.contains("보완 제출 기한"),
            "a blank reason is no reason: {revising}"
        );
        let undated = basis(window(at(30, 9), None, &[], None), None).unwrap_err();
        assert!(undated.contains("마감일 미정"), "{undated}");
    }

    #[test]
    fn the_office_may_start_early_with_a_reason_which_is_kept_with_what_was_open() {
        let open = window(at(29, 17), Some(at(29, 18)), &[], None);
        assert_eq!(
            basis(open.clone(), Some(" 위원 일정상 불가피 ")),
            Ok(Basis::Early {
                reason: "위원 일정상 불가피".into(),
                open: "접수 중 — 2027. 3. 29.(월) 18:00 마감".into(),
            })
        );
        assert!(basis(open, Some(&"가".repeat(501))).unwrap_err().contains("500자"));
        assert_eq!(
            basis(window(at(30, 9), Some(at(29, 18)), &[], None), Some("필요 없음")),
            Ok(Basis::Closed { deadline: at(29, 18) }),
            "no early start when submissions are closed"
        );
    }
}
