//! 신청 사업 목록 as a sheet: the rows an official fills in Excel (or exports from Sandan) and
//! imports into a plan, all rows or none.
//!
//! One row per project per year (long format), in the columns of [`HEADERS`]. A project is
//! the rows that share 중점과제 and 사업명; they must agree on 구분 and 부처 지원사업 and may
//! not repeat a year. A project without a budget yet is one row whose 연도 and amounts are all
//! empty. Every problem in the sheet is reported at once, each with the row number Excel shows
//! (the header is row 1) and the column, in sentences an official can act on.
//!
//! Pure: cells come in as strings; reading CSV or XLSX files is the web crate's business.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::ops::RangeInclusive;

use unicode_normalization::UnicodeNormalization;

use crate::hangul::{final_consonant, particle};
use crate::proposal::{ProposedProject, ProposedTask, YearBudget};
use crate::quantity::{Quantity, QuantityError, Unit, thousands};

/// The sheet's columns, in order.
pub const HEADERS: [&str; 9] = [
    "중점과제",
    "사업명",
    "구분",
    "부처 지원사업",
    "연도",
    "국비(원)",
    "지방비(원)",
    "민자(원)",
    "합계(원)",
];

const TASK: usize = 0;
const PROJECT: usize = 1;
const KIND: usize = 2;
const PROGRAM: usize = 3;
const YEAR: usize = 4;
const NATIONAL: usize = 5;
const LOCAL: usize = 6;
const PRIVATE: usize = 7;
const TOTAL: usize = 8;

/// Longest 중점과제, 사업명 or 부처 지원사업, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Largest amount a cell may hold: 1경 원, far beyond any budget, so a typo of extra zeros
/// is caught rather than summed.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000_000;
/// How many problems are listed; past that one line says how many more there are.
pub const MAX_PROBLEMS: usize = 200;

/// One thing wrong with the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row as the spreadsheet numbers it (header = 1); `None` for the closing line that
    /// counts the problems left unlisted.
    pub row: Option<usize>,
    /// The column's header, when the problem is in one cell.
    pub column: Option<&'static str>,
    /// What is wrong and what to write instead, in Korean.
    pub message: String,
}

impl fmt::Display for RowProblem {
    /// "7행 '국비(원)': '12만5천'은 금액으로 읽을 수 없습니다. …"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.column) {
            (Some(row), Some(column)) => write!(f, "{row}행 '{column}': {}", self.message),
            (Some(row), None) => write!(f, "{row}행: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

/// Reads the sheet: `rows[0]` is the header row, data rows follow. Budget years must lie in
/// `years` (the plan's period). Either every row is good and the tasks come back (in
/// first-appearance order, projects likewise, budget years sorted), or every problem found
/// comes back (at most [`MAX_PROBLEMS`] and a line counting the rest).
pub fn parse(rows: &[Vec<String>], years: RangeInclusive<i32>) -> Result<Vec<ProposedTask>, Vec<RowProblem>> {
    let Some(header) = rows.first() else {
        return Err(vec![header_problem("파일에 아무 행도 없습니다.")]);
    };
    if let Some(problem) = check_header(header) {
        return Err(vec![problem]);
    }

    let mut problems = Problems::default();
    let mut tasks: Vec<ProposedTask> = Vec::new();
    let mut task_index: HashMap<String, usize> = HashMap::new();
    // (task, project) → where the project is and what its first row said.
    let mut project_index: HashMap<(String, String), Seen> = HashMap::new();
    let mut data_rows = 0;

    for (i, cells) in rows.iter().enumerate().skip(1) {
        let row = i + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        let Some(parsed) = read_row(row, cells, &years, &mut problems) else {
            continue;
        };

        let key = (parsed.task.clone(), parsed.project.clone());
        match project_index.entry(key) {
            Entry::Vacant(slot) => {
                let t = *task_index.entry(parsed.task.clone()).or_insert_with(|| {
                    tasks.push(ProposedTask {
                        name: parsed.task.clone(),
                        projects: Vec::new(),
                    });
                    tasks.len() - 1
                });
                let project = &mut tasks[t].projects;
                project.push(ProposedProject {
                    name: parsed.project.clone(),
                    new: parsed.new,
                    program: parsed.program.clone(),
                    budget: parsed.budget.into_iter().collect(),
                });
                slot.insert(Seen {
                    task: t,
                    project: project.len() - 1,
                    first_row: row,
                    new: parsed.new,
                    program: parsed.program,
                    years: parsed.budget.iter().map(|b| (b.year, row)).collect(),
                });
            }
            Entry::Occupied(mut slot) => {
                let seen = slot.get_mut();
                let whose = format!("이 사업('{}' 과제의 '{}')", shown(&parsed.task), shown(&parsed.project));
                let mut agrees = true;
                if seen.new != parsed.new {
                    agrees = false;
                    problems.push(
                        row,
                        Some(KIND),
                        format!(
                            "{whose}은 {}행에는 '{}'{}, 이 행에는 '{}'{} 적혀 있습니다. 한 사업의 행은 구분이 같아야 합니다.",
                            seen.first_row,
                            kind_word(seen.new),
                            toward(kind_word(seen.new)),
                            kind_word(parsed.new),
                            toward(kind_word(parsed.new))
                        ),
                    );
                }
                if seen.program != parsed.program {
                    agrees = false;
                    let said = |p: &Option<String>| match p {
                        Some(p) => format!("'{}'{}", shown(p), toward(p)),
                        None => "빈칸으로".to_string(),
                    };
                    problems.push(
                        row,
                        Some(PROGRAM),
                        format!(
                            "{whose}은 {}행에는 {}, 이 행에는 {} 적혀 있습니다. 한 사업의 행은 부처 지원사업이 같아야 합니다.",
                            seen.first_row,
                            said(&seen.program),
                            said(&parsed.program)
                        ),
                    );
                }
                if let Some(budget) = parsed.budget {
                    if let Some(&earlier) = seen.years.get(&budget.year) {
                        problems.push(
                            row,
                            Some(YEAR),
                            format!(
                                "{whose}의 {}년 예산이 {earlier}행에 이미 있습니다. 한 사업은 연도마다 한 행만 적어 주십시오.",
                                budget.year
                            ),
                        );
                    } else if agrees {
                        seen.years.insert(budget.year, row);
                        tasks[seen.task].projects[seen.project].budget.push(budget);
                    }
                }
            }
        }
    }

    if data_rows == 0 && problems.count == 0 {
        problems.push(
            2,
            None,
            "머리글 아래에 사업 행이 없습니다. 2행부터 한 사업의 한 해를 한 행에 적어 주십시오.".into(),
        );
    }
    if problems.count > 0 {
        return Err(problems.finish());
    }
    for project in tasks.iter_mut().flat_map(|t| &mut t.projects) {
        project.budget.sort_by_key(|b| b.year);
    }
    Ok(tasks)
}

/// The sheet for `tasks`: the header row, then one row per project per year (one row with
/// 연도 and amounts empty for a project without a budget), amounts as plain digits, 합계
/// filled. `parse` reads it back to the same tasks.
pub fn to_rows(tasks: &[ProposedTask]) -> Vec<Vec<String>> {
    let mut rows = vec![HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for task in tasks {
        for project in &task.projects {
            let lead = [
                task.name.clone(),
                project.name.clone(),
                kind_word(project.new).to_string(),
                project.program.clone().unwrap_or_default(),
            ];
            let mut budget = project.budget.clone();
            budget.sort_by_key(|b| b.year);
            if budget.is_empty() {
                let mut row = lead.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 5));
                rows.push(row);
            }
            for b in budget {
                let mut row = lead.to_vec();
                row.extend([
                    b.year.to_string(),
                    b.national.to_string(),
                    b.local.to_string(),
                    b.private.to_string(),
                    b.total().to_string(),
                ]);
                rows.push(row);
            }
        }
    }
    rows
}

/// What the first row of a project said, and where its years are.
struct Seen {
    task: usize,
    project: usize,
    first_row: usize,
    new: bool,
    program: Option<String>,
    years: HashMap<i32, usize>,
}

/// One data row, read.
struct ParsedRow {
    task: String,
    project: String,
    new: bool,
    program: Option<String>,
    /// `None` for a row that lists the project without a budget.
    budget: Option<YearBudget>,
}

/// Every problem found, the first MAX_PROBLEMS kept.
#[derive(Default)]
struct Problems {
    list: Vec<RowProblem>,
    count: usize,
}

impl Problems {
    fn push(&mut self, row: usize, column: Option<usize>, message: String) {
        self.count += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(RowProblem {
                row: Some(row),
                column: column.map(|c| HEADERS[c]),
                message,
            });
        }
    }

    fn finish(mut self) -> Vec<RowProblem> {
        if self.count > self.list.len() {
            self.list.push(RowProblem {
                row: None,
                column: None,
                message: format!(
                    "이 밖에도 문제가 {}건 더 있습니다 (모두 {}건). 위의 문제를 고친 뒤 다시 올리면 나머지를 보여 드립니다.",
                    thousands((self.count - self.list.len()) as i64),
                    thousands(self.count as i64)
                ),
            });
        }
        self.list
    }
}

fn header_problem(message: &str) -> RowProblem {
    RowProblem {
        row: Some(1),
        column: None,
        message: format!(
            "{message} 첫 행은 머리글 {}개 열이어야 합니다: {}.",
            HEADERS.len(),
            HEADERS.join(", ")
        ),
    }
}

/// Header cells compare without whitespace ("부처지원사업" and " 국비 (원)" pass); trailing
/// empty cells are ignored, a missing or extra column is not.
fn check_header(header: &[String]) -> Option<RowProblem> {
    let squeeze = |s: &str| s.nfc().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut found: Vec<&str> = header.iter().map(|c| c.trim()).collect();
    while found.last().is_some_and(|c| c.is_empty()) {
        found.pop();
    }
    if found.is_empty() {
        return Some(header_problem("첫 행이 비어 있습니다."));
    }
    for (i, expected) in HEADERS.iter().enumerate() {
        match found.get(i) {
            Some(cell) if squeeze(cell) == squeeze(expected) => {}
            Some(&"") => {
                return Some(header_problem(&format!(
                    "첫 행의 {}번째 열 머리글이 비어 있습니다 ('{expected}'{} 와야 합니다).",
                    i + 1,
                    subject(expected)
                )));
            }
            Some(cell) => {
                return Some(header_problem(&format!(
                    "첫 행의 {}번째 열 머리글이 '{}'입니다 ('{expected}'{} 와야 합니다).",
                    i + 1,
                    shown(cell),
                    subject(expected)
                )));
            }
            None => {
                return Some(header_problem(&format!(
                    "첫 행에 머리글이 {}개뿐이고 '{expected}'부터 빠져 있습니다.",
                    found.len()
                )));
            }
        }
    }
    if found.len() > HEADERS.len() {
        return Some(header_problem(&format!(
            "첫 행에 머리글이 {}개 있습니다 ({}번째 열 '{}'부터는 양식에 없는 열입니다).",
            found.len(),
            HEADERS.len() + 1,
            shown(found[HEADERS.len()])
        )));
    }
    None
}

/// Reads one non-empty data row, reporting each bad cell; `None` if any cell was bad.
fn read_row(row: usize, cells: &[String], years: &RangeInclusive<i32>, problems: &mut Problems) -> Option<ParsedRow> {
    let before = problems.count;
    let cell = |c: usize| cells.get(c).map(|s| s.trim()).unwrap_or("");

    let mut name = |c: usize, required: bool| -> Option<String> {
        let value: String = cell(c).nfc().collect();
        if value.is_empty() {
            if required {
                let what = HEADERS[c];
                problems.push(
                    row,
                    Some(c),
                    format!(
                        "{what}{} 비어 있습니다. {what}{} 적어 주십시오.",
                        subject(what),
                        object(what)
                    ),
                );
            }
            return None;
        }
        let length = value.chars().count();
        if length > MAX_NAME_CHARS {
            problems.push(
                row,
                Some(c),
                format!("{length}자로 너무 깁니다. {MAX_NAME_CHARS}자 이내로 줄여 주십시오."),
            );
            return None;
        }
        Some(value)
    };
    let task = name(TASK, true);
    let project = name(PROJECT, true);
    let program = name(PROGRAM, false);

    let new = match cell(KIND) {
        "신규" | "신규사업" => Some(true),
        "계속" | "계속사업" => Some(false),
        "" => {
            problems.push(
                row,
                Some(KIND),
                "구분이 비어 있습니다. '신규' 또는 '계속'으로 적어 주십시오.".into(),
            );
            None
        }
        other => {
            problems.push(
                row,
                Some(KIND),
                format!(
                    "'{}'{} 구분으로 읽을 수 없습니다. '신규' 또는 '계속'으로 적어 주십시오.",
                    shown(other),
                    topic(other)
                ),
            );
            None
        }
    };

    let budget_cells = [YEAR, NATIONAL, LOCAL, PRIVATE, TOTAL];
    let budget = if budget_cells.iter().all(|&c| cell(c).is_empty()) {
        // A project listed without a budget yet.
        None
    } else {
        let year = read_year(cell(YEAR), years)
            .map_err(|m| problems.push(row, Some(YEAR), m))
            .ok();
        let mut amount = |c: usize| -> Option<i64> {
            let value = cell(c);
            if value.is_empty() {
                problems.push(row, Some(c), "금액이 비어 있습니다. 없으면 0을 적어 주십시오.".into());
                return None;
            }
            read_amount(value, MAX_AMOUNT)
                .map_err(|m| problems.push(row, Some(c), m))
                .ok()
        };
        let national = amount(NATIONAL);
        let local = amount(LOCAL);
        let private = amount(PRIVATE);
        let total = match cell(TOTAL) {
            "" => None,
            value => read_amount(value, 3 * MAX_AMOUNT)
                .map_err(|m| problems.push(row, Some(TOTAL), m))
                .ok(),
        };
        match (year, national, local, private) {
            (Some(year), Some(national), Some(local), Some(private)) => {
                let budget = YearBudget {
                    year,
                    national,
                    local,
                    private,
                };
                if let Some(total) = total
                    && total != budget.total()
                {
                    problems.push(
                        row,
                        Some(TOTAL),
                        format!(
                            "합계 {}원이 국비·지방비·민자를 더한 {}원과 다릅니다. 합계를 고치거나 비워 두십시오.",
                            thousands(total),
                            thousands(budget.total())
                        ),
                    );
                }
                Some(budget)
            }
            _ => None,
        }
    };

    let extra: Vec<usize> = (HEADERS.len()..cells.len())
        .filter(|&c| !cells[c].trim().is_empty())
        .collect();
    if let Some(&first) = extra.first() {
        problems.push(
            row,
            None,
            format!(
                "{}열({}번째 열)에 값이 있지만 양식의 열은 {}열(합계)까지입니다. 양식 밖의 값을 지워 주십시오.",
                column_letter(first),
                first + 1,
                column_letter(HEADERS.len() - 1)
            ),
        );
    }

    if problems.count > before {
        return None;
    }
    Some(ParsedRow {
        task: task?,
        project: project?,
        new: new?,
        program,
        budget,
    })
}

/// 연도: four digits inside the plan's period ("2024" or "2024년").
fn read_year(value: &str, years: &RangeInclusive<i32>) -> Result<i32, String> {
    let period = period(years);
    if value.is_empty() {
        return Err(format!("연도가 비어 있습니다. {period} 중 한 해를 적어 주십시오."));
    }
    let digits = value.strip_suffix('년').unwrap_or(value).trim();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "'{}'{} 연도로 읽을 수 없습니다. {period} 중 한 해를 네 자리(예: {})로 적어 주십시오.",
            shown(value),
            topic(value),
            years.start()
        ));
    }
    let year: i32 = digits.parse().expect("four ASCII digits");
    if !years.contains(&year) {
        return Err(format!("{year}년은 이 계획의 사업 기간({period}) 밖입니다."));
    }
    Ok(year)
}

fn period(years: &RangeInclusive<i32>) -> String {
    if years.start() == years.end() {
        format!("{}년", years.start())
    } else {
        format!("{}~{}년", years.start(), years.end())
    }
}

/// An amount in 원, at most `max` (a whole number of 경): "1200000", "1,200,000", "1,200,000원",
/// "12억", "12억 원", "1조 2,345억 원".
fn read_amount(value: &str, max: i64) -> Result<i64, String> {
    let unreadable = || {
        format!(
            "'{}'{} 금액으로 읽을 수 없습니다. 숫자(예: 1,200,000) 또는 12억 원처럼 적어 주십시오.",
            shown(value),
            topic(value)
        )
    };
    let too_large = || {
        format!(
            "'{}'{} 너무 큰 금액입니다. {}경 원 이하로 적어 주십시오.",
            shown(value),
            topic(value),
            max / MAX_AMOUNT
        )
    };
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = compact.strip_prefix(['-', '−', '–'])
        && !rest.is_empty()
        && read_amount(rest, max).is_ok()
    {
        return Err(format!(
            "'{}'{} 음수입니다. 금액은 0 이상이어야 합니다.",
            shown(value),
            topic(value)
        ));
    }
    let number = compact.strip_suffix('원').unwrap_or(&compact).replace(',', "");
    let amount = if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        // Plain digits, perhaps with a decimal part as some exports write ("1200000.00").
        let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
        if whole.is_empty() || fraction.contains('.') {
            return Err(unreadable());
        }
        if fraction.bytes().any(|b| b != b'0') {
            return Err(format!(
                "'{}'에 원 단위보다 작은 값(소수)이 있습니다. 원 단위의 정수로 적어 주십시오.",
                shown(value)
            ));
        }
        let digits = whole.trim_start_matches('0');
        if digits.len() > 17 {
            return Err(too_large());
        }
        digits.parse::<i64>().unwrap_or(0)
    } else {
        let written = if compact.ends_with('원') {
            compact.clone()
        } else {
            format!("{compact}원")
        };
        match written.parse::<Quantity>() {
            Ok(q) if q.unit == Unit::Won => q.value,
            Ok(_) | Err(QuantityError::NoNumber(_) | QuantityError::UnknownUnit(_)) => return Err(unreadable()),
            Err(QuantityError::Inexact(_)) => {
                return Err(format!(
                    "'{}'{} 원 단위로 나누어떨어지지 않습니다. 원 단위의 정수가 되도록 적어 주십시오.",
                    shown(value),
                    topic(value)
                ));
            }
            Err(QuantityError::TooLarge(_)) => return Err(too_large()),
        }
    };
    if amount > max {
        return Err(too_large());
    }
    Ok(amount)
}

fn kind_word(new: bool) -> &'static str {
    if new { "신규" } else { "계속" }
}

/// A value as quoted back in a message: on one line, at most 40 characters.
fn shown(value: &str) -> String {
    let one_line: String = value
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 40 {
        let cut: String = one_line.chars().take(40).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// 은/는
fn topic(word: &str) -> &'static str {
    particle(&shown(word), "은", "는", "은(는)")
}

/// 이/가
fn subject(word: &str) -> &'static str {
    particle(word, "이", "가", "이(가)")
}

/// 을/를
fn object(word: &str) -> &'static str {
    particle(word, "을", "를", "을(를)")
}

/// 으로/로 (로 after a vowel or ㄹ)
fn toward(word: &str) -> &'static str {
    match final_consonant(&shown(word)) {
        Some(0 | 8) => "로",
        Some(_) => "으로",
        None => "(으)로",
    }
}

/// A, B, …, Z, AA, … for a 0-based column.
fn column_letter(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (column % 26) as u8) as char);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEARS: RangeInclusive<i32> = 2022..=2024;

    fn sheet(data: &[[&str; 9]]) -> Vec<Vec<String>> {
        let mut rows = vec![HEADERS.iter().map(|h| h.to_string()).collect()];
        rows.extend(data.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
        rows
    }

    const GOOD: [&str; 9] = [
        "스마트화",
        "스마트공장",
        "계속",
        "스마트공장 구축 및 고도화",
        "2022",
        "100",
        "50",
        "0",
        "150",
    ];

    fn problems(data: &[[&str; 9]]) -> Vec<RowProblem> {
        parse(&sheet(data), YEARS).expect_err("the sheet should be refused")
    }

    /// The single problem of a sheet whose row 2 is GOOD with one cell changed.
    fn problem_with(column: usize, value: &str) -> RowProblem {
        let mut row = GOOD;
        row[column] = value;
        let mut found = problems(&[row]);
        assert_eq!(found.len(), 1, "{value:?} in {}: {found:?}", HEADERS[column]);
        found.remove(0)
    }

    fn budget(year: i32, national: i64, local: i64, private: i64) -> YearBudget {
        YearBudget {
            year,
            national,
            local,
            private,
        }
    }

    #[test]
    fn a_valid_sheet_becomes_tasks_with_projects_and_yearly_budgets() {
        let tasks = parse(
            &sheet(&[
                [
                    "스마트화",
                    "스마트공장",
                    "계속",
                    "스마트공장 구축 및 고도화",
                    "2023",
                    "1,000,000",
                    "12억",
                    "0원",
                    "",
                ],
                [
                    "스마트화",
                    "스마트공장",
                    "계속사업",
                    " 스마트공장 구축 및 고도화 ",
                    "2022",
                    "100",
                    "50",
                    "0",
                    "150",
                ],
                [
                    "친환경",
                    "태양광",
                    "신규",
                    "",
                    "2024",
                    "1조 2,345억 원",
                    "12억원",
                    "1,200,000원",
                    "",
                ],
                ["스마트화", "물류센터", " 신규사업 ", "", "2022", "7", "0", "0", "7"],
                [
                    "스마트화",
                    "스마트공장",
                    "계속",
                    "스마트공장 구축 및 고도화",
                    "2024",
                    "1.5억",
                    "0",
                    "0",
                    "150,000,000",
                ],
            ]),
            YEARS,
        )
        .unwrap();
        let names: Vec<_> = tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["스마트화", "친환경"]);
        let smart = &tasks[0].projects;
        assert_eq!(
            smart.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["스마트공장", "물류센터"]
        );
        assert!(!smart[0].new);
        assert_eq!(smart[0].program.as_deref(), Some("스마트공장 구축 및 고도화"));
        assert_eq!(
            smart[0].budget,
            [
                budget(2022, 100, 50, 0),
                budget(2023, 1_000_000, 1_200_000_000, 0),
                budget(2024, 150_000_000, 0, 0)
            ]
        );
        assert!(smart[1].new);
        assert_eq!(smart[1].program, None);
        let solar = &tasks[1].projects[0];
        assert_eq!(
            solar.budget,
            [budget(2024, 1_234_500_000_000, 1_200_000_000, 1_200_000)]
        );
    }

    #[test]
    fn every_kind_of_bad_cell_is_reported_in_its_row_and_column() {
        let long = "가".repeat(201);
        let cases: [(usize, &str, &str); 22] = [
            (TASK, "", "중점과제가 비어 있습니다"),
            (PROJECT, "  ", "사업명이 비어 있습니다"),
            (TASK, &long, "201자로 너무 깁니다"),
            (PROJECT, &long, "201자로 너무 깁니다"),
            (PROGRAM, &long, "201자로 너무 깁니다"),
            (KIND, "", "구분이 비어 있습니다"),
            (KIND, "신설", "'신설'은 구분으로 읽을 수 없습니다"),
            (YEAR, "", "연도가 비어 있습니다. 2022~2024년 중"),
            (YEAR, "22", "'22'는 연도로 읽을 수 없습니다"),
            (YEAR, "2023.5", "연도로 읽을 수 없습니다"),
            (YEAR, "2030", "2030년은 이 계획의 사업 기간(2022~2024년) 밖입니다"),
            (
                NATIONAL,
                "12만5천",
                "'12만5천'은 금액으로 읽을 수 없습니다. 숫자(예: 1,200,000) 또는 12억 원처럼",
            ),
            (NATIONAL, "", "금액이 비어 있습니다. 없으면 0을"),
            (LOCAL, "-5,000", "'-5,000'은 음수입니다"),
            (LOCAL, "-12억", "음수입니다"),
            (PRIVATE, "12.5", "원 단위보다 작은 값"),
            (PRIVATE, "0.5원", "원 단위보다 작은 값"),
            (PRIVATE, "abc", "'abc'은(는) 금액으로 읽을 수 없습니다"),
            (NATIONAL, "20000000000000000", "너무 큰 금액"),
            (NATIONAL, "2경", "금액으로 읽을 수 없습니다"),
            (NATIONAL, "99999999조", "너무 큰 금액"),
            (TOTAL, "일백오십", "금액으로 읽을 수 없습니다"),
        ];
        for (column, value, expected) in cases {
            let problem = problem_with(column, value);
            assert_eq!(problem.row, Some(2), "{value:?}");
            assert_eq!(problem.column, Some(HEADERS[column]), "{value:?}");
            assert!(problem.message.contains(expected), "{value:?}: {}", problem.message);
        }
        // The example sentence, whole.
        assert_eq!(
            problem_with(NATIONAL, "12만5천").to_string(),
            "2행 '국비(원)': '12만5천'은 금액으로 읽을 수 없습니다. 숫자(예: 1,200,000) 또는 12억 원처럼 적어 주십시오."
        );
        // Amounts at the limit pass.
        let mut row = GOOD;
        row[NATIONAL] = "1경원";
        assert!(problems(&[row])[0].message.contains("금액으로 읽을 수 없습니다"));
        row[NATIONAL] = "10,000,000,000,000,000";
        row[TOTAL] = "";
        assert!(parse(&sheet(&[row]), YEARS).is_ok());
        row[NATIONAL] = "1200000.00";
        assert!(parse(&sheet(&[row]), YEARS).is_ok());
        row[YEAR] = "2024년";
        assert!(parse(&sheet(&[row]), YEARS).is_ok());
    }

    #[test]
    fn a_value_beyond_the_last_column_is_reported() {
        let mut rows = sheet(&[GOOD]);
        rows[1].extend(["".into(), "비고".into()]);
        let found = parse(&rows, YEARS).unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].row, found[0].column), (Some(2), None));
        assert!(
            found[0].message.starts_with("K열(11번째 열)에 값이 있지만"),
            "{}",
            found[0].message
        );
        // Trailing empty cells are nothing.
        rows[1].truncate(10);
        assert!(parse(&rows, YEARS).is_ok());
    }

    #[test]
    fn rows_of_one_project_that_disagree_on_kind_or_program_are_reported() {
        let mut second = GOOD;
        second[YEAR] = "2023";
        second[KIND] = "신규";
        second[PROGRAM] = "";
        let found = problems(&[GOOD, second]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].row, found[0].column), (Some(3), Some("구분")));
        assert!(
            found[0].message.contains("2행에는 '계속'으로, 이 행에는 '신규'로"),
            "{}",
            found[0].message
        );
        assert_eq!((found[1].row, found[1].column), (Some(3), Some("부처 지원사업")));
        assert!(found[1].message.contains("이 행에는 빈칸으로"), "{}", found[1].message);
        // The same 사업명 under another 중점과제 is another project.
        let mut other_task = second;
        other_task[TASK] = "친환경";
        assert!(parse(&sheet(&[GOOD, other_task]), YEARS).is_ok());
    }

    #[test]
    fn a_year_repeated_within_a_project_is_reported_at_the_later_row() {
        let mut other = GOOD;
        other[PROJECT] = "다른 사업";
        let found = problems(&[GOOD, other, GOOD]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].row, found[0].column), (Some(4), Some("연도")));
        assert!(
            found[0].message.contains("2022년 예산이 2행에 이미 있습니다"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_total_that_is_not_the_sum_is_reported() {
        let found = problem_with(TOTAL, "1,500");
        assert_eq!((found.row, found.column), (Some(2), Some("합계(원)")));
        assert_eq!(
            found.message,
            "합계 1,500원이 국비·지방비·민자를 더한 150원과 다릅니다. 합계를 고치거나 비워 두십시오."
        );
    }

    #[test]
    fn a_header_that_differs_from_the_form_is_one_problem_naming_the_expected_headers() {
        let expected = "중점과제, 사업명, 구분, 부처 지원사업, 연도, 국비(원), 지방비(원), 민자(원), 합계(원)";
        let mut rows = sheet(&[GOOD]);
        rows[0][5] = "국비".into();
        let found = parse(&rows, YEARS).unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].row, found[0].column), (Some(1), None));
        assert!(
            found[0]
                .message
                .contains("6번째 열 머리글이 '국비'입니다 ('국비(원)'이 와야 합니다)"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains(expected));

        let mut rows = sheet(&[GOOD]);
        rows[0].pop();
        let found = parse(&rows, YEARS).unwrap_err();
        assert!(
            found[0].message.contains("8개뿐이고 '합계(원)'부터 빠져 있습니다"),
            "{}",
            found[0].message
        );

        let mut rows = sheet(&[GOOD]);
        rows[0].push("비고".into());
        assert!(
            parse(&rows, YEARS).unwrap_err()[0]
                .message
                .contains("'비고'부터는 양식에 없는 열")
        );

        assert!(parse(&[], YEARS).unwrap_err()[0].message.contains(expected));

        // Whitespace around and inside header cells, and empty cells after them, are tolerated.
        let mut rows = sheet(&[GOOD]);
        rows[0][0] = " 중점과제 ".into();
        rows[0][3] = "부처지원사업".into();
        rows[0].push(String::new());
        assert!(parse(&rows, YEARS).is_ok());
    }

    #[test]
    fn empty_rows_are_skipped_but_keep_the_numbering_of_the_rows_after_them() {
        let mut rows = sheet(&[GOOD]);
        rows.push(vec![]);
        rows.push(vec![" ".into(); 9]);
        let mut bad = GOOD.map(String::from).to_vec();
        bad[YEAR] = "2030".into();
        rows.push(bad);
        let found = parse(&rows, YEARS).unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].row, Some(5));
        rows.pop();
        assert_eq!(parse(&rows, YEARS).unwrap()[0].projects[0].budget.len(), 1);
    }

    #[test]
    fn a_sheet_with_only_its_header_is_refused() {
        let found = parse(&sheet(&[]), YEARS).unwrap_err();
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("사업 행이 없습니다"));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut a = GOOD;
        a[KIND] = "?";
        a[NATIONAL] = "x";
        let mut b = GOOD;
        b[PROJECT] = "둘째";
        b[YEAR] = "1999";
        let found = problems(&[a, GOOD, b]);
        let places: Vec<_> = found.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(
            places,
            [
                (Some(2), Some("구분")),
                (Some(2), Some("국비(원)")),
                (Some(4), Some("연도"))
            ]
        );
    }

    #[test]
    fn past_two_hundred_problems_one_line_counts_the_rest() {
        let mut bad = GOOD;
        bad[YEAR] = "1999";
        let rows = sheet(&vec![bad; 250]);
        let found = parse(&rows, YEARS).unwrap_err();
        assert_eq!(found.len(), MAX_PROBLEMS + 1);
        assert_eq!(found[MAX_PROBLEMS - 1].row, Some(201));
        let last = &found[MAX_PROBLEMS];
        assert_eq!((last.row, last.column), (None, None));
        assert!(
            last.to_string()
                .starts_with("이 밖에도 문제가 50건 더 있습니다 (모두 250건)."),
            "{last}"
        );
    }

    #[test]
    fn a_project_without_a_budget_is_one_row_with_year_and_amounts_empty() {
        let row = ["스마트화", "기획 중인 사업", "신규", "", "", "", "", "", ""];
        let tasks = parse(&sheet(&[row]), YEARS).unwrap();
        assert_eq!(tasks[0].projects[0].budget, []);
        // With an amount, the year is required.
        let mut half = row;
        half[NATIONAL] = "5";
        let found = problems(&[half]);
        assert_eq!(found[0].column, Some("연도"));
    }

    #[test]
    fn problems_read_as_sentences_with_row_and_column() {
        let p = RowProblem {
            row: Some(7),
            column: Some("국비(원)"),
            message: "문제.".into(),
        };
        assert_eq!(p.to_string(), "7행 '국비(원)': 문제.");
        let p = RowProblem { column: None, ..p };
        assert_eq!(p.to_string(), "7행: 문제.");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn written_rows_read_back_to_the_same_tasks() {
        let tasks = vec![
            ProposedTask {
                name: "스마트화".into(),
                projects: vec![
                    ProposedProject {
                        name: "스마트공장, \"고도화\"".into(),
                        new: false,
                        program: Some("스마트공장 구축 및 고도화".into()),
                        budget: vec![budget(2022, 1_200_000_000, 600_000_000, 0), budget(2024, 1, 2, 3)],
                    },
                    ProposedProject {
                        name: "기획 중".into(),
                        new: true,
                        program: None,
                        budget: vec![],
                    },
                ],
            },
            ProposedTask {
                name: "친환경".into(),
                projects: vec![ProposedProject {
                    name: "태양광".into(),
                    new: true,
                    program: None,
                    budget: vec![budget(2023, MAX_AMOUNT, MAX_AMOUNT, MAX_AMOUNT)],
                }],
            },
        ];
        let rows = to_rows(&tasks);
        assert_eq!(rows.len(), 1 + 2 + 1 + 1);
        assert_eq!(rows[0], HEADERS);
        assert_eq!(
            rows[1],
            [
                "스마트화",
                "스마트공장, \"고도화\"",
                "계속",
                "스마트공장 구축 및 고도화",
                "2022",
                "1200000000",
                "600000000",
                "0",
                "1800000000"
            ]
        );
        assert_eq!(parse(&rows, YEARS), Ok(tasks));
    }
}
