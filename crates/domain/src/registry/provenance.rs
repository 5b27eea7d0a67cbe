//! 출처: where a registry file's rows come from, named the same way whether the office loads the
//! file from the command line or from the page, so both cite one source entry per quarter.

use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::package::Quarter;
use crate::source::SourceId;

/// Where the rows come from: 출처, 기준일 and, for statistics, the quarter they describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// 출처, e.g. "한국산업단지공단 전국산업단지현황통계 2024년 4분기".
    pub source: String,
    /// 기준일 of the table (for a quarter, its last day).
    pub as_of: Day,
    /// The quarter the figures describe, unless each row states its own.
    pub quarter: Option<Quarter>,
    /// The record's source entry, listed on complexes this load creates.
    pub source_id: Option<SourceId>,
}

impl Provenance {
    /// 한국산업단지공단's published file of `quarter` (its last day is the 기준일), or, when each
    /// row states its own quarter, read on `today`. `source` is the office's own title, if any;
    /// the source entry is one per quarter, so loading the same quarter again cites it once.
    pub fn kicox(quarter: Option<Quarter>, source: Option<String>, today: Day) -> Provenance {
        let title = "한국산업단지공단 전국산업단지 현황통계";
        Provenance {
            source: source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| match quarter {
                    Some(q) => format!("{title} {q}"),
                    None => title.to_string(),
                }),
            as_of: quarter.map_or(today, |q| q.last_day()),
            quarter,
            source_id: Some(SourceId(match quarter {
                Some(q) => format!("kicox-registry-{q}").to_lowercase(),
                None => format!("kicox-registry-{today}"),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarters_file_is_cited_as_of_its_last_day_under_one_source_entry() {
        let p = Provenance::kicox(Some("2024-Q4".parse().unwrap()), None, Day::ymd(2026, 12, 4));
        assert_eq!(p.source, "한국산업단지공단 전국산업단지 현황통계 2024-Q4");
        assert_eq!(p.as_of, Day::ymd(2024, 12, 31));
        assert_eq!(p.source_id, Some(SourceId("kicox-registry-2024-q4".into())));
    }

    #[test]
    fn the_offices_title_is_kept_and_a_blank_one_is_none() {
        let titled = Provenance::kicox(None, Some(" 공단 제공 파일 ".into()), Day::ymd(2026, 12, 4));
        assert_eq!(titled.source, "공단 제공 파일");
        assert_eq!(titled.as_of, Day::ymd(2026, 12, 4));
        let blank = Provenance::kicox(None, Some("  ".into()), Day::ymd(2026, 12, 4));
        assert_eq!(blank.source, "한국산업단지공단 전국산업단지 현황통계");
        assert_eq!(blank.source_id, Some(SourceId("kicox-registry-2026-12-04".into())));
    }
}
