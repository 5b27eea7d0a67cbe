//! The TOML file, read into one text per setting. A setting the program does not know is a
//! problem, not something to skip: a misspelt `trusted_proxy` silently ignored would leave the
//! deployment trusting no proxy while its operator believes otherwise.

use std::collections::BTreeMap;
use std::path::Path;

use super::{KEYS, Shape};

/// Each setting the file gives, by its dotted name; what cannot be read goes to `problems`.
pub fn read(path: &Path, problems: &mut Vec<String>) -> BTreeMap<String, String> {
    let shown = path.display();
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                problems.push(format!(
                    "설정 파일 {shown}이(가) UTF-8 글자가 아닙니다. UTF-8로 저장하십시오."
                ));
                return BTreeMap::new();
            }
        },
        Err(e) => {
            problems.push(format!("설정 파일 {shown}을(를) 읽을 수 없습니다: {}", io_cause(&e)));
            return BTreeMap::new();
        }
    };
    parse(&text, &shown.to_string(), problems)
}

fn io_cause(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "파일이 없습니다. 경로를 확인하십시오.",
        std::io::ErrorKind::PermissionDenied => {
            "읽을 권한이 없습니다. sandan을 실행하는 사용자가 읽을 수 있게 하십시오."
        }
        std::io::ErrorKind::IsADirectory => "폴더입니다. 설정 파일(…/sandan.toml)의 경로를 지정하십시오.",
        _ => "운영체제가 거부했습니다.",
    }
}

/// `text` (from `shown`) as settings, every problem in Korean with its line.
pub fn parse(text: &str, shown: &str, problems: &mut Vec<String>) -> BTreeMap<String, String> {
    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(e) => {
            let at = e.span().map(|span| line_of(text, span.start)).unwrap_or(1);
            problems.push(format!(
                "설정 파일 {shown} {at}행을 TOML로 읽을 수 없습니다 ({}). 예: addr = \"127.0.0.1:8080\"처럼 문자열은 따옴표로 감쌉니다.",
                e.message().trim()
            ));
            return BTreeMap::new();
        }
    };
    let mut found = BTreeMap::new();
    flatten(&table, "", &mut found, shown, problems);
    found
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn flatten(
    table: &toml::Table,
    prefix: &str,
    found: &mut BTreeMap<String, String>,
    shown: &str,
    problems: &mut Vec<String>,
) {
    for (name, value) in table {
        let name = format!("{prefix}{name}");
        if let toml::Value::Table(section) = value
            && KEYS.iter().any(|k| k.name.starts_with(&format!("{name}.")))
        {
            flatten(section, &format!("{name}."), found, shown, problems);
            continue;
        }
        let Some(key) = KEYS.iter().find(|k| k.name == name) else {
            let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            problems.push(format!(
                "설정 파일 {shown}의 '{name}'은(는) 알 수 없는 설정입니다. 쓸 수 있는 설정: {}",
                known.join(", ")
            ));
            continue;
        };
        match (key.shape, value) {
            (_, toml::Value::String(text)) => {
                found.insert(name, text.clone());
            }
            (Shape::Number, toml::Value::Integer(n)) => {
                found.insert(name, n.to_string());
            }
            (Shape::List, toml::Value::Array(items)) => match items.iter().map(toml::Value::as_str).collect::<Option<Vec<_>>>() {
                Some(items) => {
                    found.insert(name, items.join(", "));
                }
                None => problems.push(format!(
                    "설정 파일 {shown}의 '{name}'은(는) 문자열 목록이어야 합니다 (예: {name} = [\"127.0.0.1\", \"10.0.0.0/8\"])."
                )),
            },
            (shape, _) => problems.push(format!(
                "설정 파일 {shown}의 '{name}'은(는) {}이어야 합니다.",
                match shape {
                    Shape::Text => "따옴표로 감싼 문자열",
                    Shape::List => "문자열 목록 ([\"…\", \"…\"])",
                    Shape::Number => "정수",
                }
            )),
        }
    }
}
