//! `sandan config check`: every effective setting with where it came from (the database
//! password masked), what the database holds, and every problem — without changing anything.

use anyhow::bail;
use sandan_store::{Inspection, SCHEMA_VERSION, Store};

use super::{
    ADDR, Config, DATA_DIR, DATABASE_URL, Key, LOG_FORMAT, LOG_LEVEL, MAX_CONNECTIONS, METRICS_FROM, Origin,
    PUBLIC_URL, TRUSTED_PROXIES, WEB_DIR,
};

/// Prints the effective settings and every problem; fails when there is one.
pub async fn check(config: &Config) -> anyhow::Result<()> {
    let mut problems = config.problems.clone();
    match &config.file {
        Some(path) => println!("설정 파일: {}", path.display()),
        None => println!(
            "설정 파일: 없음 ({}이(가) 없어 환경 변수와 기본값만 씁니다)",
            super::DEFAULT_FILE
        ),
    }
    for (key, value) in &config.values {
        let (text, origin) = match value {
            Some(v) => (shown(key, &v.text), v.origin.clone()),
            None => (default_shown(key, config), Origin::Default),
        };
        println!("  {:<26} {:<44} {}", key.name, text, origin.korean(key));
    }
    if let Some(tls) = &config.settings.tls
        && let Err(e) = sandan_web::tls::load(&tls.certificate, &tls.private_key)
    {
        problems.push(format!("tls: {e}"));
    }
    let url = &config.settings.database_url;
    if sandan_store::Backend::of_url(url).is_ok() {
        match Store::inspect(url).await {
            Ok(Inspection::NoFileYet(path)) => {
                println!("데이터베이스: SQLite 파일 {}이(가) 아직 없습니다. 처음 시작할 때 만듭니다.", path.display())
            }
            Ok(Inspection::Schema(None)) => println!("데이터베이스: 연결됨, 비어 있음. 처음 시작할 때 구조를 만듭니다."),
            Ok(Inspection::Schema(Some(v))) if v == SCHEMA_VERSION => {
                println!("데이터베이스: 연결됨, 구조 {v}번 (이 sandan과 같음)")
            }
            Ok(Inspection::Schema(Some(v))) if v < SCHEMA_VERSION => {
                println!("데이터베이스: 연결됨, 구조 {v}번. 시작할 때 {SCHEMA_VERSION}번까지 올립니다.")
            }
            Ok(Inspection::Schema(Some(v))) => problems.push(format!(
                "database.url: 데이터베이스 구조 {v}번이 이 sandan({SCHEMA_VERSION}번)보다 새롭습니다. 새 버전의 sandan을 설치하십시오."
            )),
            Err(e) => problems.push(format!("database.url: {e}")),
        }
    }
    if problems.is_empty() {
        println!("문제 없음.");
        return Ok(());
    }
    println!("문제 {}건:", problems.len());
    for (i, problem) in problems.iter().enumerate() {
        println!("  {}. {problem}", i + 1);
    }
    bail!(
        "설정에 문제가 {}건 있습니다. 위 목록을 고친 뒤 다시 확인하십시오.",
        problems.len()
    )
}

fn shown(key: &Key, text: &str) -> String {
    if key.secret {
        sandan_store::redact(text)
    } else {
        text.to_string()
    }
}

/// What a setting left to its default comes to.
fn default_shown(key: &Key, config: &Config) -> String {
    let settings = &config.settings;
    let defaults: [(&Key, String); 10] = [
        (&DATABASE_URL, shown(key, &settings.database_url)),
        (&ADDR, settings.addr.clone()),
        (&LOG_LEVEL, settings.log_level.clone()),
        (&LOG_FORMAT, "text".into()),
        (&DATA_DIR, "sandan-data (작업 폴더 안)".into()),
        (&MAX_CONNECTIONS, "PostgreSQL 16, SQLite 읽기 8".into()),
        (&WEB_DIR, sandan_web::Assets::locate().web_dir.display().to_string()),
        (&TRUSTED_PROXIES, "(없음: 전달 머리글을 믿지 않음)".into()),
        (&METRICS_FROM, "(이 기계에서만)".into()),
        (&PUBLIC_URL, "(없음: http로 운영)".into()),
    ];
    defaults
        .into_iter()
        .find(|(k, _)| k.name == key.name)
        .map_or_else(|| "(없음)".into(), |(_, text)| text)
}
