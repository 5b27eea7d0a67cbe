//! 알림 문안: the Korean text of each message. Each names what happened and where to act, and
//! nothing from behind the page's access check (see the module above).

use crate::date::Day;
use crate::region::Region;
use crate::tasks::Task;

use super::{Kind, Letter};

const SITE: &str = "산업단지 대개조";

fn letter(kind: Kind, round: Option<i32>, subject: String, lines: &[String], link: String) -> Letter {
    let mut body = lines.join("\n");
    body.push_str(&format!(
        "\n\n이 메일은 {SITE} 시스템이 보냈습니다. 알림 수신 설정은 로그인한 뒤 '내 계정'에서 바꿀 수 있습니다."
    ));
    Letter {
        kind,
        round,
        subject: format!("[{SITE}] {subject}"),
        body,
        link,
    }
}

/// The link that proves `address` is hers; `link` carries the one-time token.
pub fn verification(name: &str, address: &str, link: String) -> Letter {
    letter(
        Kind::Verification,
        None,
        "이메일 주소를 확인해 주십시오".into(),
        &[
            format!("{name} 님, {address}을(를) 알림을 받을 주소로 등록하셨습니다."),
            "아래 주소를 열고 '주소 확인' 단추를 누르면 등록이 끝납니다. 이 주소는 24시간 동안 한 번 쓸 수 있습니다."
                .into(),
            "직접 등록하지 않으셨다면 이 메일을 무시하십시오. 주소는 확인되지 않은 채로 남고 알림도 가지 않습니다."
                .into(),
        ],
        link,
    )
}

/// The link that completes a firm's sign-up by proving `address`.
pub fn sign_up(name: &str, firm: &str, address: &str, link: String) -> Letter {
    letter(
        Kind::Verification,
        None,
        "회원가입을 마치려면 이메일 주소를 확인해 주십시오".into(),
        &[
            format!("{name} 님({firm}), {address}(으)로 입주기업 회원가입을 신청하셨습니다."),
            "아래 주소를 열고 '주소 확인' 단추를 누르면 가입이 끝나고 로그인할 수 있습니다. 이 주소는 24시간 동안 한 번 쓸 수 있습니다."
                .into(),
            "직접 신청하지 않으셨다면 이 메일을 무시하십시오. 확인되지 않은 가입은 로그인할 수 없습니다.".into(),
        ],
        link,
    )
}

pub fn revision_requested(year: i32, region: Region, version: u32, due: Day) -> Letter {
    letter(
        Kind::RevisionRequested,
        Some(year),
        format!("{year}년 혁신계획안 보완 요청 ({})", region.short_name()),
        &[
            format!(
                "{year}년 공모에 제출하신 {} 혁신계획안 제{version}판에 대해 사업단이 보완을 요청했습니다.",
                region.short_name()
            ),
            format!("보완 기한: {}", due.korean()),
            "요청 내용은 아래 계획안 화면에서 확인하고, 보완본을 기한까지 제출하십시오.".into(),
        ],
        format!("/rounds/{year}/proposals/{}", region.slug()),
    )
}

pub fn comment_received(year: i32, region: Region, version: u32) -> Letter {
    letter(
        Kind::CommentReceived,
        Some(year),
        format!(
            "{year}년 혁신계획안에 컨설팅 의견이 등록되었습니다 ({})",
            region.short_name()
        ),
        &[
            format!(
                "{} 혁신계획안 제{version}판에 새 컨설팅 의견이 등록되었습니다.",
                region.short_name()
            ),
            "의견 내용은 계획안 화면에서 확인하고 답변을 남겨 주십시오.".into(),
        ],
        format!("/rounds/{year}/proposals/{}", region.slug()),
    )
}

pub fn appointed(year: i32) -> Letter {
    letter(
        Kind::Appointed,
        Some(year),
        format!("{year}년 산단 대개조 평가위원으로 위촉되었습니다"),
        &[
            format!("{year}년 공모의 평가위원회 위원으로 위촉되셨습니다."),
            "평가가 시작되기 전에 제출된 계획안과 이해관계가 있는지 확인하고, 있으면 신고해 주십시오.".into(),
        ],
        format!("/rounds/{year}/evaluation/mine"),
    )
}

pub fn assigned(year: i32, plans: usize, due: Option<Day>) -> Letter {
    let due = due.map_or_else(
        || "평가 마감일은 사업단이 따로 알려 드립니다.".to_string(),
        |d| format!("평가 마감일: {}", d.korean()),
    );
    letter(
        Kind::Assigned,
        Some(year),
        format!("{year}년 혁신계획 평가가 시작되었습니다"),
        &[
            format!("{year}년 공모의 평가가 시작되어 계획안 {plans}건이 배정되었습니다."),
            due,
            "배정된 계획안과 평가표는 아래 화면에 있습니다.".into(),
        ],
        format!("/rounds/{year}/evaluation/mine"),
    )
}

/// 제출 독촉; `note` is the office's own words to the members, which they may read.
pub fn chased(year: i32, note: &str) -> Letter {
    letter(
        Kind::Chased,
        Some(year),
        format!("{year}년 혁신계획 평가표 제출을 부탁드립니다"),
        &[
            "사업단이 아직 제출되지 않은 평가표의 제출을 요청했습니다.".into(),
            format!("사업단의 말: {note}"),
        ],
        format!("/rounds/{year}/evaluation/mine"),
    )
}

pub fn selection_published(year: i32) -> Letter {
    letter(
        Kind::SelectionPublished,
        Some(year),
        format!("{year}년 산단 대개조 심의 결과가 공개되었습니다"),
        &[
            format!("{year}년 공모에 대한 산업단지 대개조 지역 선정 심의 결과가 공개되었습니다."),
            "결과는 아래 회차 화면에서 볼 수 있습니다.".into(),
        ],
        format!("/rounds/{year}"),
    )
}

/// 공지 of the office to a round's readers: a title of at most 100 characters on one line and a
/// body of at most 2,000.
pub fn announcement(year: i32, subject: &str, body: &str) -> Result<Letter, String> {
    let (subject, body) = (subject.trim(), body.trim());
    if subject.is_empty() || subject.chars().count() > 100 || subject.contains(['\r', '\n']) {
        return Err("공지 제목을 한 줄, 100자 이내로 적어 주십시오.".into());
    }
    if body.is_empty() || body.chars().count() > 2000 {
        return Err("공지 내용을 2,000자 이내로 적어 주십시오.".into());
    }
    Ok(letter(
        Kind::Announcement,
        Some(year),
        subject.to_string(),
        &[body.replace("\r\n", "\n")],
        format!("/rounds/{year}"),
    ))
}

/// 마감 알림 for one of her tasks, `left` business days before its deadline.
pub fn deadline(task: &Task, left: i64) -> Option<Letter> {
    let due = task.due?;
    let when = if left == 0 {
        "오늘이 마감일입니다".to_string()
    } else {
        format!("마감까지 {left}영업일 남았습니다")
    };
    Some(letter(
        Kind::Deadline,
        task.round,
        format!("{when}: {}", task.what),
        &[
            match task.round {
                Some(round) => format!("{round}년 공모에서 할 일이 있습니다."),
                None => "처리기한이 다가오는 애로사항이 있습니다.".to_string(),
            },
            format!("할 일: {}", task.what),
            format!("마감일: {} ({when})", due.korean()),
        ],
        task.link.clone(),
    ))
}

/// 분기 보고 안내 for a quarterly task, once when the quarter's report falls due.
pub fn quarterly(task: &Task) -> Option<Letter> {
    let quarter = task.quarter?;
    Some(letter(
        Kind::Report,
        task.round,
        format!("{} 실적 입력 안내", quarter.korean()),
        &[
            format!("{}이 끝나 실적을 입력할 때입니다.", quarter.korean()),
            format!("할 일: {}", task.what),
        ],
        task.link.clone(),
    ))
}

/// 애로사항 배정: a report has come to her body, filed or transferred. It carries the receipt
/// number and the deadline, never the filer or the text: the page checks who may read them.
pub fn grievance_routed(id: i64, receipt: &str, body: &str, due: &crate::Day) -> Letter {
    letter(
        Kind::GrievanceRouted,
        None,
        format!("애로사항이 {body}에 접수되었습니다 (접수번호 {receipt})"),
        &[
            format!("접수번호 {receipt}의 애로사항이 {body}에 배정되었습니다."),
            format!("처리기한: {}", due.korean()),
            "내용과 신청인은 애로사항 화면에서 확인하고 처리해 주십시오.".into(),
        ],
        format!("/grievances/{id}"),
    )
}

/// 답변 완료, to a filer who filed with her account.
pub fn grievance_answered(id: i64, receipt: &str) -> Letter {
    letter(
        Kind::GrievanceAnswered,
        None,
        format!("접수하신 애로사항에 답변이 등록되었습니다 (접수번호 {receipt})"),
        &[
            format!("접수번호 {receipt}의 애로사항에 처리기관의 답변이 등록되었습니다."),
            "답변은 애로사항 화면에서 확인하고 만족도를 평가해 주십시오.".into(),
        ],
        format!("/grievances/{id}"),
    )
}
