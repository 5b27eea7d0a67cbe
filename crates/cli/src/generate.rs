//! `sandan generate`: fills the database with a generated national-scale dataset for benchmarks
//! and load tests. It replaces everything the program's record holds, so a database holding the
//! program's real record is refused unless the operator says `--replace`. Its accounts are made
//! or brought in line with the dataset; real accounts are left as they are.

use std::time::Instant;

use anyhow::bail;
use clap::{Args, ValueEnum};
use sandan_domain::quantity::thousands;
use sandan_domain::synthetic::{Scale, generate};
use sandan_store::synthetic::RecordState;
use sandan_store::{Change, Store};

#[derive(Args)]
pub struct GenerateArgs {
    /// 규모: national(산업단지 1,330개, 10개 회차, 계획당 사업 50개, 지원기업 5만, 성과 측정 20만, 분기별 동향 20년, 합성 계정 500개) 또는 small(시험용)
    #[arg(long, value_enum, default_value = "national")]
    scale: ScaleArg,
    /// 난수 시드: 같은 시드는 같은 자료를 만듭니다.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 선정 거점산단의 고용에 선정 2분기 후부터 심는 효과(천분율, 50 = +5%, 0 = 없음): 사업 효과 추정이 찾아야 할 답입니다.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(0..=1000))]
    planted_effect: u16,
    /// 실제 기록이 있는 데이터베이스도 합성 자료로 바꿉니다 (기록, 패키지, 성과 자료가 모두 지워집니다. 실제 계정은 그대로 둡니다).
    #[arg(long)]
    replace: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScaleArg {
    National,
    Small,
}

impl ScaleArg {
    fn scale(self) -> Scale {
        match self {
            ScaleArg::National => Scale::national(),
            ScaleArg::Small => Scale::small(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            ScaleArg::National => "national",
            ScaleArg::Small => "small",
        }
    }
}

pub async fn run(store: &Store, args: GenerateArgs, at: &str) -> anyhow::Result<()> {
    if store.record_state().await? == RecordState::Program && !args.replace {
        bail!(
            "이 데이터베이스에는 합성 자료가 아닌 실제 기록이 있어 합성 자료를 적재하지 않았습니다. \
             합성 자료는 기록과 패키지·성과 자료를 모두 지우고 바꿉니다. 그래도 바꾸려면 --replace를 붙이십시오."
        );
    }
    let started = Instant::now();
    let scale = Scale {
        planted_effect_permille: usize::from(args.planted_effect),
        ..args.scale.scale()
    };
    let data = generate(scale, args.seed)?;
    let generated = started.elapsed();
    let started = Instant::now();
    let change = Change {
        actor: "cli:generate",
        source: "cli",
        at,
    };
    let n = store.load_national(&data, &change).await?;
    let loaded = started.elapsed();
    let t = |n: i64| thousands(n);
    println!(
        "합성 자료(성능 시험용) 적재 완료: 규모 {}, 시드 {} ({})",
        args.scale.name(),
        args.seed,
        store.backend().name()
    );
    println!(
        "  산업단지 {}개, 공모 회차 {}개, 혁신계획 {}개, 지정 {}건",
        t(n.complexes),
        t(n.rounds),
        t(n.plans),
        t(n.designations)
    );
    println!(
        "  지원사업 {}개, 패키지 사업 {}개, 예산 계획 {}행, 분기 집행 {}행",
        t(n.programs),
        t(n.projects),
        t(n.budget_lines),
        t(n.executions)
    );
    println!(
        "  목표 관리 설정 {}건, 성과 측정 {}건, 지원기업 {}건",
        t(n.goal_setups),
        t(n.measurements),
        t(n.firms)
    );
    println!(
        "  분기별 산업단지 동향 {}행, 합성 계정 {}개 (비밀번호는 알리지 않음: sandan users password로 새로 정함)",
        t(n.surveys),
        t(n.users)
    );
    println!(
        "  생성 {:.1}초, 적재 {:.1}초",
        generated.as_secs_f64(),
        loaded.as_secs_f64()
    );
    Ok(())
}
