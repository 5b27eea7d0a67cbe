//! 지원기업 대장: the firms a plan's projects supported, one line per support given. Goals such
//! as "강소기업 99개사 육성" and "신규창업 207개" are counted from it, not typed.

use serde::{Deserialize, Serialize};

use super::business_number::{BadBusinessNumber, BusinessNumber};
use crate::date::Day;
use crate::package::PackagePeriod;

/// 지원 유형
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// 신규창업
    Startup,
    /// 강소기업 육성
    Scaleup,
    /// 스마트공장 구축
    SmartFactory,
    /// 기술개발·사업화
    Technology,
    /// 고용·인력 지원
    Employment,
    /// 기타 지원
    Other,
}

impl SupportKind {
    pub const ALL: [SupportKind; 6] = [
        SupportKind::Startup,
        SupportKind::Scaleup,
        SupportKind::SmartFactory,
        SupportKind::Technology,
        SupportKind::Employment,
        SupportKind::Other,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            SupportKind::Startup => "신규창업",
            SupportKind::Scaleup => "강소기업 육성",
            SupportKind::SmartFactory => "스마트공장 구축",
            SupportKind::Technology => "기술개발·사업화",
            SupportKind::Employment => "고용·인력 지원",
            SupportKind::Other => "기타 지원",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            SupportKind::Startup => "startup",
            SupportKind::Scaleup => "scaleup",
            SupportKind::SmartFactory => "smart_factory",
            SupportKind::Technology => "technology",
            SupportKind::Employment => "employment",
            SupportKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<SupportKind, FirmError> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.key() == text || k.korean() == text)
            .ok_or_else(|| FirmError::UnknownSupport(text.to_string()))
    }
}

/// One support given to one firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportedFirm {
    pub number: BusinessNumber,
    /// 기업명
    pub name: String,
    pub support: SupportKind,
    /// 지원일
    pub date: Day,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FirmError {
    #[error(transparent)]
    Number(#[from] BadBusinessNumber),
    #[error("기업명을 입력하십시오.")]
    NoName,
    #[error("기업명은 {0}자 이내로 쓰십시오.")]
    NameTooLong(usize),
    #[error(
        "지원 유형 '{0}'을(를) 알 수 없습니다. 신규창업, 강소기업 육성, 스마트공장 구축, 기술개발·사업화, 고용·인력 지원, 기타 지원 중 하나를 쓰십시오."
    )]
    UnknownSupport(String),
    #[error("지원일은 연·월·일까지 쓰십시오 (예: 2022-05-16).")]
    PartialDate,
    #[error("지원일 {date}이(가) 사업기간({period}) 밖입니다.")]
    OutsidePeriod { date: String, period: String },
    #[error("지원일 {0}은(는) 아직 오지 않았습니다.")]
    Future(String),
}

impl SupportedFirm {
    const MAX_NAME: usize = 100;

    /// A register line as a form or an import row gives it, checked against the package period
    /// and today.
    pub fn new(
        number: &str,
        name: &str,
        support: &str,
        date: Day,
        period: PackagePeriod,
        today: Day,
    ) -> Result<SupportedFirm, FirmError> {
        let number: BusinessNumber = number.parse()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(FirmError::NoName);
        }
        if name.chars().count() > Self::MAX_NAME {
            return Err(FirmError::NameTooLong(Self::MAX_NAME));
        }
        let support = SupportKind::parse(support)?;
        if date.day.is_none() {
            return Err(FirmError::PartialDate);
        }
        if !period.contains(date.year) {
            return Err(FirmError::OutsidePeriod {
                date: date.korean(),
                period: period.korean(),
            });
        }
        if date > today {
            return Err(FirmError::Future(date.korean()));
        }
        Ok(SupportedFirm {
            number,
            name: name.to_string(),
            support,
            date,
        })
    }
}

/// How many distinct firms received `support` by `until` (a firm supported twice counts once).
pub fn count_firms<'a>(
    register: impl IntoIterator<Item = &'a SupportedFirm>,
    support: SupportKind,
    until: Day,
) -> usize {
    let mut numbers: Vec<BusinessNumber> = register
        .into_iter()
        .filter(|f| f.support == support && f.date <= until)
        .map(|f| f.number)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> PackagePeriod {
        PackagePeriod::of_round(2021)
    }

    fn firm(number: &str, support: &str, date: Day) -> Result<SupportedFirm, FirmError> {
        SupportedFirm::new(number, "(주)반월정밀", support, date, period(), Day::ymd(2023, 6, 30))
    }

    #[test]
    fn a_register_line_is_checked_field_by_field() {
        assert!(firm("124-81-00998", "강소기업 육성", Day::ymd(2022, 5, 16)).is_ok());
        assert!(matches!(
            firm("124-81-00997", "scaleup", Day::ymd(2022, 5, 16)),
            Err(FirmError::Number(BadBusinessNumber::CheckDigit(_)))
        ));
        assert!(matches!(
            firm("124-81-00998", "컨설팅", Day::ymd(2022, 5, 16)),
            Err(FirmError::UnknownSupport(_))
        ));
        assert_eq!(
            firm("124-81-00998", "startup", "2022-05".parse().unwrap()),
            Err(FirmError::PartialDate)
        );
        assert!(matches!(
            firm("124-81-00998", "startup", Day::ymd(2021, 12, 1)),
            Err(FirmError::OutsidePeriod { .. })
        ));
        assert!(matches!(
            firm("124-81-00998", "startup", Day::ymd(2023, 7, 1)),
            Err(FirmError::Future(_))
        ));
    }

    #[test]
    fn goals_count_distinct_firms_of_one_support_up_to_a_day() {
        let a = "124-81-00998";
        let b = BusinessNumber::completing(123_456_789).to_string();
        let register = [
            firm(a, "startup", Day::ymd(2022, 3, 1)).unwrap(),
            firm(a, "startup", Day::ymd(2022, 9, 1)).unwrap(),
            firm(&b, "startup", Day::ymd(2023, 2, 1)).unwrap(),
            firm(&b, "scaleup", Day::ymd(2022, 2, 1)).unwrap(),
        ];
        assert_eq!(count_firms(&register, SupportKind::Startup, Day::ymd(2022, 12, 31)), 1);
        assert_eq!(count_firms(&register, SupportKind::Startup, Day::ymd(2023, 3, 31)), 2);
        assert_eq!(count_firms(&register, SupportKind::Scaleup, Day::ymd(2023, 3, 31)), 1);
        assert_eq!(
            count_firms(&register, SupportKind::Technology, Day::ymd(2023, 3, 31)),
            0
        );
    }
}
