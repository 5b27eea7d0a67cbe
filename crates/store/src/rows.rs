//! Reading a large result a row at a time.

use futures_util::TryStreamExt;
use sqlx::AnyConnection;
use sqlx::any::{Any, AnyArguments, AnyRow};
use sqlx::query::Query;

use crate::StoreError;

/// What `each` makes of every row of `query`, read one row at a time: the driver's rows are
/// large (every value boxed, every column named), and holding all of them at once before
/// reading them was most of the server's peak memory — the 20,000 애로사항 of the national
/// dataset took 26 MB as rows, and a few hundred kilobytes as what the statistics keep.
pub(crate) async fn each_row<T>(
    query: Query<'_, Any, AnyArguments>,
    conn: &mut AnyConnection,
    mut each: impl FnMut(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut rows = query.fetch(conn);
    let mut out = Vec::new();
    while let Some(row) = rows.try_next().await? {
        out.push(each(&row)?);
    }
    Ok(out)
}
