//! 반영 미리보기 as text: what an official reads before a registry file is loaded — what was
//! read and left out, what would change, and which rows wait for her decision.

use super::{ReadTable, RegistryChanges, SkipReason};

/// Lines listed of each kind; the counts always cover everything.
const SHOWN: usize = 20;

/// The dry run in Korean, one line each.
pub fn summary(read: &ReadTable, changes: &RegistryChanges) -> Vec<String> {
    let mut out = Vec::new();
    let header_lines = read
        .header
        .lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("·");
    out.push(format!(
        "머리글 {header_lines}행: 열 {}개를 읽었습니다.",
        read.header.columns.len()
    ));
    if !read.header.unmapped.is_empty() {
        out.push(format!("읽지 않은 열: {}", read.header.unmapped.join(", ")));
    }
    let skipped = [
        SkipReason::Subtotal,
        SkipReason::Note,
        SkipReason::Blank,
        SkipReason::RepeatedHeader,
    ]
    .map(|reason| {
        let n = read.skipped.iter().filter(|s| s.reason == reason).count();
        format!("{} {n}행", reason.korean())
    });
    out.push(format!("단지 행 {}개 (제외: {})", read.rows.len(), skipped.join(", ")));
    if !read.problems.is_empty() {
        out.push(format!("값을 읽지 못한 칸 {}개:", read.problems.len()));
        for p in read.problems.iter().take(SHOWN) {
            out.push(format!("  {}행 '{}': {}", p.line, p.column, p.message));
        }
    }
    out.push(format!(
        "바뀌는 것: 새 산업단지 {}개, 바뀌는 현황 {}건, 새 분기 통계 {}건, 고쳐지는 분기 통계 {}건, 그대로인 행 {}개",
        changes.new_complexes.len(),
        changes.changed_facts.len(),
        changes.new_quarters.len(),
        changes.changed_quarters.len(),
        changes.unchanged,
    ));
    for new in changes.new_complexes.iter().take(SHOWN) {
        out.push(format!(
            "  새 산업단지 {}행: {} ({})",
            new.line, new.complex.name, new.complex.id.0
        ));
    }
    for change in changes.changed_facts.iter().take(SHOWN) {
        let before = change
            .before
            .as_ref()
            .map_or("없음".to_string(), |b| b.value.to_string());
        out.push(format!(
            "  {}행 {} {}: {before} → {}",
            change.line,
            change.complex.0,
            change.field.korean(),
            change.after.value
        ));
    }
    if !changes.review.is_empty() {
        out.push(format!(
            "검토가 필요한 행 {}개 (반영하지 않습니다):",
            changes.review.len()
        ));
        for item in changes.review.iter().take(SHOWN) {
            out.push(format!(
                "  {}행 '{}' ({}): {}",
                item.line,
                item.row.name,
                item.row.region.short_name(),
                item.reason
            ));
        }
    }
    out
}

/// What loading did, or would have done, in one sentence.
pub fn outcome(dry_run: bool, changes: &RegistryChanges) -> &'static str {
    if dry_run {
        "미리보기만 했습니다: 기록은 바뀌지 않았습니다."
    } else if changes.writes_nothing() {
        "바뀐 것이 없습니다: 이미 반영된 내용입니다."
    } else {
        "반영했습니다 (감사 기록: registry.import)."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{ColumnMapping, Existing, Provenance, Table, plan_changes, read_table};
    use crate::{Day, bundled};
    use std::collections::BTreeMap;

    #[test]
    fn the_dry_run_counts_what_was_read_left_out_matched_and_left_for_review() {
        let rows: Vec<Vec<String>> = [
            vec!["유형", "시도", "시군", "단지명", "입주업체(개)", "가동업체(개)"],
            vec!["국가", "전북", "군산시", "군산국가산단", "700", "650"],
            vec!["일반", "전북", "익산시", "어느새일반산업단지", "10", "9"],
            vec!["", "전북 계", "", "", "710", "659"],
            vec!["※ 자료: 한국산업단지공단"],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(str::to_string).collect())
        .collect();
        let table = Table::from_rows(rows);
        let read = read_table(&table, &ColumnMapping::kicox()).unwrap();
        let record = bundled();
        let changes = plan_changes(
            Existing {
                complexes: &record.complexes,
                facts: &BTreeMap::new(),
                surveys: &[],
            },
            &read.rows,
            &Provenance {
                source: "시험 자료".into(),
                as_of: Day::ymd(2024, 12, 31),
                quarter: Some("2024-Q4".parse().unwrap()),
                source_id: None,
            },
            &[],
        );
        let text = summary(&read, &changes).join("\n");
        assert!(text.contains("단지 행 2개 (제외: 합계·소계 1행, 주석 1행"), "{text}");
        assert!(text.contains("2행 gunsan 시·군·구: 없음 → 군산시"), "{text}");
        assert!(text.contains("검토가 필요한 행 2개"), "{text}");
        assert!(
            text.contains("빈 항목: 고용, 생산, 수출"),
            "a quarter with figures missing waits: {text}"
        );
        assert!(text.contains("3행 '어느새일반산업단지' (전북)"), "{text}");
    }
}
