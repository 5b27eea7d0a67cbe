//! 평가위원회: the experts appointed to a round, the conflicts of interest they declare, which
//! plans each scores, and the panel's stage — setting up, scoring, closed.

use serde::{Deserialize, Serialize};

use crate::account::UserId;
use crate::region::Region;

/// 평가 단계
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 준비: the framework and the panel may change.
    Setup,
    /// 평가 중: the framework is frozen; evaluators score.
    Scoring,
    /// 평가 종료: every sheet is in; results may be read.
    Closed,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Setup => "setup",
            Stage::Scoring => "scoring",
            Stage::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<Stage> {
        [Stage::Setup, Stage::Scoring, Stage::Closed]
            .into_iter()
            .find(|s| s.key() == key)
    }

    pub fn korean(self) -> &'static str {
        match self {
            Stage::Setup => "평가 준비",
            Stage::Scoring => "평가 진행 중",
            Stage::Closed => "평가 종료",
        }
    }
}

/// What can be done to a panel; each is allowed only at some stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelAction {
    /// 평가틀 변경
    ChangeFramework,
    /// 평가위원 위촉·해촉
    ChangeMembers,
    /// 이해충돌 신고
    DeclareConflict,
    /// 평가 개시
    Start,
    /// 배정 해제
    Unassign,
    /// 평가표 작성·제출
    Score,
    /// 제출 독촉
    Remind,
    /// 평가 종료
    Close,
    /// 점수 공개·공개 취소
    PublishScores,
    /// 혁신계획안 제출, by a province: evaluators score the versions frozen when scoring
    /// starts, so a later one would be a version nobody evaluates.
    SubmitPlan,
    /// 공모 내용 변경, 접수 재개, 보완 요청, by the office: each would change or call for a
    /// plan other than the one frozen for scoring, which the province could then not submit.
    ChangeCall,
    Reopen,
    RequestRevision,
}

impl PanelAction {
    /// Refuses the action at `stage`, saying why in the office's words. The framework and
    /// the panel are fixed once scoring starts; scores are written only while it goes on and
    /// published only after it ends.
    pub fn allowed_at(self, stage: Stage) -> Result<(), &'static str> {
        use PanelAction::*;
        let (allowed, refusal) = match self {
            ChangeFramework => (stage == Stage::Setup, "평가가 시작되어 평가틀을 바꿀 수 없습니다."),
            ChangeMembers => (stage == Stage::Setup, "평가가 시작되어 평가위원을 바꿀 수 없습니다."),
            DeclareConflict => (stage != Stage::Closed, "평가가 끝나 이해충돌을 신고할 수 없습니다."),
            Start => (stage == Stage::Setup, "이미 평가가 시작되었습니다."),
            Unassign => (stage == Stage::Scoring, "평가 진행 중에만 배정을 뺄 수 있습니다."),
            Score => (stage == Stage::Scoring, "평가 기간이 아닙니다."),
            Remind => (stage == Stage::Scoring, "평가 진행 중에만 제출을 독촉할 수 있습니다."),
            Close => (
                stage == Stage::Scoring,
                "평가 진행 중일 때만 평가를 종료할 수 있습니다.",
            ),
            PublishScores => (stage == Stage::Closed, "평가를 종료한 뒤에 점수를 공개할 수 있습니다."),
            SubmitPlan => (
                stage == Stage::Setup,
                "평가가 시작되어 혁신계획안을 제출할 수 없습니다. 평가는 평가 개시 때의 제출본으로 진행됩니다.",
            ),
            ChangeCall => (
                stage == Stage::Setup,
                "평가가 시작되어 공모 내용을 바꿀 수 없습니다. 평가는 평가 개시 때의 공모 조건으로 진행됩니다.",
            ),
            Reopen => (
                stage == Stage::Setup,
                "평가가 시작되어 접수를 다시 열 수 없습니다. 평가는 평가 개시 때의 제출본으로 진행됩니다.",
            ),
            RequestRevision => (
                stage == Stage::Setup,
                "평가가 시작되어 보완을 요청할 수 없습니다. 시·도가 보완본을 제출할 수 없고, 평가는 평가 개시 때의 제출본으로 진행됩니다.",
            ),
        };
        if allowed { Ok(()) } else { Err(refusal) }
    }
}

/// Longest affiliation accepted, in characters.
pub const MAX_AFFILIATION: usize = 100;
/// Longest conflict or reminder note accepted, in characters.
pub const MAX_NOTE: usize = 500;

/// 소속, trimmed: required, and short enough for a table cell.
pub fn affiliation(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_AFFILIATION {
        return Err(format!("소속을 {MAX_AFFILIATION}자 이내로 적어 주십시오."));
    }
    Ok(text.to_string())
}

/// A conflict's reason or a reminder, trimmed; `what` names it in the refusal.
pub fn note(text: &str, what: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_NOTE {
        return Err(format!("{what}은(는) {MAX_NOTE}자 이내로 적어 주십시오."));
    }
    Ok(text.to_string())
}

/// 평가위원: a user appointed to one round's panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user: UserId,
    pub name: String,
    /// 소속
    pub affiliation: String,
}

/// 이해충돌 유형
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// 소속 기관이 해당 시·도 또는 그 산하기관
    Affiliation,
    /// 해당 계획의 수립·자문·컨설팅 참여
    PlanRole,
    /// 친족 등 개인적 이해관계
    Personal,
    /// 그 밖의 사유
    Other,
}

impl ConflictKind {
    pub const ALL: [ConflictKind; 4] = [
        ConflictKind::Affiliation,
        ConflictKind::PlanRole,
        ConflictKind::Personal,
        ConflictKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConflictKind::Affiliation => "affiliation",
            ConflictKind::PlanRole => "plan_role",
            ConflictKind::Personal => "personal",
            ConflictKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<ConflictKind> {
        ConflictKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn korean(self) -> &'static str {
        match self {
            ConflictKind::Affiliation => "소속 기관 관련",
            ConflictKind::PlanRole => "계획 수립·자문 참여",
            ConflictKind::Personal => "개인적 이해관계",
            ConflictKind::Other => "기타",
        }
    }
}

/// 이해충돌 신고: an evaluator may not score this province's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub evaluator: UserId,
    pub region: Region,
    pub kind: ConflictKind,
    pub note: String,
}

/// Every evaluator × plan pair without a conflict, evaluators in appointment order and plans in
/// 가나다 order: the assignment made when scoring starts.
pub fn assignments(members: &[Member], plans: &[Region], conflicts: &[Conflict]) -> Vec<(UserId, Region)> {
    let mut plans = plans.to_vec();
    crate::hangul::sort_ganada(&mut plans, |r| r.short_name());
    members
        .iter()
        .flat_map(|m| plans.iter().map(move |r| (m.user, *r)))
        .filter(|(user, region)| !conflicted(conflicts, *user, *region))
        .collect()
}

pub fn conflicted(conflicts: &[Conflict], evaluator: UserId, region: Region) -> bool {
    conflicts.iter().any(|c| c.evaluator == evaluator && c.region == region)
}

/// Why scoring cannot start yet; empty when it can.
pub fn start_problems(panel_size: u32, members: &[Member], plans: &[Region], conflicts: &[Conflict]) -> Vec<String> {
    let mut problems = Vec::new();
    if members.len() != panel_size as usize {
        problems.push(format!(
            "평가위원 {panel_size}명을 위촉해야 합니다 (지금 {}명).",
            members.len()
        ));
    }
    if plans.is_empty() {
        problems.push("제출된 혁신계획안이 없습니다.".to_string());
    }
    for region in plans {
        if !members.iter().any(|m| !conflicted(conflicts, m.user, *region)) {
            problems.push(format!(
                "{}의 계획안을 평가할 수 있는 평가위원이 없습니다 (모두 이해충돌).",
                region.short_name()
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64) -> Member {
        Member {
            user: UserId(id),
            name: format!("위원{id}"),
            affiliation: "대학".into(),
        }
    }

    #[test]
    fn the_framework_and_panel_freeze_when_scoring_starts_and_scores_open_only_after_closing() {
        use PanelAction::*;
        let allowed = |action: PanelAction| {
            [Stage::Setup, Stage::Scoring, Stage::Closed].map(|stage| action.allowed_at(stage).is_ok())
        };
        assert_eq!(allowed(ChangeFramework), [true, false, false]);
        assert_eq!(allowed(ChangeMembers), [true, false, false]);
        assert_eq!(allowed(Start), [true, false, false]);
        assert_eq!(allowed(DeclareConflict), [true, true, false]);
        for action in [Unassign, Score, Remind, Close] {
            assert_eq!(allowed(action), [false, true, false], "{action:?}");
        }
        assert_eq!(allowed(PublishScores), [false, false, true]);
        for action in [SubmitPlan, ChangeCall, Reopen, RequestRevision] {
            assert_eq!(allowed(action), [true, false, false], "{action:?}");
        }
        assert!(
            SubmitPlan
                .allowed_at(Stage::Scoring)
                .unwrap_err()
                .starts_with("평가가 시작되어")
        );
        assert_eq!(
            ChangeFramework.allowed_at(Stage::Scoring),
            Err("평가가 시작되어 평가틀을 바꿀 수 없습니다.")
        );
    }

    #[test]
    fn affiliations_are_required_and_notes_are_bounded() {
        assert_eq!(affiliation("  부산대학교 ").unwrap(), "부산대학교");
        assert!(affiliation(" ").unwrap_err().contains("100자"));
        assert!(affiliation(&"가".repeat(101)).is_err());
        assert_eq!(note("", "신고 사유").unwrap(), "");
        assert!(
            note(&"가".repeat(501), "신고 사유")
                .unwrap_err()
                .starts_with("신고 사유")
        );
    }

    #[test]
    fn a_conflicted_evaluator_is_not_assigned_that_plan() {
        let members = [member(1), member(2)];
        let conflicts = [Conflict {
            evaluator: UserId(2),
            region: Region::Busan,
            kind: ConflictKind::Affiliation,
            note: "부산대".into(),
        }];
        let got = assignments(&members, &[Region::Busan, Region::Gyeonggi], &conflicts);
        assert_eq!(
            got,
            vec![
                (UserId(1), Region::Gyeonggi),
                (UserId(1), Region::Busan),
                (UserId(2), Region::Gyeonggi)
            ]
        );
    }

    #[test]
    fn scoring_needs_the_full_panel_and_someone_free_to_score_each_plan() {
        let conflicts = [Conflict {
            evaluator: UserId(1),
            region: Region::Ulsan,
            kind: ConflictKind::PlanRole,
            note: String::new(),
        }];
        let problems = start_problems(2, &[member(1)], &[Region::Ulsan], &conflicts);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("2명을 위촉") && problems[1].contains("울산"));
        assert!(start_problems(1, &[member(2)], &[Region::Ulsan], &conflicts).is_empty());
    }
}
