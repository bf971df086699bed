//! The store: every SQL statement the server runs, one module per resource.
//!
//! Each statement is written once, with `$1` placeholders that both engines
//! accept, and [`with_pool!`] compiles the same code for the SQLite and the
//! PostgreSQL pool. A statement that must differ between engines (say
//! `FOR UPDATE SKIP LOCKED`) matches on [`crate::db::Db`] itself. Values are always
//! bound, never formatted into SQL. Timestamps are bound as [`Timestamp`]
//! (see `crate::db` for why).

pub mod attempts;
pub mod audit;
pub mod bots;
pub mod callbacks;
pub mod campaign_stats;
pub mod campaigns;
pub mod carriers;
pub mod contact_lists;
pub mod contacts;
pub mod numbers;
pub mod outcome_history;
pub mod sessions;
pub mod sqlite_bulk;
pub mod test_calls;
pub mod tokens;
pub mod users;
pub mod variables;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds; the body is
/// compiled once per engine, so it must only use what both support.
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// An instant as the store keeps it: UTC, to the millisecond, written as
/// fixed-width ISO-8601 text on SQLite and as `timestamptz` on PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// The current instant, truncated to milliseconds.
    pub fn now() -> Self {
        Self::from(Utc::now())
    }

    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }

    /// The SQLite text form: `2025-03-01T09:30:00.000Z`.
    pub fn to_sqlite_text(self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        Timestamp(instant.trunc_subsecs(3))
    }
}

impl std::ops::Add<chrono::Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, duration: chrono::Duration) -> Timestamp {
        Timestamp::from(self.0 + duration)
    }
}

impl Type<Sqlite> for Timestamp {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <DateTime<Utc> as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Sqlite> for Timestamp {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.to_sqlite_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Timestamp {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp(<DateTime<Utc> as Decode<'r, Sqlite>>::decode(
            value,
        )?))
    }
}

impl Type<Postgres> for Timestamp {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Timestamp {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Timestamp {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp(<DateTime<Utc> as Decode<'r, Postgres>>::decode(
            value,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sqlite_text_is_fixed_width_so_it_sorts_chronologically() {
        let whole = Timestamp::from(Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap());
        let later = whole + chrono::Duration::milliseconds(5);
        assert_eq!(whole.to_sqlite_text(), "2025-03-01T09:30:00.000Z");
        assert_eq!(later.to_sqlite_text(), "2025-03-01T09:30:00.005Z");
        assert!(whole.to_sqlite_text() < later.to_sqlite_text());
    }

    #[test]
    fn instants_are_kept_to_the_millisecond() {
        let precise = Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(
            Timestamp::from(precise)
                .as_datetime()
                .timestamp_subsec_nanos(),
            123_000_000
        );
    }
}
