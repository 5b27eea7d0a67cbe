//! 건너뛸 행: the rows of a published table that are not complexes — totals (시·도 계, 소계,
//! 합계, 총계, 전국) and notes (※, *, 주), 자료:, 출처:, (단위: …)).

use unicode_normalization::UnicodeNormalization;

use super::cells::{read_kind, read_region};
use super::field::Field;
use super::header::Header;
use super::table::TableRow;

/// A note under (or inside) the table: its first filled cell starts with a note mark.
pub(super) fn is_note(row: &TableRow) -> bool {
    let first = row.cells.iter().map(|c| c.trim()).find(|c| !c.is_empty()).unwrap_or("");
    let compact: String = first.nfc().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with(['※', '*', '＊'])
        || compact.starts_with("자료:")
        || compact.starts_with("출처:")
        || compact.starts_with("(단위")
        || compact.starts_with("단위:")
        || is_numbered_note(&compact)
}

/// "주)", "주1)", "주:" — but not a name that merely begins with 주 ("주안·부평").
fn is_numbered_note(compact: &str) -> bool {
    let Some(rest) = compact.strip_prefix('주') else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with([')', ':', '）', '.'])
}

/// Words that make a cell a total: on their own, or after a 시·도 or a type ("경기 계",
/// "국가 소계", "일반산업단지 합계 : 9개").
fn is_total_text(text: &str) -> bool {
    let compact: String = text.nfc().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return false;
    }
    if matches!(compact.as_str(), "계" | "전국" | "전체" | "총계" | "합계" | "소계")
        || compact.contains("소계")
        || compact.contains("합계")
        || compact.contains("총계")
    {
        return true;
    }
    compact
        .strip_suffix('계')
        .is_some_and(|before| read_region(before).is_ok() || read_kind(before).is_ok() || before == "전국")
}

/// A subtotal row: its 단지명, 시·도, 유형 or 시·군·구 cell is a total ("경기 계", "소계"), which
/// also catches the rows whose name is blank and whose 시·도 cell says 계.
pub(super) fn is_subtotal(row: &TableRow, header: &Header) -> bool {
    [Field::Name, Field::Region, Field::Kind, Field::District]
        .iter()
        .filter_map(|f| header.column(*f))
        .any(|c| is_total_text(row.cell(c.index)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_told_by_their_words_alone_or_after_a_region_or_type() {
        for text in [
            "계",
            "합계",
            "소계",
            "총계",
            "전국",
            "경기 계",
            "경기도계",
            "국가 소계",
            "일반산업단지 합계 : 9개",
            "전국 계",
        ] {
            assert!(is_total_text(text), "{text}");
        }
        for text in ["", "반월·시화", "세계로", "경기", "국가", "주안·부평"] {
            assert!(!is_total_text(text), "{text}");
        }
    }

    #[test]
    fn notes_are_told_by_their_first_filled_cell() {
        let row = |cells: &[&str]| TableRow {
            line: 1,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        for cells in [
            &["※ 잠정치"][..],
            &["", "* 2024년 말 기준"],
            &["주) 면적은 지정면적"],
            &["주1) 생산은 당분기"],
            &["주 : 단위 천㎡"],
            &["자료: 한국산업단지공단"],
            &["출처 : 산업입지정보시스템"],
            &["(단위: 천㎡, 개사)"],
        ] {
            assert!(is_note(&row(cells)), "{cells:?}");
        }
        for cells in [&["주안·부평", "국가"][..], &["국가", "경기", "안산시", "반월·시화"]] {
            assert!(!is_note(&row(cells)), "{cells:?}");
        }
    }
}
