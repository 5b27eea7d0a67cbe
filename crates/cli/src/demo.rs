//! `sandan demo`: a database to show the whole cycle on — packages funded and executed, goals
//! measured, firms supported — which the published record cannot show, because it ends at the
//! 2021 preliminary selection. It is the generator's small synthetic dataset, marked synthetic on
//! every page, with one program-office account whose new password is printed. A database that
//! holds the program's real record is refused: the demo never mixes with it.

use anyhow::bail;
use sandan_domain::Role;
use sandan_domain::synthetic::{Scale, generate};
use sandan_store::accounts::AccountError;
use sandan_store::synthetic::RecordState;
use sandan_store::{Change, Store};

/// The demo's account, of the program office: it may read every page.
pub const LOGIN: &str = "demo";

pub async fn run(store: &Store, at: &str) -> anyhow::Result<()> {
    let change = Change {
        actor: "cli:demo",
        source: "cli",
        at,
    };
    match store.record_state().await? {
        RecordState::Program => bail!(
            "이 데이터베이스에는 실제 사업 기록이 있어 시연 자료를 넣지 않았습니다. \
             시연은 다른 데이터베이스에서 하십시오: ./run --demo (sandan-data/demo.db를 씁니다)."
        ),
        RecordState::Synthetic => println!("시연 자료가 이미 있습니다 (합성 자료)."),
        RecordState::Empty => {
            store.load_national(&generate(Scale::small(), 1)?, &change).await?;
            println!("시연용 합성 자료를 적재했습니다. 모든 페이지에 합성 자료임이 표시됩니다.");
        }
    }
    let password = new_password()?;
    match store
        .create_user(
            LOGIN,
            "시연 계정 (합성 자료)",
            &password,
            &[Role::ProgramOffice],
            None,
            &change,
        )
        .await
    {
        Ok(_) => {}
        Err(AccountError::LoginTaken(_)) => store.reset_password(LOGIN, &password, &change).await?,
        Err(e) => return Err(e.into()),
    }
    println!("시연 계정: 아이디 {LOGIN}, 비밀번호 {password} (시작할 때마다 새로 정합니다)");
    Ok(())
}

/// A random password the password rules accept (hex can hold a run such as "abc"; the prefix
/// must not hold the login).
fn new_password() -> anyhow::Result<String> {
    (0..1000)
        .map(|_| format!("Sandan-{}", &sandan_store::secrets::new_token()[..12]))
        .find(|candidate| sandan_domain::check_password(candidate, LOGIN).is_ok())
        .ok_or_else(|| anyhow::anyhow!("시연 계정의 비밀번호를 만들지 못했습니다."))
}
