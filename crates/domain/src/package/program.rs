//! 부처 지원사업: a ministry's support program that funds projects of confirmed plans.

use serde::{Deserialize, Serialize};

/// 지원사업 (e.g. 스마트공장 구축 및 고도화 — 중소벤처기업부)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub name: String,
    /// 소관 부처, as the ministry officer role names it ("중소벤처기업부").
    pub ministry: String,
    /// 전담기관, where one runs it for the ministry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Where the program's ministry is stated (a URL or a citation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error("사업명을 입력하십시오.")]
    NoName,
    #[error("사업명은 {max}자 이내로 쓰십시오.")]
    NameTooLong { max: usize },
    #[error("소관 부처를 입력하십시오.")]
    NoMinistry,
    #[error("소관 부처 이름은 {max}자 이내로 쓰십시오.")]
    MinistryTooLong { max: usize },
    #[error("'{0}'은(는) 부처·청 이름이 아닙니다 (예: 중소벤처기업부, 산림청).")]
    NotAMinistry(String),
    #[error("{field}은(는) {max}자 이내로 쓰십시오.")]
    TooLong { field: &'static str, max: usize },
}

impl Program {
    const MAX_NAME: usize = 100;
    const MAX_MINISTRY: usize = 30;
    const MAX_OTHER: usize = 300;

    /// A program as an office form gives it: trimmed, with empty optional fields dropped.
    pub fn new(name: &str, ministry: &str, agency: &str, source: &str) -> Result<Program, ProgramError> {
        let optional = |text: &str, field: &'static str| -> Result<Option<String>, ProgramError> {
            let text = text.trim();
            if text.chars().count() > Self::MAX_OTHER {
                return Err(ProgramError::TooLong {
                    field,
                    max: Self::MAX_OTHER,
                });
            }
            Ok((!text.is_empty()).then(|| text.to_string()))
        };
        let (name, ministry) = (name.trim(), ministry.trim());
        if name.is_empty() {
            return Err(ProgramError::NoName);
        }
        if name.chars().count() > Self::MAX_NAME {
            return Err(ProgramError::NameTooLong { max: Self::MAX_NAME });
        }
        if ministry.is_empty() {
            return Err(ProgramError::NoMinistry);
        }
        if ministry.chars().count() > Self::MAX_MINISTRY {
            return Err(ProgramError::MinistryTooLong {
                max: Self::MAX_MINISTRY,
            });
        }
        // 부·처·청·위원회: the endings of central government bodies (정부조직법).
        if !["부", "처", "청", "위원회"].iter().any(|end| ministry.ends_with(end)) {
            return Err(ProgramError::NotAMinistry(ministry.to_string()));
        }
        Ok(Program {
            name: name.to_string(),
            ministry: ministry.to_string(),
            agency: optional(agency, "전담기관")?,
            source: optional(source, "출처")?,
        })
    }
}

/// The programs research has tied to a ministry with a source (research notes, "Programme →
/// ministry"). Whether each was formally in a given region's package is not sourced, so none
/// is linked to a project here.
pub fn sourced_programs() -> Vec<Program> {
    let p = |name: &str, ministry: &str, agency: Option<&str>, source: &str| Program {
        name: name.into(),
        ministry: ministry.into(),
        agency: agency.map(Into::into),
        source: Some(source.into()),
    };
    vec![
        p(
            "스마트공장 구축 및 고도화",
            "중소벤처기업부",
            Some("중소기업기술정보진흥원 스마트제조혁신추진단"),
            "https://m.korea.kr/briefing/pressReleaseView.do?newsId=156513772",
        ),
        p(
            "고용안정 선제대응 패키지",
            "고용노동부",
            None,
            "https://www.hankookilbo.com/News/Read/A2021050309470003204",
        ),
        p(
            "산단환경개선펀드",
            "산업통상자원부",
            Some("한국산업단지공단"),
            "https://www.kyeonggi.com/article/202003221119832",
        ),
        p(
            "휴폐업공장 리모델링",
            "산업통상자원부",
            None,
            "https://korea.kr/news/policyNewsView.do?newsId=148939298",
        ),
        p(
            "복합문화센터",
            "산업통상자원부",
            None,
            "https://zdnet.co.kr/view/?no=20211231180151",
        ),
        p(
            "스마트제조 고급인력양성",
            "산업통상자원부",
            Some("한국산업단지공단"),
            "http://news.unn.net/news/articleView.html?idxno=228704",
        ),
        p(
            "산학융합지구",
            "산업통상자원부",
            None,
            "https://m.ajunews.com/view/20141215093836195",
        ),
        p(
            "미세먼지 차단숲",
            "산림청",
            None,
            "http://www.nonguptimes.com/news/articleView.html?idxno=2605",
        ),
        p(
            "산업단지형 행복주택",
            "국토교통부",
            None,
            "https://m.sedaily.com/NewsView/1HT3UTHA0Y",
        ),
        p(
            "스마트랩",
            "중소벤처기업부",
            Some("한국산업단지공단"),
            "http://www.epnews.co.kr/news/articleView.html?idxno=48273",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_names_a_government_body() {
        let p = Program::new(" 스마트공장 구축 및 고도화 ", "중소벤처기업부", "", "").unwrap();
        assert_eq!(p.name, "스마트공장 구축 및 고도화");
        assert_eq!(p.agency, None);
        assert_eq!(
            Program::new("차단숲", "경기도", "", ""),
            Err(ProgramError::NotAMinistry("경기도".into()))
        );
        assert_eq!(Program::new(" ", "산림청", "", ""), Err(ProgramError::NoName));
        assert_eq!(Program::new("숲", "", "", ""), Err(ProgramError::NoMinistry));
        assert!(matches!(
            Program::new(&"가".repeat(101), "산림청", "", ""),
            Err(ProgramError::NameTooLong { .. })
        ));
    }

    #[test]
    fn every_sourced_program_passes_the_same_rules_an_office_form_does() {
        for p in sourced_programs() {
            let again = Program::new(
                &p.name,
                &p.ministry,
                p.agency.as_deref().unwrap_or(""),
                p.source.as_deref().unwrap_or(""),
            );
            assert_eq!(again.as_ref(), Ok(&p));
        }
    }
}
