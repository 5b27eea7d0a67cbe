//! 권한 정책: the one answer to "may this user do this to this record", asked by every page
//! and API route alike. Anonymous visitors (`None`) get exactly the public view.

use crate::account::{Actor, Role, UserId};
use crate::grievance::Handler;
use crate::package::Runner;
use crate::region::Region;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    Change,
}

/// What is acted on, carrying what the decision depends on (whose it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// 공개 자료: rounds, published plans, complexes, designations.
    Published,
    /// User accounts and role grants, and the register of every user's API tokens.
    Users,
    /// One user's own account (password, sessions, API tokens).
    Account { owner: UserId },
    /// One API token: its owner and the program office may see and revoke it (the office
    /// keeps the register, so it can stop a leaked token whoever made it).
    ApiToken { owner: UserId },
    /// 감사 기록: append-only; nobody may change it.
    AuditLog,
    /// 공모 운영: opening rounds, the call, holidays, reopening submissions, consulting
    /// comments and revision requests, and every province's standing in one table.
    Calls,
    /// 혁신계획안: a province's draft and submitted versions. Its officers write it; the program
    /// office reads it to consult; no other province sees it.
    Proposal { region: Region },
    /// 평가 운영: the framework, the panel, conflicts and assignments, closing, results and the
    /// committee's decisions. The office runs it; committee members read the results once the
    /// panel has closed.
    Evaluation { closed: bool },
    /// 평가위원 본인의 평가 업무: her assignments, her conflict declarations. Only a member of
    /// the round's panel.
    Panelist { member: bool },
    /// 평가표: one evaluator's sheet for one plan. She reads and writes it only while the plan
    /// is assigned to her (never when conflicted); the office and the committee read it only
    /// once the panel is closed, so nobody sees scores but their author while scoring goes on.
    ScoreSheet {
        evaluator: UserId,
        assigned: bool,
        sealed: bool,
    },
    /// 지원사업 목록: the ministries' programs. Public to read; the office adds and edits them.
    Programs,
    /// 패키지 편성: a confirmed region's projects, the program each draws on and the budget per
    /// year and source. Public to read; the office and the region's officers plan it.
    Package { region: Region },
    /// 집행 실적: a project's quarterly execution. Public to read; only its runner — the
    /// program's ministry, or the province for its own projects — records it.
    Execution { runner: Runner },
    /// 성과 기록: a region's goal measurements with their evidence and its register of supported
    /// firms (business numbers). Read by those who run the program — the office, the
    /// committee, the ministries and the region's officers; written by the region's officers.
    /// The public sees the progress computed from them, not the records.
    Results { region: Region },
    /// 발송함: every message Sandan mails, with its reader's address. The office reads it,
    /// sends a failed message again and announces to a round's roles.
    Outbox,
    /// 애로사항: one report. The body it is routed to handles it and sees the filer's contacts;
    /// the program office oversees every report; a filer with an account reads her own. (A
    /// filer without one follows it by receipt number and password, outside this policy.)
    Grievance { handler: Handler, filer: Option<UserId> },
    /// 만족도 평가: the filer's alone.
    GrievanceRating { filer: Option<UserId> },
    /// 애로사항 처리기한: the periods per category, set by the program office.
    GrievanceDeadlines,
    /// 현장 소통: site visits, 간담회 and consulting sessions about a region's complexes. The
    /// office and the region's officers record them; the bodies reports are transferred to (the
    /// ministries, 한국산업단지공단) read them too.
    FieldVisits { region: Region },
}

/// Why a request was refused: whether signing in could help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("로그인이 필요합니다.")]
    SignInRequired,
    #[error("이 작업을 할 권한이 없습니다.")]
    Forbidden,
}

pub fn authorize(actor: Option<&Actor>, action: Action, subject: &Subject) -> Result<(), Denied> {
    let public = matches!(
        subject,
        Subject::Published
            | Subject::Programs
            | Subject::Package { .. }
            | Subject::Execution { .. }
            | Subject::GrievanceDeadlines
    );
    if public && action == Action::View {
        return Ok(());
    }
    let Some(actor) = actor else {
        return Err(Denied::SignInRequired);
    };
    let allowed = match (subject, action) {
        (Subject::Published, Action::Change) => actor.is_program_office(),
        (Subject::Users, _) => actor.is_program_office(),
        (Subject::Account { owner }, Action::View) => *owner == actor.user || actor.is_program_office(),
        (Subject::Account { owner }, Action::Change) => *owner == actor.user,
        (Subject::ApiToken { owner }, _) => *owner == actor.user || actor.is_program_office(),
        (Subject::AuditLog, Action::View) => actor.is_program_office(),
        (Subject::AuditLog, Action::Change) => false,
        (Subject::Calls, _) => actor.is_program_office(),
        (Subject::Proposal { region }, Action::View) => actor.is_program_office() || officer_of(actor, *region),
        (Subject::Proposal { region }, Action::Change) => officer_of(actor, *region),
        (Subject::Evaluation { .. }, Action::Change) => actor.is_program_office(),
        (Subject::Evaluation { closed }, Action::View) => {
            actor.is_program_office() || (*closed && actor.has(&Role::CommitteeMember))
        }
        (Subject::Panelist { member }, _) => *member && actor.has(&Role::Evaluator),
        (
            Subject::ScoreSheet {
                evaluator,
                assigned,
                sealed,
            },
            action,
        ) => {
            let author = *evaluator == actor.user && actor.has(&Role::Evaluator) && *assigned;
            let reader = !*sealed && (actor.is_program_office() || actor.has(&Role::CommitteeMember));
            author || (action == Action::View && reader)
        }
        (Subject::Published, Action::View) => true,
        (Subject::Programs, Action::View) => true,
        (Subject::Programs, Action::Change) => actor.is_program_office(),
        (Subject::Package { .. }, Action::View) => true,
        (Subject::Package { region }, Action::Change) => actor.is_program_office() || officer_of(actor, *region),
        (Subject::Execution { .. }, Action::View) => true,
        (Subject::Execution { runner }, Action::Change) => match runner {
            Runner::Ministry(ministry) => actor.has(&Role::MinistryOfficer {
                ministry: ministry.clone(),
            }),
            Runner::Province(region) => officer_of(actor, *region),
        },
        (Subject::Results { region }, Action::View) => {
            actor.is_program_office()
                || actor.has(&Role::CommitteeMember)
                || actor.roles.iter().any(|r| matches!(r, Role::MinistryOfficer { .. }))
                || officer_of(actor, *region)
        }
        (Subject::Results { region }, Action::Change) => officer_of(actor, *region),
        (Subject::Outbox, _) => actor.is_program_office(),
        (Subject::Grievance { handler, filer }, Action::View) => {
            actor.is_program_office() || handler.served_by(actor) || *filer == Some(actor.user)
        }
        (Subject::Grievance { handler, .. }, Action::Change) => actor.is_program_office() || handler.served_by(actor),
        (Subject::GrievanceRating { filer }, _) => *filer == Some(actor.user),
        (Subject::GrievanceDeadlines, Action::View) => true,
        (Subject::GrievanceDeadlines, Action::Change) => actor.is_program_office(),
        (Subject::FieldVisits { region }, Action::View) => {
            actor.is_program_office()
                || officer_of(actor, *region)
                || actor.has(&Role::ComplexAgency)
                || actor.roles.iter().any(|r| matches!(r, Role::MinistryOfficer { .. }))
        }
        (Subject::FieldVisits { region }, Action::Change) => actor.is_program_office() || officer_of(actor, *region),
    };
    if allowed { Ok(()) } else { Err(Denied::Forbidden) }
}

fn officer_of(actor: &Actor, region: Region) -> bool {
    actor.has(&Role::ProvincialOfficer { region })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: i64, roles: Vec<Role>) -> Actor {
        Actor {
            user: UserId(id),
            login: format!("user{id}"),
            roles,
        }
    }

    #[test]
    fn the_public_sees_what_is_published_and_nothing_else() {
        assert_eq!(authorize(None, Action::View, &Subject::Published), Ok(()));
        for subject in [
            Subject::Users,
            Subject::AuditLog,
            Subject::Account { owner: UserId(1) },
            Subject::Outbox,
        ] {
            assert_eq!(
                authorize(None, Action::View, &subject),
                Err(Denied::SignInRequired),
                "{subject:?}"
            );
        }
        assert_eq!(
            authorize(None, Action::Change, &Subject::Published),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn only_the_program_office_manages_users_reads_the_audit_trail_and_changes_the_record() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let gyeonggi = actor(
            2,
            vec![
                Role::ProvincialOfficer {
                    region: Region::Gyeonggi,
                },
                Role::Evaluator,
            ],
        );
        for (subject, action) in [
            (Subject::Users, Action::View),
            (Subject::Users, Action::Change),
            (Subject::AuditLog, Action::View),
            (Subject::Published, Action::Change),
        ] {
            assert_eq!(
                authorize(Some(&office), action, &subject),
                Ok(()),
                "{subject:?} {action:?}"
            );
            assert_eq!(
                authorize(Some(&gyeonggi), action, &subject),
                Err(Denied::Forbidden),
                "{subject:?} {action:?}"
            );
        }
        assert_eq!(
            authorize(Some(&office), Action::Change, &Subject::AuditLog),
            Err(Denied::Forbidden),
            "append-only"
        );
    }

    #[test]
    fn an_account_is_its_owners_to_change() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let me = actor(2, vec![Role::Evaluator]);
        let mine = Subject::Account { owner: UserId(2) };
        let theirs = Subject::Account { owner: UserId(3) };
        assert_eq!(authorize(Some(&me), Action::Change, &mine), Ok(()));
        assert_eq!(authorize(Some(&me), Action::View, &theirs), Err(Denied::Forbidden));
        assert_eq!(authorize(Some(&office), Action::View, &mine), Ok(()));
        assert_eq!(
            authorize(Some(&office), Action::Change, &mine),
            Err(Denied::Forbidden),
            "nobody sets another's password"
        );
    }

    #[test]
    fn a_token_is_revoked_by_its_owner_or_the_office_and_nobody_else() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let me = actor(2, vec![Role::Evaluator]);
        let other = actor(3, vec![Role::CommitteeMember]);
        let mine = Subject::ApiToken { owner: UserId(2) };
        assert_eq!(authorize(Some(&me), Action::Change, &mine), Ok(()));
        assert_eq!(authorize(Some(&office), Action::Change, &mine), Ok(()));
        assert_eq!(authorize(Some(&other), Action::Change, &mine), Err(Denied::Forbidden));
        assert_eq!(authorize(None, Action::View, &mine), Err(Denied::SignInRequired));
    }

    #[test]
    fn a_province_reads_and_writes_its_own_plan_and_never_anothers() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let gyeonggi = actor(
            2,
            vec![Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        );
        let evaluator = actor(3, vec![Role::Evaluator, Role::CommitteeMember]);
        let own = Subject::Proposal {
            region: Region::Gyeonggi,
        };
        let other = Subject::Proposal { region: Region::Busan };
        assert_eq!(authorize(Some(&gyeonggi), Action::View, &own), Ok(()));
        assert_eq!(authorize(Some(&gyeonggi), Action::Change, &own), Ok(()));
        for action in [Action::View, Action::Change] {
            assert_eq!(authorize(Some(&gyeonggi), action, &other), Err(Denied::Forbidden));
            assert_eq!(authorize(Some(&evaluator), action, &own), Err(Denied::Forbidden));
            assert_eq!(authorize(None, action, &own), Err(Denied::SignInRequired));
        }
        assert_eq!(authorize(Some(&office), Action::View, &other), Ok(()));
        assert_eq!(
            authorize(Some(&office), Action::Change, &other),
            Err(Denied::Forbidden),
            "the office consults; the province writes"
        );
    }

    #[test]
    fn a_score_sheet_is_its_authors_alone_until_the_panel_closes() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let kim = actor(2, vec![Role::Evaluator]);
        let lee = actor(3, vec![Role::Evaluator, Role::CommitteeMember]);
        let province = actor(
            4,
            vec![Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        );
        let sheet = |assigned, sealed| Subject::ScoreSheet {
            evaluator: UserId(2),
            assigned,
            sealed,
        };
        for action in [Action::View, Action::Change] {
            assert_eq!(authorize(Some(&kim), action, &sheet(true, true)), Ok(()));
            assert_eq!(
                authorize(Some(&kim), action, &sheet(false, true)),
                Err(Denied::Forbidden),
                "a conflicted or unassigned plan stays closed to her"
            );
            for other in [&office, &lee, &province] {
                assert_eq!(
                    authorize(Some(other), action, &sheet(true, true)),
                    Err(Denied::Forbidden)
                );
            }
        }
        assert_eq!(authorize(Some(&office), Action::View, &sheet(true, false)), Ok(()));
        assert_eq!(authorize(Some(&lee), Action::View, &sheet(true, false)), Ok(()));
        assert_eq!(
            authorize(Some(&office), Action::Change, &sheet(true, false)),
            Err(Denied::Forbidden),
            "nobody edits another's scores"
        );
        assert_eq!(
            authorize(Some(&province), Action::View, &sheet(true, false)),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn the_office_runs_the_evaluation_and_the_committee_reads_it_once_closed() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let member = actor(2, vec![Role::CommitteeMember]);
        let evaluator = actor(3, vec![Role::Evaluator]);
        let open = Subject::Evaluation { closed: false };
        let closed = Subject::Evaluation { closed: true };
        assert_eq!(authorize(Some(&office), Action::Change, &open), Ok(()));
        assert_eq!(authorize(Some(&member), Action::View, &open), Err(Denied::Forbidden));
        assert_eq!(authorize(Some(&member), Action::View, &closed), Ok(()));
        assert_eq!(
            authorize(Some(&member), Action::Change, &closed),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&evaluator), Action::View, &closed),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&evaluator), Action::View, &Subject::Panelist { member: true }),
            Ok(())
        );
        assert_eq!(
            authorize(Some(&evaluator), Action::View, &Subject::Panelist { member: false }),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn only_the_program_office_runs_the_call() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let gyeonggi = actor(
            2,
            vec![Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        );
        for action in [Action::View, Action::Change] {
            assert_eq!(authorize(Some(&office), action, &Subject::Calls), Ok(()));
            assert_eq!(
                authorize(Some(&gyeonggi), action, &Subject::Calls),
                Err(Denied::Forbidden)
            );
        }
    }

    #[test]
    fn a_ministry_records_only_its_programs_execution_and_a_province_only_its_own_results() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let sme = actor(
            2,
            vec![Role::MinistryOfficer {
                ministry: "중소벤처기업부".into(),
            }],
        );
        let gyeonggi = actor(
            3,
            vec![Role::ProvincialOfficer {
                region: Region::Gyeonggi,
            }],
        );
        let committee = actor(4, vec![Role::CommitteeMember]);
        let smart_factory = Subject::Execution {
            runner: Runner::Ministry("중소벤처기업부".into()),
        };
        let forest = Subject::Execution {
            runner: Runner::Ministry("산림청".into()),
        };
        let provincial = Subject::Execution {
            runner: Runner::Province(Region::Gyeonggi),
        };
        assert_eq!(authorize(Some(&sme), Action::Change, &smart_factory), Ok(()));
        assert_eq!(authorize(Some(&sme), Action::Change, &forest), Err(Denied::Forbidden));
        assert_eq!(
            authorize(Some(&sme), Action::Change, &provincial),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(Some(&gyeonggi), Action::Change, &provincial), Ok(()));
        assert_eq!(
            authorize(Some(&gyeonggi), Action::Change, &smart_factory),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&office), Action::Change, &smart_factory),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(None, Action::View, &forest), Ok(()), "execution is public");

        let own = Subject::Results {
            region: Region::Gyeonggi,
        };
        let other = Subject::Results { region: Region::Busan };
        assert_eq!(authorize(Some(&gyeonggi), Action::Change, &own), Ok(()));
        assert_eq!(
            authorize(Some(&gyeonggi), Action::Change, &other),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(Some(&gyeonggi), Action::View, &other), Err(Denied::Forbidden));
        for reader in [&office, &sme, &committee] {
            assert_eq!(authorize(Some(reader), Action::View, &own), Ok(()));
            assert_eq!(authorize(Some(reader), Action::Change, &own), Err(Denied::Forbidden));
        }
        assert_eq!(authorize(None, Action::View, &own), Err(Denied::SignInRequired));

        let package = Subject::Package {
            region: Region::Gyeonggi,
        };
        assert_eq!(authorize(Some(&office), Action::Change, &package), Ok(()));
        assert_eq!(authorize(Some(&gyeonggi), Action::Change, &package), Ok(()));
        assert_eq!(authorize(Some(&sme), Action::Change, &package), Err(Denied::Forbidden));
        assert_eq!(
            authorize(
                Some(&gyeonggi),
                Action::Change,
                &Subject::Package { region: Region::Busan }
            ),
            Err(Denied::Forbidden)
        );
        assert_eq!(authorize(Some(&office), Action::Change, &Subject::Programs), Ok(()));
        assert_eq!(
            authorize(Some(&sme), Action::Change, &Subject::Programs),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn a_report_is_seen_by_its_body_the_office_and_its_filer_and_handled_by_the_body_alone() {
        let office = actor(1, vec![Role::ProgramOffice]);
        let gyeongnam = actor(
            2,
            vec![Role::ProvincialOfficer {
                region: Region::Gyeongnam,
            }],
        );
        let busan = actor(3, vec![Role::ProvincialOfficer { region: Region::Busan }]);
        let agency = actor(4, vec![Role::ComplexAgency]);
        let filer = actor(5, vec![]);
        let report = Subject::Grievance {
            handler: Handler::Province(Region::Gyeongnam),
            filer: Some(UserId(5)),
        };
        for (who, view, change) in [
            (&office, true, true),
            (&gyeongnam, true, true),
            (&busan, false, false),
            (&agency, false, false),
            (&filer, true, false),
        ] {
            assert_eq!(
                authorize(Some(who), Action::View, &report).is_ok(),
                view,
                "{}",
                who.login
            );
            assert_eq!(
                authorize(Some(who), Action::Change, &report).is_ok(),
                change,
                "{}",
                who.login
            );
        }
        assert_eq!(authorize(None, Action::View, &report), Err(Denied::SignInRequired));
        let rating = Subject::GrievanceRating { filer: Some(UserId(5)) };
        assert_eq!(authorize(Some(&filer), Action::Change, &rating), Ok(()));
        assert_eq!(
            authorize(Some(&gyeongnam), Action::Change, &rating),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&office), Action::Change, &Subject::GrievanceRating { filer: None }),
            Err(Denied::Forbidden),
            "nobody rates for an anonymous filer"
        );
        assert_eq!(authorize(None, Action::View, &Subject::GrievanceDeadlines), Ok(()));
        let visits = Subject::FieldVisits {
            region: Region::Gyeongnam,
        };
        for (who, view, change) in [
            (&office, true, true),
            (&gyeongnam, true, true),
            (&busan, false, false),
            (&agency, true, false),
            (&filer, false, false),
        ] {
            assert_eq!(
                authorize(Some(who), Action::View, &visits).is_ok(),
                view,
                "{}",
                who.login
            );
            assert_eq!(
                authorize(Some(who), Action::Change, &visits).is_ok(),
                change,
                "{}",
                who.login
            );
        }
        assert_eq!(
            authorize(Some(&gyeongnam), Action::Change, &Subject::GrievanceDeadlines),
            Err(Denied::Forbidden)
        );
    }
}
