//! 애로사항 접수: what a firm or a local government files, checked before anything is stored.

use serde::{Deserialize, Serialize};

use super::Category;
use crate::complex::ComplexId;
use crate::date::Day;
use crate::mail::{Email, EmailProblem};
use crate::password::{PasswordProblem, check_password};
use crate::results::{BadBusinessNumber, BusinessNumber};

pub const MAX_TITLE: usize = 100;
pub const MAX_BODY: usize = 4_000;
const MAX_NAME: usize = 50;
/// Filings accepted from one address in an hour. A complex's management office may file for
/// several firms after a meeting, so not one; a script filing hundreds is stopped.
pub const FILINGS_PER_HOUR: i64 = 10;
/// How long a filer who gave her receipt number and password may follow her report before
/// she is asked for them again, in seconds.
pub const FOLLOW_SECONDS: i64 = 3_600;

/// 신청인: who files, and how to reach her. Seen only by the handling body and the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Filer {
    /// 성명 (담당자)
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50, pattern = r"\S"))]
    pub name: String,
    /// 기업·기관명
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50, pattern = r"\S"))]
    pub organisation: String,
    /// 사업자등록번호, ten digits with or without hyphens; a firm's, checked by its check digit.
    #[serde(default)]
    pub business_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// 애로사항 신청
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Filing {
    pub complex: ComplexId,
    pub category: Category,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000, pattern = r"\S"))]
    pub body: String,
    pub filer: Filer,
    /// 공개 동의: the filer agrees that an approved public text of the report and its answer
    /// may be shown to everyone. Contact details never are.
    #[serde(default)]
    pub wants_public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilingError {
    #[error("분류는 규제·인허가, 기반시설, 인력, 자금, 환경·안전, 기술, 기타 가운데 하나를 고르십시오.")]
    UnknownCategory,
    #[error("{0}을(를) 입력해 주십시오.")]
    Missing(&'static str),
    #[error("{what}은(는) {max}자 이내로 적어 주십시오.")]
    TooLong { what: &'static str, max: usize },
    #[error(transparent)]
    BusinessNumber(#[from] BadBusinessNumber),
    #[error("전화번호 '{0}'을(를) 알아볼 수 없습니다. 숫자 9~11자리로 적어 주십시오 (예: 055-123-4567).")]
    Phone(String),
    #[error(transparent)]
    Email(#[from] EmailProblem),
    #[error("답변을 받을 전화번호나 전자우편 주소 가운데 하나는 적어 주십시오.")]
    NoContact,
    #[error("조회 비밀번호: {0}")]
    Password(PasswordProblem),
    #[error(
        "이 주소에서 한 시간에 접수할 수 있는 애로사항({FILINGS_PER_HOUR}건)을 넘었습니다. 한 시간 뒤에 다시 접수하거나 시·도 담당 부서에 연락해 주십시오."
    )]
    TooMany,
}

fn text(value: &str, what: &'static str, max: usize) -> Result<String, FilingError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FilingError::Missing(what));
    }
    if value.chars().count() > max {
        return Err(FilingError::TooLong { what, max });
    }
    Ok(value.to_string())
}

fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filing {
    /// The filing with its texts trimmed and its numbers written one way, or what is wrong.
    pub fn checked(&self) -> Result<Filing, FilingError> {
        let business_number = optional(&self.filer.business_number)
            .map(|n| n.parse::<BusinessNumber>().map(|n| n.to_string()))
            .transpose()?;
        let phone = optional(&self.filer.phone).map(phone).transpose()?;
        let email = optional(&self.filer.email)
            .map(|e| Email::parse(e).map(|e| e.to_string()))
            .transpose()?;
        if phone.is_none() && email.is_none() {
            return Err(FilingError::NoContact);
        }
        Ok(Filing {
            complex: self.complex.clone(),
            category: self.category,
            title: text(&self.title, "제목", MAX_TITLE)?,
            body: text(&self.body, "내용", MAX_BODY)?,
            filer: Filer {
                name: text(&self.filer.name, "성명", MAX_NAME)?,
                organisation: text(&self.filer.organisation, "기업·기관명", MAX_NAME)?,
                business_number,
                phone,
                email,
            },
            wants_public: self.wants_public,
        })
    }
}

/// The password a filer without an account follows her report with: the sign-in rule, as it
/// guards the same personal data.
pub fn check_follow_password(password: &str) -> Result<(), FilingError> {
    check_password(password, "").map_err(FilingError::Password)
}

fn phone(value: &str) -> Result<String, FilingError> {
    let allowed = value.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if allowed && (9..=11).contains(&digits) {
        Ok(value.to_string())
    } else {
        Err(FilingError::Phone(value.to_string()))
    }
}

/// 접수번호: the year and month of receipt and the report's serial, "2612-000042". It names the
/// report; the password or an account, not the number, opens it.
pub fn receipt_number(received: &Day, serial: i64) -> String {
    format!(
        "{:02}{:02}-{serial:06}",
        received.year.rem_euclid(100),
        received.month.unwrap_or(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filing() -> Filing {
        Filing {
            complex: ComplexId("changwon".into()),
            category: Category::Regulation,
            title: "  공장 증설 인허가 지연 ".into(),
            body: "증설 허가가 석 달째 나지 않습니다.".into(),
            filer: Filer {
                name: "김민수".into(),
                organisation: "(주)창원정밀".into(),
                business_number: Some("124-81-00998".into()),
                phone: Some("055-123-4567".into()),
                email: None,
            },
            wants_public: false,
        }
    }

    #[test]
    fn a_complete_filing_is_trimmed_and_its_business_number_written_one_way() {
        let mut f = filing();
        f.filer.business_number = Some("1248100998".into());
        let checked = f.checked().unwrap();
        assert_eq!(checked.title, "공장 증설 인허가 지연");
        assert_eq!(checked.filer.business_number.as_deref(), Some("124-81-00998"));
    }

    #[test]
    fn a_business_number_with_a_wrong_check_digit_is_refused() {
        let mut f = filing();
        f.filer.business_number = Some("124-81-00997".into());
        assert!(matches!(
            f.checked().unwrap_err(),
            FilingError::BusinessNumber(BadBusinessNumber::CheckDigit(_))
        ));
    }

    #[test]
    fn a_filing_needs_a_way_to_answer_and_well_formed_contacts() {
        let mut f = filing();
        f.filer.phone = Some("  ".into());
        assert_eq!(f.checked().unwrap_err(), FilingError::NoContact);
        f.filer.phone = Some("055-12".into());
        assert!(matches!(f.checked().unwrap_err(), FilingError::Phone(_)));
        f.filer.phone = None;
        f.filer.email = Some("kim@site".into());
        assert!(matches!(f.checked().unwrap_err(), FilingError::Email(_)));
        f.filer.email = Some("kim@site.kr".into());
        assert!(f.checked().is_ok());
    }

    #[test]
    fn titles_and_texts_are_required_and_bounded() {
        let mut f = filing();
        f.title = " ".into();
        assert_eq!(f.checked().unwrap_err(), FilingError::Missing("제목"));
        f.title = "가".repeat(MAX_TITLE + 1);
        assert_eq!(
            f.checked().unwrap_err().to_string(),
            format!("제목은(는) {MAX_TITLE}자 이내로 적어 주십시오.")
        );
        f.title = "가".repeat(MAX_TITLE);
        f.body = "나".repeat(MAX_BODY + 1);
        assert!(matches!(
            f.checked().unwrap_err(),
            FilingError::TooLong { what: "내용", .. }
        ));
    }

    #[test]
    fn the_follow_password_follows_the_sign_in_rule() {
        assert!(check_follow_password("1234").is_err());
        assert!(check_follow_password("Sandan-2026!").is_ok());
    }

    #[test]
    fn the_receipt_number_carries_the_month_and_serial() {
        assert_eq!(receipt_number(&Day::ymd(2026, 12, 4), 42), "2612-000042");
        assert_eq!(receipt_number(&Day::ymd(2031, 3, 1), 1_234_567), "3103-1234567");
    }
}
