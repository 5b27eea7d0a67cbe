//! 현장 소통: the site visits, 간담회 and consulting sessions where the office and the provinces
//! hear firms and local governments in person, with who took part and what was raised, and the
//! reports filed from them — so a difficulty heard at a meeting is tracked like any other.

use serde::{Deserialize, Serialize};

use super::MAX_BODY;
use crate::complex::ComplexId;
use crate::date::Day;

/// The most organisations one record lists.
pub const MAX_PARTICIPANTS: usize = 50;
/// The most reports one record links: each is looked up while the record is written.
pub const MAX_LINKED_REPORTS: usize = 100;

/// 현장 소통의 종류
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    /// 현장 방문
    SiteVisit,
    /// 간담회
    Meeting,
    /// 컨설팅
    Consulting,
}

impl VisitKind {
    pub const ALL: [VisitKind; 3] = [VisitKind::SiteVisit, VisitKind::Meeting, VisitKind::Consulting];

    pub fn korean(self) -> &'static str {
        match self {
            VisitKind::SiteVisit => "현장 방문",
            VisitKind::Meeting => "간담회",
            VisitKind::Consulting => "컨설팅",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            VisitKind::SiteVisit => "site_visit",
            VisitKind::Meeting => "meeting",
            VisitKind::Consulting => "consulting",
        }
    }

    pub fn parse(key: &str) -> Result<VisitKind, VisitError> {
        VisitKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .ok_or(VisitError::Kind)
    }
}

/// 참석 기관과 인원
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub organisation: String,
    /// 인원; none when the record does not say.
    pub people: Option<u32>,
}

/// 현장 소통 기록
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldVisit {
    pub kind: VisitKind,
    pub day: Day,
    pub complex: ComplexId,
    pub participants: Vec<Participant>,
    /// 제기된 애로사항
    pub issues: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    #[error("현장 소통의 종류는 현장 방문, 간담회, 컨설팅 가운데 하나를 고르십시오.")]
    Kind,
    #[error("참석 기관을 한 줄에 하나씩 적어 주십시오 (예: 경상남도청 2).")]
    NoParticipants,
    #[error("참석 기관은 {MAX_PARTICIPANTS}곳까지 적을 수 있습니다.")]
    TooManyParticipants,
    #[error("'{0}'줄의 인원을 알아볼 수 없습니다. '기관명 인원' 꼴로 적어 주십시오 (예: 창원시청 3).")]
    People(String),
    #[error("제기된 애로사항을 {MAX_BODY}자 이내로 적어 주십시오.")]
    Issues,
    #[error("'{0}'은(는) 실제 날짜가 아닙니다.")]
    Day(String),
    #[error("한 번에 이어 둘 수 있는 애로사항은 {MAX_LINKED_REPORTS}건까지입니다.")]
    TooManyReports,
}

/// The receipt numbers of the reports filed at a visit, separated by commas, spaces or lines:
/// each once, in the order given.
pub fn linked_receipts(text: &str) -> Result<Vec<String>, VisitError> {
    let mut receipts: Vec<String> = Vec::new();
    for receipt in text.split([',', '\n', ' ']).map(str::trim).filter(|r| !r.is_empty()) {
        if !receipts.iter().any(|r| r == receipt) {
            receipts.push(receipt.to_string());
        }
    }
    if receipts.len() > MAX_LINKED_REPORTS {
        return Err(VisitError::TooManyReports);
    }
    Ok(receipts)
}

/// "경상남도청 2" → 경상남도청, 2명; "창원시 기업지원과" → no count. One organisation a line.
pub fn participants(text: &str) -> Result<Vec<Participant>, VisitError> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (organisation, people) = match line.rsplit_once(' ') {
            Some((name, count)) if count.trim_end_matches('명').chars().all(|c| c.is_ascii_digit()) => {
                let count = count.trim_end_matches('명');
                let people = count.parse().map_err(|_| VisitError::People(line.to_string()))?;
                (name.trim(), Some(people))
            }
            _ => (line, None),
        };
        if organisation.is_empty() || organisation.chars().count() > 100 || people == Some(0) {
            return Err(VisitError::People(line.to_string()));
        }
        out.push(Participant {
            organisation: organisation.to_string(),
            people,
        });
    }
    if out.is_empty() {
        return Err(VisitError::NoParticipants);
    }
    if out.len() > MAX_PARTICIPANTS {
        return Err(VisitError::TooManyParticipants);
    }
    Ok(out)
}

impl FieldVisit {
    pub fn checked(&self) -> Result<FieldVisit, VisitError> {
        if !self.day.is_full() {
            return Err(VisitError::Day(self.day.to_string()));
        }
        let issues = self.issues.trim();
        if issues.is_empty() || issues.chars().count() > MAX_BODY {
            return Err(VisitError::Issues);
        }
        if self.participants.is_empty() {
            return Err(VisitError::NoParticipants);
        }
        if self.participants.len() > MAX_PARTICIPANTS {
            return Err(VisitError::TooManyParticipants);
        }
        Ok(FieldVisit {
            issues: issues.to_string(),
            ..self.clone()
        })
    }

    /// 참석 인원 합계, where every organisation's count is known.
    pub fn people(&self) -> Option<u32> {
        self.participants.iter().map(|p| p.people).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_are_one_organisation_a_line_with_an_optional_count() {
        let p = participants("경상남도청 2\n\n 창원시 기업지원과 \n한국산업단지공단 경남본부 3명").unwrap();
        assert_eq!(
            p.iter()
                .map(|p| (p.organisation.as_str(), p.people))
                .collect::<Vec<_>>(),
            vec![
                ("경상남도청", Some(2)),
                ("창원시 기업지원과", None),
                ("한국산업단지공단 경남본부", Some(3))
            ]
        );
        assert_eq!(participants(" \n "), Err(VisitError::NoParticipants));
        assert_eq!(participants("창원시 0"), Err(VisitError::People("창원시 0".into())));
        assert_eq!(
            participants(&"기관\n".repeat(MAX_PARTICIPANTS + 1)),
            Err(VisitError::TooManyParticipants)
        );
    }

    #[test]
    fn linked_receipts_are_read_once_each_and_bounded() {
        assert_eq!(
            linked_receipts("2603-000001, 2603-000002\n2603-000001 ").unwrap(),
            vec!["2603-000001", "2603-000002"]
        );
        assert_eq!(linked_receipts("  ").unwrap(), Vec::<String>::new());
        let many: Vec<String> = (0..=MAX_LINKED_REPORTS).map(|i| format!("2603-{i:06}")).collect();
        assert_eq!(linked_receipts(&many.join(",")), Err(VisitError::TooManyReports));
    }

    #[test]
    fn a_visit_needs_a_real_day_and_what_was_raised_and_counts_its_people() {
        let visit = FieldVisit {
            kind: VisitKind::Meeting,
            day: Day::ymd(2026, 11, 20),
            complex: ComplexId("changwon".into()),
            participants: participants("경상남도청 2\n입주기업 협의회 12").unwrap(),
            issues: " 인력난, 진입도로 정체 ".into(),
        };
        let checked = visit.checked().unwrap();
        assert_eq!(
            (checked.issues.as_str(), checked.people()),
            ("인력난, 진입도로 정체", Some(14))
        );
        let mut blank = visit.clone();
        blank.issues = " ".into();
        assert_eq!(blank.checked(), Err(VisitError::Issues));
        let mut vague = visit.clone();
        vague.participants.push(Participant {
            organisation: "창원시".into(),
            people: None,
        });
        assert_eq!(vague.people(), None, "a total only when every count is known");
        assert_eq!(VisitKind::parse("meeting"), Ok(VisitKind::Meeting));
        assert_eq!(VisitKind::parse("party"), Err(VisitError::Kind));
    }
}
