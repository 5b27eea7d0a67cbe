//! `sandan users`: the first administrator, and user management from the command line.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use sandan_domain::Role;
use sandan_store::{Change, Store};

#[derive(Subcommand)]
pub enum UsersCommand {
    /// 사용자를 만듭니다. 비밀번호는 표준 입력의 첫 줄에서 읽습니다 (명령줄에 남지 않도록).
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// program-office, ministry-officer:부처명, provincial-officer:시·도, evaluator, committee-member, complex-agency (여러 번 쓸 수 있음)
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// 사용자와 역할을 보여 줍니다.
    List,
    /// 역할을 부여합니다.
    Grant { login: String, role: String },
    /// 역할을 회수합니다.
    Revoke { login: String, role: String },
    /// 비밀번호를 새로 정합니다 (현재 비밀번호 없이; 잠금이 풀리고 모든 세션이 끝납니다). 합성 계정도 이렇게 씁니다. 비밀번호는 표준 입력의 첫 줄에서 읽습니다.
    Password { login: String },
}

fn parse_roles(texts: &[String]) -> anyhow::Result<Vec<Role>> {
    texts
        .iter()
        .map(|t| t.parse::<Role>().map_err(anyhow::Error::from))
        .collect()
}

fn read_password() -> anyhow::Result<String> {
    eprint!("비밀번호(표준 입력 첫 줄): ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("표준 입력에서 비밀번호를 읽을 수 없습니다")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!(
            "비밀번호가 비었습니다. 표준 입력 첫 줄에 비밀번호를 주십시오 (예: printf '%s\\n' \"$PW\" | sandan users add …)."
        );
    }
    Ok(password)
}

async fn user_id(store: &Store, login: &str, now: i64) -> anyhow::Result<sandan_domain::UserId> {
    match store.users(now).await?.into_iter().find(|u| u.login == login) {
        Some(u) => Ok(u.id),
        None => bail!("아이디 '{login}'인 사용자가 없습니다. sandan users list로 확인하십시오."),
    }
}

pub async fn run(store: &Store, command: UsersCommand, at: &str, now: i64) -> anyhow::Result<()> {
    let change = Change {
        actor: "cli",
        at,
        source: "cli",
    };
    match command {
        UsersCommand::Add { login, name, roles } => {
            let roles = parse_roles(&roles)?;
            let password = read_password()?;
            store
                .create_user(&login, &name, &password, &roles, None, &change)
                .await?;
            println!(
                "사용자 '{login}'을(를) 만들었습니다: {}",
                roles.iter().map(Role::korean).collect::<Vec<_>>().join(", ")
            );
        }
        UsersCommand::List => {
            for u in store.users(now).await? {
                let roles: Vec<String> = u.grants.iter().map(|g| g.role.to_string()).collect();
                println!(
                    "{}\t{}\t{}{}",
                    u.login,
                    u.name,
                    roles.join(","),
                    if u.locked { "\t(잠김)" } else { "" }
                );
            }
        }
        UsersCommand::Grant { login, role } => {
            let role: Role = role.parse()?;
            store
                .grant_role(user_id(store, &login, now).await?, &role, None, &change)
                .await?;
            println!("'{login}'에게 {}을(를) 부여했습니다.", role.korean());
        }
        UsersCommand::Revoke { login, role } => {
            let role: Role = role.parse()?;
            store
                .revoke_role(user_id(store, &login, now).await?, &role, &change)
                .await?;
            println!("'{login}'의 {}을(를) 회수했습니다.", role.korean());
        }
        UsersCommand::Password { login } => {
            let password = read_password()?;
            store.reset_password(&login, &password, &change).await?;
            println!("'{login}'의 비밀번호를 새로 정했습니다. 그 사용자의 모든 세션이 끝났습니다.");
        }
    }
    Ok(())
}
