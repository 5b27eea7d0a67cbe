//! 일정 구독: a user's deadlines as an iCalendar feed (RFC 5545) that Outlook, Google and phone
//! calendars subscribe to. Each deadline is an all-day event on its day, with a UID that stays
//! the same while the task does, so calendars update an event instead of adding another.

use crate::date::Day;
use crate::tasks::Task;

/// One deadline in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub day: Day,
    pub summary: String,
    pub url: String,
}

/// The events of her tasks that have a full deadline day; `site` is the public address that
/// links and UIDs are made under.
pub fn events(tasks: &[Task], site: &str) -> Vec<Event> {
    let host = site.split("://").nth(1).unwrap_or(site).trim_end_matches('/');
    tasks
        .iter()
        .filter_map(|t| {
            let day = t.due.filter(|d| d.day.is_some())?;
            Some(Event {
                uid: format!(
                    "{}-{}@{host}",
                    t.round.map_or_else(|| "grievance".to_string(), |r| r.to_string()),
                    uid_part(&t.link, &t.what)
                ),
                day,
                summary: t.what.clone(),
                url: format!("{}{}", site.trim_end_matches('/'), t.link),
            })
        })
        .collect()
}

/// A stable, short, ASCII token for a task: FNV-1a of its link and words. Not a secret, only
/// an identity (the feed's address is what is secret).
fn uid_part(link: &str, what: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in link.bytes().chain([0]).chain(what.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The whole feed. `stamp` is when it was made, UTC as `20261203T101500Z` (DTSTAMP).
pub fn calendar(name: &str, events: &[Event], stamp: &str) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Sandan//산업단지 대개조//KO".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
        "X-WR-TIMEZONE:Asia/Seoul".into(),
    ];
    for e in events {
        let Some(end) = e.day.next_day() else { continue };
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", e.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", compact(&e.day)),
            format!("DTEND;VALUE=DATE:{}", compact(&end)),
            format!("SUMMARY:{}", text(&e.summary)),
            format!("URL:{}", e.url),
            "TRANSP:TRANSPARENT".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// TEXT values escape backslashes, semicolons, commas and line breaks (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space (§3.1), never inside
/// a UTF-8 character: a Korean syllable is three octets.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn compact(day: &Day) -> String {
    format!(
        "{:04}{:02}{:02}",
        day.year,
        day.month.unwrap_or(1),
        day.day.unwrap_or(1)
    )
}
