//! 신청 사업 목록 import, file to tasks: the files officials actually produce (Excel's three CSV
//! flavours and XLSX), the ones that must be refused in words, and a 10,000-row sheet.

use sandan_domain::project_rows::{self, HEADERS, RowProblem};
use sandan_domain::{ProposedProject, ProposedTask, YearBudget};
use sandan_web::project_list::{self, SheetError};

const YEARS: std::ops::RangeInclusive<i32> = 2022..=2026;

/// `tasks` × `projects` projects, each with a budget in each of `years` years from 2022:
/// `tasks * projects * years` rows.
fn plan(tasks: usize, projects: usize, years: i32) -> Vec<ProposedTask> {
    (0..tasks)
        .map(|t| ProposedTask {
            name: format!("중점과제 {t} 스마트·친환경 혁신"),
            projects: (0..projects)
                .map(|p| ProposedProject {
                    name: format!("사업 {t}-{p} 똠방 스마트공장 고도화"),
                    new: p % 3 == 0,
                    program: (p % 2 == 0).then(|| "스마트공장 구축 및 고도화".to_string()),
                    budget: (0..years)
                        .map(|y| YearBudget {
                            year: 2022 + y,
                            national: 1_000_000_000 + (t * 1000 + p) as i64,
                            local: 500_000_000 * i64::from(y),
                            private: if p % 4 == 0 { 0 } else { 12_345 },
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn cp949(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(text);
    assert!(!unmappable, "the text is all CP949");
    bytes.into_owned()
}

/// An XLSX as a spreadsheet program writes it: 연도 and amounts as numbers, amounts formatted.
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let amount = rust_xlsxwriter::Format::new().set_num_format("#,##0");
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            match value.parse::<f64>() {
                Ok(n) if c >= 5 => sheet.write_number_with_format(r, c16, n, &amount).map(|_| ()),
                Ok(n) => sheet.write_number(r, c16, n).map(|_| ()),
                Err(_) if value.is_empty() => Ok(()),
                Err(_) => sheet.write_string(r, c16, value).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn import(file_name: &str, bytes: &[u8]) -> Result<Vec<ProposedTask>, Vec<RowProblem>> {
    let rows = project_list::read_rows(file_name, bytes).expect("the file's cells");
    project_rows::parse(&rows, YEARS)
}

/// A small sheet as an official types it: units, commas, a blank 합계, a blank line.
const TYPED: &str = "중점과제,사업명,구분,부처 지원사업,연도,국비(원),지방비(원),민자(원),합계(원)\r\n\
    스마트화,스마트공장 고도화,계속,스마트공장 구축 및 고도화,2022,12억 원,\"1,000,000\",0,\r\n\
    \r\n\
    스마트화,스마트공장 고도화,계속,스마트공장 구축 및 고도화,2023,1조 2345억원,0원,5,\"1,234,500,000,005\"\r\n\
    친환경,\"태양광, 지붕형\",신규,,2024,100,0,0,100\r\n";

fn typed_tasks() -> Vec<ProposedTask> {
    vec![
        ProposedTask {
            name: "스마트화".into(),
            projects: vec![ProposedProject {
                name: "스마트공장 고도화".into(),
                new: false,
                program: Some("스마트공장 구축 및 고도화".into()),
                budget: vec![
                    YearBudget {
                        year: 2022,
                        national: 1_200_000_000,
                        local: 1_000_000,
                        private: 0,
                    },
                    YearBudget {
                        year: 2023,
                        national: 1_234_500_000_000,
                        local: 0,
                        private: 5,
                    },
                ],
            }],
        },
        ProposedTask {
            name: "친환경".into(),
            projects: vec![ProposedProject {
                name: "태양광, 지붕형".into(),
                new: true,
                program: None,
                budget: vec![YearBudget {
                    year: 2024,
                    national: 100,
                    local: 0,
                    private: 0,
                }],
            }],
        },
    ]
}

#[test]
fn a_utf8_csv_imports() {
    assert_eq!(import("사업목록.csv", TYPED.as_bytes()), Ok(typed_tasks()));
}

#[test]
fn a_utf8_csv_with_a_bom_imports() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), TYPED.as_bytes()].concat();
    assert_eq!(import("사업목록.CSV", &bytes), Ok(typed_tasks()));
}

#[test]
fn a_cp949_csv_as_korean_excel_saves_it_imports() {
    let bytes = cp949(TYPED);
    assert!(std::str::from_utf8(&bytes).is_err());
    assert_eq!(import("사업목록.csv", &bytes), Ok(typed_tasks()));
}

#[test]
fn an_xlsx_with_numbers_in_number_cells_imports() {
    let tasks = plan(3, 4, 3);
    let bytes = xlsx(&project_rows::to_rows(&tasks));
    assert_eq!(import("사업목록.xlsx", &bytes), Ok(tasks));
}

#[test]
fn the_templates_import_as_their_two_example_rows() {
    for (name, bytes) in [
        ("양식.xlsx", project_list::template_xlsx()),
        ("양식.csv", project_list::template_csv()),
    ] {
        let tasks = import(name, &bytes).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert_eq!(tasks.len(), 1, "{name}");
        let projects = &tasks[0].projects;
        assert_eq!(projects.len(), 2, "{name}");
        assert!(projects.iter().all(|p| p.name.starts_with("예시)")));
        assert_eq!(projects[0].budget[0].total(), 2_100_000_000);
        assert!(projects[1].new && projects[1].program.is_none());
    }
}

#[test]
fn a_csv_with_an_unclosed_quote_is_refused_naming_its_line() {
    let text = TYPED.replace("\"태양광, 지붕형\"", "\"태양광, 지붕형");
    let err = project_list::read_rows("사업목록.csv", text.as_bytes()).unwrap_err();
    assert_eq!(err, SheetError::UnclosedQuote { line: 5 });
    assert!(
        err.to_string()
            .starts_with("CSV 파일 5번째 줄에서 연 큰따옴표(\")가 닫히지 않았습니다."),
        "{err}"
    );
}

#[test]
fn garbage_named_xlsx_is_refused_in_words() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for bytes in [garbage.as_slice(), TYPED.as_bytes(), b""] {
        let err = project_list::read_rows("사업목록.xlsx", bytes).unwrap_err();
        assert!(matches!(err, SheetError::Xlsx { .. } | SheetError::Empty), "{err:?}");
    }
    let err = project_list::read_rows("사업목록.xlsx", &garbage).unwrap_err();
    assert!(err.to_string().contains("Excel 파일(.xlsx)을 열 수 없습니다"), "{err}");
}

#[test]
fn a_file_neither_utf8_nor_cp949_is_refused_with_how_to_save_it() {
    // Latin-1 "café" with byte 0xFF, which no CP949 sequence uses, and a lead byte without
    // its trail byte.
    for bytes in [b"caf\xE9,\xFF\n".as_slice(), b"a,\x81\n".as_slice()] {
        let err = project_list::read_rows("사업목록.csv", bytes).unwrap_err();
        assert_eq!(err, SheetError::Encoding);
        assert!(err.to_string().contains("'CSV UTF-8(쉼표로 분리)(*.csv)'"), "{err}");
    }
}

#[test]
fn a_file_of_another_kind_is_refused_naming_the_kinds_accepted() {
    let err = project_list::read_rows("사업목록.xls", b"anything").unwrap_err();
    assert!(
        err.to_string().contains("CSV 파일(.csv) 또는 Excel 통합 문서(.xlsx)"),
        "{err}"
    );
}

#[test]
fn ten_thousand_rows_import_into_the_right_counts_from_csv_cp949_and_xlsx() {
    let tasks = plan(25, 100, 4);
    let rows = project_rows::to_rows(&tasks);
    assert_eq!(rows.len(), 1 + 10_000);
    let text = csv_text(&rows);
    for (name, bytes) in [
        ("big.csv", text.clone().into_bytes()),
        ("big.csv", cp949(&text)),
        ("big.xlsx", xlsx(&rows)),
    ] {
        let imported = import(name, &bytes).unwrap_or_else(|p| panic!("{name}: {:?}", &p[..p.len().min(3)]));
        assert_eq!(imported.len(), 25, "{name}");
        assert!(imported.iter().all(|t| t.projects.len() == 100), "{name}");
        assert_eq!(
            imported
                .iter()
                .flat_map(|t| &t.projects)
                .map(|p| p.budget.len())
                .sum::<usize>(),
            10_000
        );
        assert_eq!(imported, tasks, "{name}");
    }
}

#[test]
fn one_bad_row_among_ten_thousand_is_the_only_problem_and_names_its_row() {
    let mut rows = project_rows::to_rows(&plan(25, 100, 4));
    // Spreadsheet row 5,001 is rows[5000].
    rows[5000][5] = "12만5천".into();
    let national = HEADERS.iter().position(|h| *h == "국비(원)").unwrap();
    assert_eq!(national, 5);
    let expected =
        "5001행 '국비(원)': '12만5천'은 금액으로 읽을 수 없습니다. 숫자(예: 1,200,000) 또는 12억 원처럼 적어 주십시오.";
    let text = csv_text(&rows);
    for (name, bytes) in [("big.csv", text.into_bytes()), ("big.xlsx", xlsx(&rows))] {
        let problems = import(name, &bytes).unwrap_err();
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].row, Some(5001));
        assert_eq!(problems[0].to_string(), expected);
    }
}
