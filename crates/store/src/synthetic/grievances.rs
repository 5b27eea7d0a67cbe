//! 합성 애로사항: the dataset's reports and their histories, in place of every report the
//! database held, inside the load's transaction.
//!
//! The old reports go because the record they name goes: their complexes are deleted with it
//! (the key is checked at commit). So do the site visits (현장 소통), which name a complex too
//! and link reports.
//!
//! Each report's receipt is `receipt_number` over its day and its serial in the dataset rather
//! than its row id, so a load test can name a receipt before the load, and loading again gives
//! the same receipts. A report filed later cannot take one: its serial is its id, larger than
//! every id before it, and so than the count of synthetic rows, which no synthetic serial
//! exceeds. Nobody follows a synthetic report: none has a password or an account. The handling
//! bodies' steps are entered by the load's actor; the filing and the rating by "anonymous", as a
//! filer without an account is recorded.

use std::collections::HashMap;

use sandan_domain::grievance::receipt_number;
use sandan_domain::synthetic::SyntheticGrievance;
use sqlx::Row;

use super::{Cell, bulk_insert};
use crate::StoreError;
use crate::audit::Change;
use crate::writer::Tx;

/// Children before parents.
const DELETE_ORDER: [&str; 5] = [
    "DELETE FROM field_visit_reports",
    "DELETE FROM field_visits",
    "DELETE FROM grievance_follows",
    "DELETE FROM grievance_events",
    "DELETE FROM grievances",
];

/// Who the history names for a filer's own steps.
const FILER: &str = "anonymous";

/// Every report with its history and follows, and every site visit.
pub(crate) async fn delete_all(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for delete in DELETE_ORDER {
        sqlx::query(delete).execute(&mut **tx).await?;
    }
    Ok(())
}

pub(super) async fn replace(
    tx: &mut Tx,
    reports: &[SyntheticGrievance],
    change: &Change<'_>,
) -> Result<(), StoreError> {
    delete_all(tx).await?;
    let receipt = |g: &SyntheticGrievance| receipt_number(&g.received, g.serial);
    bulk_insert(
        tx,
        "grievances",
        &[
            "receipt",
            "complex_id",
            "category",
            "title",
            "body",
            "filer_name",
            "filer_organisation",
            "business_number",
            "phone",
            "email",
            "wants_public",
            "handler",
            "status",
            "received_on",
            "received_at",
            "due",
            "extended",
            "answer",
            "answered_on",
            "answered_by",
            "rating",
            "source",
            "filed_unix",
            "version",
        ],
        reports.iter().map(|g| {
            let (f, p) = (&g.filing, &g.progress);
            let filed = &g.events[0];
            vec![
                receipt(g).into(),
                f.complex.0.as_str().into(),
                f.category.key().into(),
                f.title.as_str().into(),
                f.body.as_str().into(),
                f.filer.name.as_str().into(),
                f.filer.organisation.as_str().into(),
                Cell::MaybeText(f.filer.business_number.clone()),
                Cell::MaybeText(f.filer.phone.clone()),
                Cell::MaybeText(f.filer.email.clone()),
                i64::from(f.wants_public).into(),
                p.handler.to_string().into(),
                p.status.key().into(),
                g.received.to_string().into(),
                filed.at().into(),
                p.due.to_string().into(),
                i64::from(p.extended).into(),
                Cell::MaybeText(g.answer.clone()),
                Cell::MaybeText(p.answered.map(|d| d.to_string())),
                Cell::MaybeText(g.answer.as_ref().map(|_| change.actor.to_string())),
                Cell::MaybeInt(p.rating.map(i64::from)),
                change.source.into(),
                filed.unix().into(),
                // One more for every step, as `take_grievance_step` counts.
                (g.events.len() as i64).into(),
            ]
        }),
    )
    .await?;
    // Ids are the database's own; read them back by the receipts just given.
    let mut ids = HashMap::with_capacity(reports.len());
    for r in sqlx::query("SELECT id, receipt FROM grievances")
        .fetch_all(&mut **tx)
        .await?
    {
        ids.insert(r.try_get::<String, _>("receipt")?, r.try_get::<i64, _>("id")?);
    }
    let mut events = Vec::new();
    for g in reports {
        let id = ids
            .get(&receipt(g))
            .copied()
            .ok_or_else(|| StoreError::BadValue(format!("합성 애로사항 {}", receipt(g))))?;
        events.extend(g.events.iter().map(move |e| (id, e)));
    }
    bulk_insert(
        tx,
        "grievance_events",
        &[
            "grievance",
            "at",
            "by_login",
            "step",
            "handler",
            "status",
            "due",
            "note",
        ],
        events.into_iter().map(|(id, e)| {
            let by = match &e.step {
                Some(step) if !step.by_filer() => change.actor,
                _ => FILER,
            };
            vec![
                id.into(),
                e.at().into(),
                by.into(),
                e.name().into(),
                e.after.handler.to_string().into(),
                e.after.status.key().into(),
                e.after.due.to_string().into(),
                Cell::MaybeText(e.step.as_ref().and_then(|s| s.note()).map(str::to_string)),
            ]
        }),
    )
    .await?;
    Ok(())
}
