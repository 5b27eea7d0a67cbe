//! 현황 파일 읽기: an uploaded or saved registry file (XLSX, CSV in UTF-8 or CP949) decoded into
//! cells and read under a column mapping — the one reading the page and `sandan registry
//! import` share.

use sandan_domain::registry::{ColumnMapping, ReadTable, Table, read_table};

use crate::call::project_list::read_rows;

/// Largest registry file read: the decoder's own limit (a quarter's 1,330 rows are under 1 MB).
pub const MAX_BYTES: usize = crate::call::project_list::MAX_FILE_BYTES;

/// The rows of `bytes`, a file named `file_name`, read with `mapping`; the refusal in Korean,
/// naming the file, when it cannot be decoded or has no usable header.
pub fn read_registry_file(file_name: &str, bytes: &[u8], mapping: &ColumnMapping) -> Result<ReadTable, String> {
    let rows = read_rows(file_name, bytes).map_err(|e| format!("{file_name}: {e}"))?;
    read_table(&Table::from_rows(rows), mapping).map_err(|e| format!("{file_name}: {e}"))
}

/// The office's column mapping (JSON) over the published columns; none when `text` is blank.
pub fn mapping(text: &str) -> Result<ColumnMapping, String> {
    if text.trim().is_empty() {
        return Ok(ColumnMapping::kicox());
    }
    serde_json::from_str::<ColumnMapping>(text)
        .map(|m| m.over(&ColumnMapping::kicox()))
        .map_err(|e| {
            format!(
                "열 대응표(JSON)를 읽을 수 없습니다 ({}번째 줄 {}번째 글자). \
                 예: {{\"headers\": [{{\"header\": \"업체수\", \"field\": \"tenants\"}}]}}",
                e.line(),
                e.column()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_the_required_columns_is_refused_naming_them() {
        let err = read_registry_file(
            "현황.csv",
            "단지명,입주업체\n군산,10\n".as_bytes(),
            &ColumnMapping::kicox(),
        )
        .unwrap_err();
        assert!(err.starts_with("현황.csv: 필수 열을 찾지 못했습니다"), "{err}");
        assert!(err.contains("유형"), "{err}");
    }

    #[test]
    fn the_offices_mapping_goes_over_the_published_one_and_bad_json_is_told_in_korean() {
        let m = mapping(r#"{"headers": [{"header": "업체 수", "field": "tenants"}]}"#).unwrap();
        assert_eq!(m.headers[0].header, "업체 수");
        assert_eq!(m.headers.len(), ColumnMapping::kicox().headers.len() + 1);
        assert_eq!(mapping("  ").unwrap(), ColumnMapping::kicox());
        assert!(
            mapping("{headers")
                .unwrap_err()
                .contains("열 대응표(JSON)를 읽을 수 없습니다")
        );
    }
}
