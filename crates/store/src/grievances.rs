//! 애로사항: filing (with an account or with a receipt password), the handling bodies' lists and
//! steps, the filer's following and rating, and the rows statistics are counted from. Every
//! change is one audited transaction; every reading of a filer's contacts is audited too.

mod attachments;
mod follow;
mod retention;
mod steps;
mod visits;

pub use attachments::{NewAttachment, StoredAttachment};
pub use retention::PURGED;
pub use visits::StoredVisit;

use sandan_domain::grievance::{
    FILINGS_PER_HOUR, Filer, Filing, FilingError, Handler, Outcome, Progress, RegionalStatistics, Statistics, Status,
    check_follow_password, receipt_number,
};
use sandan_domain::{ComplexId, Day, Region, UserId, mail};
use std::sync::Arc;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, Change};
use crate::edit::EditError;
use crate::mail::Audience;
use crate::rows::each_row;
use crate::secrets::hash_password;
use crate::{Store, StoreError};

/// One report as its handling body and the office see it, with its history.
#[derive(Debug, Clone)]
pub struct StoredGrievance {
    pub id: i64,
    pub receipt: String,
    pub complex: ComplexId,
    pub complex_name: String,
    pub region: Region,
    pub title: String,
    pub body: String,
    pub filer: Filer,
    pub filer_user: Option<UserId>,
    pub wants_public: bool,
    pub progress: Progress,
    pub received_on: Day,
    pub received_at: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub public: Option<PublicText>,
    pub version: i64,
    pub events: Vec<GrievanceEvent>,
    /// 첨부파일, in the order filed.
    pub attachments: Vec<StoredAttachment>,
}

/// 공개 문안: what the handler approved for everyone to read, the filer having agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicText {
    pub title: String,
    pub body: String,
    pub answer: String,
}

/// 처리 경과의 한 줄
#[derive(Debug, Clone)]
pub struct GrievanceEvent {
    pub at: String,
    pub by: String,
    pub step: String,
    pub handler: Handler,
    pub status: Status,
    pub due: Day,
    pub note: Option<String>,
}

/// A line of a handling body's list: nothing personal.
#[derive(Debug, Clone)]
pub struct GrievanceLine {
    pub id: i64,
    pub receipt: String,
    pub complex_name: String,
    pub region: Region,
    pub title: String,
    /// For the list's masked 신청인 column.
    pub filer: Filer,
    pub progress: Progress,
    pub received_on: Day,
}

/// How a filer will follow her report.
#[derive(Debug, Clone, Copy)]
pub enum FiledBy<'a> {
    /// Signed in: her account lists it.
    Account(UserId),
    /// Without an account: the receipt number and this password.
    Password(&'a str),
}

/// 접수 결과
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub id: i64,
    pub receipt: String,
    pub handler: Handler,
    pub due: Day,
}

/// Which reports statistics count.
#[derive(Debug, Clone)]
pub enum Scope<'a> {
    Program,
    Region(Region),
    Complex(&'a ComplexId),
}

fn refused(e: impl ToString) -> EditError {
    EditError::Refused(e.to_string())
}

pub(crate) fn day(row: &AnyRow, column: &str) -> Result<Day, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|_| StoreError::BadValue(format!("grievances.{column}: {text}")))
}

fn optional_day(row: &AnyRow, column: &str) -> Result<Option<Day>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| {
        t.parse()
            .map_err(|_| StoreError::BadValue(format!("grievances.{column}: {t}")))
    })
    .transpose()
}

fn parsed<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|_| StoreError::BadValue(format!("grievances.{column}: {text}")))
}

fn progress(row: &AnyRow) -> Result<Progress, StoreError> {
    Ok(Progress {
        status: parsed(row, "status")?,
        handler: parsed(row, "handler")?,
        category: parsed(row, "category")?,
        due: day(row, "due")?,
        extended: row.try_get::<i64, _>("extended")? != 0,
        answered: optional_day(row, "answered_on")?,
        rating: row.try_get::<Option<i64>, _>("rating")?.map(|r| r.clamp(0, 5) as u8),
    })
}

const LINE: &str = "SELECT g.id, g.receipt, g.title, g.filer_name, g.filer_organisation, g.phone, g.email, g.category, g.status, g.handler, g.due, g.extended, \
     g.answered_on, g.rating, g.received_on, c.name AS complex_name, c.region \
     FROM grievances g JOIN complexes c ON c.id = g.complex_id";

fn line(row: &AnyRow) -> Result<GrievanceLine, StoreError> {
    Ok(GrievanceLine {
        id: row.try_get("id")?,
        receipt: row.try_get("receipt")?,
        complex_name: row.try_get("complex_name")?,
        region: parsed(row, "region")?,
        title: row.try_get("title")?,
        filer: Filer {
            name: row.try_get("filer_name")?,
            organisation: row.try_get("filer_organisation")?,
            business_number: None,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
        },
        progress: progress(row)?,
        received_on: day(row, "received_on")?,
    })
}

impl Store {
    /// 접수: checks the filing, routes it to the complex's province, sets its deadline and
    /// gives it a receipt number. Refused past [`FILINGS_PER_HOUR`] from one address.
    pub async fn file_grievance(
        &self,
        filing: &Filing,
        by: FiledBy<'_>,
        files: &[NewAttachment<'_>],
        today: &Day,
        now: i64,
        change: &Change<'_>,
    ) -> Result<Filed, EditError> {
        let filing = filing.checked().map_err(refused)?;
        let password_hash = match by {
            FiledBy::Password(p) => {
                check_follow_password(p).map_err(refused)?;
                Some(hash_password(p))
            }
            FiledBy::Account(_) => None,
        };
        let complex = self
            .complex(&filing.complex)
            .await?
            .ok_or_else(|| EditError::NotFound(format!("산업단지 '{}'이(가) 없습니다.", filing.complex.0)))?;
        let deadlines = self.grievance_deadlines().await?;
        let handler = Handler::first_for(complex.region);
        let progress = Progress::filed(
            filing.category,
            handler.clone(),
            today,
            &deadlines,
            &self.calendar().await?,
        )
        .map_err(refused)?;
        let written = self.write_attachments(files).await?;
        let mut tx = self.writer.begin().await?;
        let recent: i64 = sqlx::query("SELECT COUNT(*) AS n FROM grievances WHERE source = $1 AND filed_unix > $2")
            .bind(change.source)
            .bind(now - 3_600)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if recent >= FILINGS_PER_HOUR {
            return Err(EditError::TooMany(FilingError::TooMany.to_string()));
        }
        let f = &filing.filer;
        let id: i64 = sqlx::query(
            "INSERT INTO grievances (complex_id, category, title, body, filer_name, filer_organisation, \
             business_number, phone, email, filer_user, password_hash, wants_public, handler, status, \
             received_on, received_at, due, source, filed_unix) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
             RETURNING id",
        )
        .bind(&filing.complex.0)
        .bind(filing.category.key())
        .bind(&filing.title)
        .bind(&filing.body)
        .bind(&f.name)
        .bind(&f.organisation)
        .bind(&f.business_number)
        .bind(&f.phone)
        .bind(&f.email)
        .bind(match by {
            FiledBy::Account(u) => Some(u.0),
            FiledBy::Password(_) => None,
        })
        .bind(&password_hash)
        .bind(i64::from(filing.wants_public))
        .bind(handler.to_string())
        .bind(progress.status.key())
        .bind(today.to_string())
        .bind(change.at)
        .bind(progress.due.to_string())
        .bind(change.source)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let receipt = receipt_number(today, id);
        sqlx::query("UPDATE grievances SET receipt = $1 WHERE id = $2")
            .bind(&receipt)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        steps::record_event(&mut tx, id, change, "접수", &progress, None).await?;
        let attached = attachments::attach(&mut tx, self.document_directory().is_some(), id, &written).await?;
        let letter = mail::grievance_routed(id, &receipt, &handler.korean(), &progress.due);
        crate::mail::enqueue(&mut tx, Audience::Holders(handler.role()), &letter, change).await?;
        // The audit keeps what was filed, but not who filed it: the trail is read more widely
        // than the report, and the row itself holds the contacts.
        let after = serde_json::json!({
            "receipt": receipt, "complex": filing.complex, "category": filing.category,
            "title": filing.title, "handler": handler.to_string(), "due": progress.due, "files": attached,
        });
        audit::record(
            &mut tx,
            change,
            "grievance.file",
            &subject(id),
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(Filed {
            id,
            receipt,
            handler,
            due: progress.due,
        })
    }

    /// Records in the audit trail that `reader` opened report `id` with its filer's contacts
    /// (read with [`Store::grievance_unaudited`], once the policy let her).
    pub async fn record_filer_reading(&self, id: i64, reader: &Change<'_>) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        audit::record(&mut tx, reader, "grievance.read_personal", &subject(id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The whole report with its history. Whoever shows its filer's contacts records that with
    /// [`Store::record_filer_reading`].
    pub async fn grievance_unaudited(&self, id: i64) -> Result<Option<StoredGrievance>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT g.*, c.name AS complex_name, c.region FROM grievances g \
             JOIN complexes c ON c.id = g.complex_id WHERE g.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.read().await?)
        .await?
        else {
            return Ok(None);
        };
        let events = sqlx::query(
            "SELECT at, by_login, step, handler, status, due, note FROM grievance_events \
             WHERE grievance = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(|r| {
            Ok(GrievanceEvent {
                at: r.try_get("at")?,
                by: r.try_get("by_login")?,
                step: r.try_get("step")?,
                handler: parsed(r, "handler")?,
                status: parsed(r, "status")?,
                due: day(r, "due")?,
                note: r.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let public_title: Option<String> = row.try_get("public_title")?;
        Ok(Some(StoredGrievance {
            id,
            receipt: row.try_get("receipt")?,
            complex: ComplexId(row.try_get("complex_id")?),
            complex_name: row.try_get("complex_name")?,
            region: parsed(&row, "region")?,
            title: row.try_get("title")?,
            body: row.try_get("body")?,
            filer: Filer {
                name: row.try_get("filer_name")?,
                organisation: row.try_get("filer_organisation")?,
                business_number: row.try_get("business_number")?,
                phone: row.try_get("phone")?,
                email: row.try_get("email")?,
            },
            filer_user: row.try_get::<Option<i64>, _>("filer_user")?.map(UserId),
            wants_public: row.try_get::<i64, _>("wants_public")? != 0,
            progress: progress(&row)?,
            received_on: day(&row, "received_on")?,
            received_at: row.try_get("received_at")?,
            answer: row.try_get("answer")?,
            answered_by: row.try_get("answered_by")?,
            public: match public_title {
                Some(title) => Some(PublicText {
                    title,
                    body: row.try_get::<Option<String>, _>("public_body")?.unwrap_or_default(),
                    answer: row.try_get::<Option<String>, _>("public_answer")?.unwrap_or_default(),
                }),
                None => None,
            },
            version: row.try_get("version")?,
            events,
            attachments: self.grievance_attachments(id).await?,
        }))
    }

    /// The reports routed to any of `handlers` (every report for `None`, the office's view),
    /// optionally in one status, newest first.
    pub async fn grievances_for(
        &self,
        handlers: Option<&[Handler]>,
        status: Option<Status>,
    ) -> Result<Vec<GrievanceLine>, StoreError> {
        self.lines_for(handlers, status.map_or(String::new(), |s| format!("'{}'", s.key())))
            .await
    }

    /// The unanswered reports routed to any of `handlers`: the inbox's, without reading the
    /// bodies' years of answered ones.
    pub async fn open_grievances_for(&self, handlers: &[Handler]) -> Result<Vec<GrievanceLine>, StoreError> {
        let open: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.open())
            .map(|s| format!("'{}'", s.key()))
            .collect();
        self.lines_for(Some(handlers), open.join(", ")).await
    }

    /// `statuses`: quoted status keys (never user text), or empty for every status.
    async fn lines_for(
        &self,
        handlers: Option<&[Handler]>,
        statuses: String,
    ) -> Result<Vec<GrievanceLine>, StoreError> {
        let keys: Vec<String> = handlers.unwrap_or_default().iter().map(ToString::to_string).collect();
        let among = match handlers {
            None => "1 = 1".to_string(),
            Some([]) => "1 = 0".to_string(),
            Some(_) => format!(
                "g.handler IN ({})",
                (0..keys.len())
                    .map(|i| format!("${}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let among_statuses = if statuses.is_empty() {
            String::new()
        } else {
            format!(" AND g.status IN ({statuses})")
        };
        let sql = format!("{LINE} WHERE {among}{among_statuses} ORDER BY g.id DESC");
        // Placeholders and status keys only; the handlers are bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for key in &keys {
            query = query.bind(key);
        }
        query
            .fetch_all(&mut *self.read().await?)
            .await?
            .iter()
            .map(line)
            .collect()
    }

    /// A signed-in filer's own reports.
    pub async fn grievances_filed_by(&self, user: UserId) -> Result<Vec<GrievanceLine>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{LINE} WHERE g.filer_user = $1 ORDER BY g.id DESC"
        )))
        .bind(user.0)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(line)
        .collect()
    }

    /// The program's and each region's statistics counted on `day`, computed once per change
    /// of the data and day (reading 20,000 reports takes a tenth of a second; pages that show
    /// the figures would otherwise pay it on every request).
    pub async fn grievance_statistics(&self, day: &Day) -> Result<Arc<RegionalStatistics>, StoreError> {
        self.cached(format!("grievance-statistics:{day}"), || async {
            let outcomes = self.grievance_outcomes(Scope::Program).await?;
            let calendar = self.calendar().await?;
            Ok(RegionalStatistics::of(&outcomes, day, &calendar))
        })
        .await
    }

    /// What statistics count, for the program, a region or a complex, each with the region of
    /// its complex (so that one reading serves every region's figures).
    pub async fn grievance_outcomes(&self, scope: Scope<'_>) -> Result<Vec<(Region, Outcome)>, StoreError> {
        let (clause, key) = match scope {
            Scope::Program => ("$1 = ''", String::new()),
            Scope::Region(r) => ("c.region = $1", r.short_name().to_string()),
            Scope::Complex(c) => ("g.complex_id = $1", c.0.clone()),
        };
        let query = sqlx::query(sqlx::AssertSqlSafe(format!("{OUTCOME} WHERE {clause}"))).bind(key);
        each_row(query, &mut *self.read().await?, |r| {
            Ok((parsed(r, "region")?, outcome(r)?))
        })
        .await
    }

    /// A complex's statistics counted on `day`. Every complex's are computed in one pass once
    /// per change of the data and day: a complex page counting its own reports on each request
    /// ran at a third of the speed of one without reports.
    pub async fn complex_grievance_statistics(&self, complex: &ComplexId, day: &Day) -> Result<Statistics, StoreError> {
        let calendar = self.calendar().await?;
        let all = self
            .cached(format!("grievance-complex-statistics:{day}"), || async {
                let outcomes = each_row(sqlx::query(OUTCOME), &mut *self.read().await?, |r| {
                    Ok((ComplexId(r.try_get("complex_id")?), outcome(r)?))
                })
                .await?;
                Ok(Statistics::per_complex(&outcomes, day, &calendar))
            })
            .await?;
        Ok(all
            .get(complex)
            .cloned()
            .unwrap_or_else(|| Statistics::of(&[], day, &calendar)))
    }

    /// The published reports of a complex: the approved public text only.
    pub async fn public_grievances(
        &self,
        complex: &ComplexId,
    ) -> Result<Vec<(String, Status, PublicText)>, StoreError> {
        sqlx::query(
            "SELECT receipt, status, public_title, public_body, public_answer FROM grievances \
             WHERE complex_id = $1 AND public_title IS NOT NULL ORDER BY id DESC",
        )
        .bind(&complex.0)
        .fetch_all(&mut *self.read().await?)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("receipt")?,
                parsed(r, "status")?,
                PublicText {
                    title: r.try_get("public_title")?,
                    body: r.try_get::<Option<String>, _>("public_body")?.unwrap_or_default(),
                    answer: r.try_get::<Option<String>, _>("public_answer")?.unwrap_or_default(),
                },
            ))
        })
        .collect()
    }
}

/// The columns an [`Outcome`] is read from, with the complex and its region.
const OUTCOME: &str = "SELECT g.complex_id, g.category, g.status, g.handler, g.due, g.extended, g.answered_on, \
     g.rating, g.received_on, c.region FROM grievances g JOIN complexes c ON c.id = g.complex_id";

fn outcome(r: &AnyRow) -> Result<Outcome, StoreError> {
    let p = progress(r)?;
    Ok(Outcome {
        category: p.category,
        status: p.status,
        received: day(r, "received_on")?,
        due: p.due,
        answered: p.answered,
        rating: p.rating,
    })
}

pub(crate) fn subject(id: i64) -> String {
    format!("grievance:{id}")
}
