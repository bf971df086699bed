//! The SQLite and PostgreSQL migrations build the same schema: after
//! migrating a fresh database of each, the tables, their columns (name,
//! type class, nullability), primary keys, unique constraints, foreign keys
//! and indexes (name, table, columns, uniqueness, partial predicate) are
//! equal, except for the differences listed in [`DELIBERATE`], each with
//! its reason. A difference not listed fails the test, and so does a listed
//! one that no longer exists (the list stays true).
//!
//! Type classes: `integer` (SQLite `integer`; PostgreSQL `integer`, `bigint`,
//! `bigserial`: SQLite integers are 64-bit whatever the declaration),
//! `text`, `boolean` (SQLite stores 0/1 under a `boolean` declaration), and
//! `timestamp`: PostgreSQL `timestamptz`; SQLite stores timestamps as ISO
//! 8601 text (backend/src/db.rs), so a SQLite `text` column is taken as a
//! timestamp when named `at` or `…_at`, the schema's convention. That
//! convention is itself checked: a PostgreSQL `timestamptz` not so named, or
//! a `…_at` column stored as `text` there, shows up as a difference.

use std::collections::BTreeSet;

use outdial::db::Db;
use sqlx::Row;

/// Schema facts only one engine has, on purpose: (engine, fact, why).
const DELIBERATE: &[(&str, &str, &str)] = &[(
    "sqlite",
    "foreign key contacts (campaign_id) -> campaigns (id) on delete cascade",
    "postgres 0005 dropped it: its per-row check was half of a large COPY's time; \
         uploads hold the campaign row's lock and deleting a campaign deletes its contacts \
         explicitly (store::campaigns::delete_draft), so nothing relies on it; on SQLite the \
         check is a cheap rowid lookup and dropping it would mean rebuilding the table",
)];

mod sqlite_and_postgres_migrations_build_the_same_schema {
    #[tokio::test]
    async fn postgres() {
        use crate::helpers::{run, Engine};
        run(Engine::Sqlite, |sqlite| async move {
            run(Engine::Postgres, move |postgres| async move {
                super::compare(&sqlite.db, &postgres.db).await;
            })
            .await;
        })
        .await;
    }
}

/// Fails on an unknown type, so a new kind of column is classed on purpose.
fn class(engine: &str, column: &str, declared: &str) -> &'static str {
    let timestamp_name = column == "at" || column.ends_with("_at");
    match (engine, declared.to_ascii_lowercase().as_str()) {
        ("sqlite", "integer") => "integer",
        ("sqlite", "text") if timestamp_name => "timestamp",
        ("sqlite", "text") => "text",
        ("sqlite", "boolean") => "boolean",
        ("postgres", "integer" | "bigint" | "smallint") => "integer",
        ("postgres", "text") => "text",
        ("postgres", "timestamp with time zone") => "timestamp",
        ("postgres", "boolean") => "boolean",
        (engine, other) => panic!("{engine}: column {column} has a type to class: {other}"),
    }
}

/// `(ended_at IS NULL)` and `ended_at is null` alike.
fn predicate(text: &str) -> String {
    text.to_ascii_lowercase()
        .replace(['(', ')'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn on_delete(action: &str) -> &'static str {
    match action.to_ascii_lowercase().as_str() {
        "no action" | "a" => "no action",
        "restrict" | "r" => "restrict",
        "cascade" | "c" => "cascade",
        "set null" | "n" => "set null",
        "set default" | "d" => "set default",
        other => panic!("unknown on delete action {other}"),
    }
}

fn index_fact(
    name: &str,
    table: &str,
    columns: &str,
    unique: bool,
    partial: Option<&str>,
) -> String {
    let mut fact = format!(
        "{}index {name} on {table} ({columns})",
        if unique { "unique " } else { "" }
    );
    if let Some(p) = partial {
        fact.push_str(&format!(" where {}", predicate(p)));
    }
    fact
}

async fn sqlite_schema(db: &Db) -> BTreeSet<String> {
    let Db::Sqlite(pool) = db else { unreachable!() };
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "select name from sqlite_master where type = 'table' \
         and name not like 'sqlite_%' and name <> '_sqlx_migrations' order by name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in &tables {
        facts.insert(format!("table {table}"));
        let columns = sqlx::query(
            "select name, type, \"notnull\", pk from pragma_table_info($1) order by cid",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for row in &columns {
            let name: String = row.get("name");
            let declared: String = row.get("type");
            let pk_pos: i64 = row.get("pk");
            // `integer primary key` is the rowid, which is never null even
            // though SQLite does not report it `not null`.
            let rowid = pk_pos > 0 && declared.eq_ignore_ascii_case("integer");
            let not_null = row.get::<i64, _>("notnull") == 1 || rowid;
            facts.insert(format!(
                "column {table}.{name} {} {}",
                class("sqlite", &name, &declared),
                if not_null { "not null" } else { "null" }
            ));
            if pk_pos > 0 {
                pk.push((pk_pos, name));
            }
        }
        pk.sort();
        let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        facts.insert(format!("primary key {table} ({})", pk.join(", ")));

        let fks = sqlx::query(
            "select id, \"table\" as target, \"from\" as col, \"to\" as ref, on_delete \
             from pragma_foreign_key_list($1) order by id, seq",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut by_id: std::collections::BTreeMap<i64, (String, Vec<String>, Vec<String>, String)> =
            Default::default();
        for row in &fks {
            let entry = by_id.entry(row.get("id")).or_insert_with(|| {
                (
                    row.get("target"),
                    Vec::new(),
                    Vec::new(),
                    on_delete(&row.get::<String, _>("on_delete")).to_string(),
                )
            });
            entry.1.push(row.get("col"));
            entry.2.push(row.get("ref"));
        }
        for (target, cols, refs, action) in by_id.into_values() {
            facts.insert(format!(
                "foreign key {table} ({}) -> {target} ({}) on delete {action}",
                cols.join(", "),
                refs.join(", ")
            ));
        }

        let indexes =
            sqlx::query("select name, \"unique\", origin, partial from pragma_index_list($1)")
                .bind(table)
                .fetch_all(pool)
                .await
                .unwrap();
        for row in &indexes {
            let name: String = row.get("name");
            let origin: String = row.get("origin");
            let unique = row.get::<i64, _>("unique") == 1;
            let columns: Vec<String> =
                sqlx::query_scalar("select name from pragma_index_info($1) order by seqno")
                    .bind(&name)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let columns = columns.join(", ");
            match origin.as_str() {
                // The primary key is a fact of its own above.
                "pk" => {}
                // A unique constraint's index is named by the engine.
                "u" => {
                    facts.insert(format!("unique {table} ({columns})"));
                }
                _ => {
                    let partial = if row.get::<i64, _>("partial") == 1 {
                        let sql: String = sqlx::query_scalar(
                            "select sql from sqlite_master where type = 'index' and name = $1",
                        )
                        .bind(&name)
                        .fetch_one(pool)
                        .await
                        .unwrap();
                        let at = sql.to_ascii_lowercase().rfind(" where ").unwrap();
                        Some(sql[at + 7..].to_string())
                    } else {
                        None
                    };
                    facts.insert(index_fact(
                        &name,
                        table,
                        &columns,
                        unique,
                        partial.as_deref(),
                    ));
                }
            }
        }
    }
    facts
}

async fn postgres_schema(db: &Db) -> BTreeSet<String> {
    let Db::Postgres(pool) = db else {
        unreachable!()
    };
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables \
         where table_schema = current_schema() and table_type = 'BASE TABLE' \
         and table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in &tables {
        facts.insert(format!("table {table}"));
    }
    let columns = sqlx::query(
        "select table_name::text as t, column_name::text as c, data_type::text as ty, \
         is_nullable::text as nullable from information_schema.columns \
         where table_schema = current_schema() and table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &columns {
        let (table, name): (String, String) = (row.get("t"), row.get("c"));
        let declared: String = row.get("ty");
        let nullable: String = row.get("nullable");
        facts.insert(format!(
            "column {table}.{name} {} {}",
            class("postgres", &name, &declared),
            if nullable == "NO" { "not null" } else { "null" }
        ));
    }
    // Constraints: primary keys, unique constraints and foreign keys, with
    // their columns in key order.
    let constraints = sqlx::query(
        "select con.contype::text as kind, t.relname::text as t, \
         (select string_agg(a.attname::text, ', ' order by k.ord) \
            from unnest(con.conkey) with ordinality k(attnum, ord) \
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as cols, \
         r.relname::text as target, \
         (select string_agg(a.attname::text, ', ' order by k.ord) \
            from unnest(con.confkey) with ordinality k(attnum, ord) \
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as refs, \
         con.confdeltype::text as on_delete \
         from pg_constraint con join pg_class t on t.oid = con.conrelid \
         join pg_namespace n on n.oid = t.relnamespace \
         left join pg_class r on r.oid = con.confrelid \
         where n.nspname = current_schema() and con.contype in ('p', 'u', 'f') \
         and t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &constraints {
        let kind: String = row.get("kind");
        let table: String = row.get("t");
        let cols: String = row.get("cols");
        facts.insert(match kind.as_str() {
            "p" => format!("primary key {table} ({cols})"),
            "u" => format!("unique {table} ({cols})"),
            _ => format!(
                "foreign key {table} ({cols}) -> {} ({}) on delete {}",
                row.get::<String, _>("target"),
                row.get::<String, _>("refs"),
                on_delete(&row.get::<String, _>("on_delete"))
            ),
        });
    }
    // Indexes that back no constraint: the ones `create index` made.
    let indexes = sqlx::query(
        "select i.relname::text as name, t.relname::text as t, ix.indisunique as is_unique, \
         pg_get_expr(ix.indpred, ix.indrelid) as partial, \
         (select string_agg(a.attname::text, ', ' order by k.ord) \
            from unnest(ix.indkey) with ordinality k(attnum, ord) \
            join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum) as cols \
         from pg_index ix join pg_class i on i.oid = ix.indexrelid \
         join pg_class t on t.oid = ix.indrelid join pg_namespace n on n.oid = t.relnamespace \
         where n.nspname = current_schema() and t.relname <> '_sqlx_migrations' \
         and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &indexes {
        let partial: Option<String> = row.get("partial");
        facts.insert(index_fact(
            &row.get::<String, _>("name"),
            &row.get::<String, _>("t"),
            &row.get::<String, _>("cols"),
            row.get("is_unique"),
            partial.as_deref(),
        ));
    }
    facts
}

/// PostgreSQL key columns (primary and foreign keys) that are not 64-bit,
/// as SQLite's integers all are: `table.column type`.
async fn narrow_postgres_keys(db: &Db) -> Vec<String> {
    let Db::Postgres(pool) = db else {
        unreachable!()
    };
    sqlx::query_scalar(
        "select distinct t.relname::text || '.' || a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) \
         from pg_constraint con join pg_class t on t.oid = con.conrelid \
         join pg_namespace n on n.oid = t.relnamespace \
         join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey) \
         where n.nspname = current_schema() and con.contype in ('p', 'f') \
         and t.relname <> '_sqlx_migrations' and a.atttypid <> 'bigint'::regtype \
         order by 1",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn compare(sqlite: &Db, postgres: &Db) {
    let narrow = narrow_postgres_keys(postgres).await;
    assert!(
        narrow.is_empty(),
        "PostgreSQL keys that are not bigint: {narrow:?}"
    );
    let lite = sqlite_schema(sqlite).await;
    let pg = postgres_schema(postgres).await;
    assert!(
        lite.iter().filter(|f| f.starts_with("table ")).count() >= 10,
        "{lite:#?}"
    );
    assert!(lite.iter().any(|f| f.starts_with("index ")), "{lite:#?}");
    assert!(
        lite.iter().any(|f| f.starts_with("foreign key ")),
        "{lite:#?}"
    );
    let mut found: Vec<(&str, &str)> = lite
        .difference(&pg)
        .map(|f| ("sqlite", f.as_str()))
        .chain(pg.difference(&lite).map(|f| ("postgres", f.as_str())))
        .collect();
    found.sort();
    let mut allowed: Vec<(&str, &str)> = DELIBERATE.iter().map(|(e, f, _)| (*e, *f)).collect();
    allowed.sort();
    let unexpected: Vec<_> = found.iter().filter(|f| !allowed.contains(f)).collect();
    let stale: Vec<_> = allowed.iter().filter(|a| !found.contains(a)).collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "the migrations' schemas differ.\n  only on one engine, not listed as deliberate:\n{}\n  listed as deliberate but not found:\n{}",
        unexpected
            .iter()
            .map(|(e, f)| format!("    {e}: {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
        stale
            .iter()
            .map(|(e, f)| format!("    {e}: {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}
