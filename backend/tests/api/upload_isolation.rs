//! An upload in progress is invisible, holds no lock the rest of the app
//! waits on, excludes a second upload of the same campaign, and leaves the
//! previous list exactly as it was when it fails or its client goes away
//! (see `store::contact_lists`). The server killed mid-upload is in
//! `tests/upload_crash.rs`.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use outdial::db::Db;
use outdial::store::contact_lists::collect_garbage;
use serde_json::json;
use tokio::sync::mpsc;

use crate::campaigns::{action, config, create_campaign, fixture, send_csv, upload};
use crate::helpers::{TestApp, TestResponse};

engine_tests!(
    a_half_written_upload_is_invisible_and_blocks_no_other_write,
    a_second_upload_of_the_same_campaign_is_refused_while_the_first_runs,
    an_upload_whose_client_vanishes_leaves_the_previous_list_and_frees_the_campaign,
    a_replaced_list_is_deleted_by_the_janitor_and_the_new_one_kept,
    a_draft_cannot_be_deleted_while_an_upload_to_it_is_being_saved,
    a_number_excluded_while_its_upload_is_written_arrives_excluded,
    an_upload_refused_at_the_swap_records_nothing_and_keeps_the_list_it_would_replace,
);

/// `rows` contacts with numbers from `+14155600000` up.
fn rows_csv(rows: u32) -> String {
    let mut csv = String::new();
    for n in 0..rows {
        csv.push_str(&format!("+1415{:07},Customer {n}\n", 5_600_000 + n));
    }
    csv
}

/// A PUT of the campaign's contacts whose body the test feeds through the
/// returned sender, the header and `rows` contacts sent already; the answer
/// comes from the returned task.
async fn upload_fed_by_hand(
    app: &TestApp,
    id: i64,
    rows: u32,
) -> (
    mpsc::Sender<Result<Bytes, std::io::Error>>,
    tokio::task::JoinHandle<TestResponse>,
) {
    let (feed, body) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let body = Body::from_stream(tokio_stream_from(body));
    let app = app.clone();
    let answer = tokio::spawn(async move {
        send_csv(
            &app,
            Method::PUT,
            &format!("/api/campaigns/{id}/contacts"),
            body,
        )
        .await
    });
    let first = format!("phone_number,name\n{}", rows_csv(rows));
    feed.send(Ok(Bytes::from(first))).await.unwrap();
    (feed, answer)
}

/// On SQLite, which commits an upload batch by batch, waits until two
/// batches are in; PostgreSQL's one transaction shows nothing to wait for.
async fn two_batches_written(app: &TestApp, id: i64) {
    if matches!(app.db, Db::Sqlite(_)) {
        eventually("two batches written", || async {
            rows_outside_the_list(&app.db, id).await >= 10_000
        })
        .await;
    }
}

fn tokio_stream_from(
    mut rx: mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Rows of the campaign outside its current list (an upload's, or garbage).
async fn rows_outside_the_list(db: &Db, id: i64) -> i64 {
    let sql = "select count(*) from contacts k join campaigns c on c.id = k.campaign_id \
               where c.id = $1 and (k.list_no < c.list_from or k.list_no > c.list_to)";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
    }
    .unwrap()
}

/// Whether an upload holds the campaign: SQLite's marker, PostgreSQL's
/// advisory lock (a bigint key: high half in `classid`, low in `objid`).
async fn upload_in_progress(db: &Db, id: i64) -> bool {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar::<_, bool>(
            "select upload_list_no is not null from campaigns where id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar::<_, bool>(
            "select exists (select 1 from pg_locks where locktype = 'advisory' \
             and database = (select oid from pg_database where datname = current_database()) \
             and classid::bigint = ($1 >> 32) and objid::bigint = ($1 & 4294967295) and objsubid = 1)",
        )
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap(),
    }
}

/// Waits (up to 60 s, for a loaded machine) until `done` holds, checking every 20 ms.
async fn eventually<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn pending(app: &TestApp, id: i64) -> u64 {
    app.get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK)["counts"]["pending"]
        .as_u64()
        .unwrap()
}

async fn a_half_written_upload_is_invisible_and_blocks_no_other_write(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Uploading", f.bot, &[f.us_number])).await;
    let other = create_campaign(&app, config("Other", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n").await;

    let (feed, answer) = upload_fed_by_hand(&app, id, 12_000).await;
    two_batches_written(&app, id).await;
    // Half-written: the campaign still shows its previous list...
    assert_eq!(pending(&app, id).await, 1);
    let listed = app
        .get(&format!("/api/campaigns/{id}/contacts"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["total"], 1, "{listed}");
    // ...and a write elsewhere does not wait for the upload (a single long
    // transaction would hold SQLite's one write lock until the body ends).
    let edit = tokio::time::timeout(
        Duration::from_secs(2),
        app.patch(
            &format!("/api/campaigns/{other}"),
            json!({ "name": "Other, renamed" }),
        ),
    )
    .await
    .expect("a write to another campaign waited for the upload");
    edit.expect(StatusCode::OK);
    assert_eq!(app.get("/api/health").await.status, StatusCode::OK);

    feed.send(Ok(Bytes::from("+14155559999,Last\n")))
        .await
        .unwrap();
    drop(feed);
    let report = answer.await.unwrap().expect(StatusCode::OK);
    assert_eq!(report["valid"], 12_001, "{report}");
    assert_eq!(pending(&app, id).await, 12_001);
}

async fn a_second_upload_of_the_same_campaign_is_refused_while_the_first_runs(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Twice", f.bot, &[f.us_number])).await;
    let (feed, answer) = upload_fed_by_hand(&app, id, 100).await;
    eventually("the first upload has started", || async {
        upload_in_progress(&app.db, id).await
    })
    .await;
    // A second one is refused, not interleaved or queued behind it.
    eventually("the second upload is refused", || async {
        let second = send_csv(
            &app,
            Method::PUT,
            &format!("/api/campaigns/{id}/contacts"),
            "phone_number\n+14155550002\n",
        )
        .await;
        if second.status == StatusCode::OK {
            panic!("a second upload ran beside the first: {}", second.body);
        }
        let error = second.expect_error(StatusCode::CONFLICT, "conflict");
        error["message"]
            .as_str()
            .unwrap()
            .contains("Another upload to this campaign is still being saved")
    })
    .await;
    drop(feed);
    answer.await.unwrap().expect(StatusCode::OK);
    assert_eq!(pending(&app, id).await, 100);
    // Once it has finished, the next one runs.
    upload(&app, id, "phone_number\n+14155550002\n").await;
    assert_eq!(pending(&app, id).await, 1);
}

async fn an_upload_whose_client_vanishes_leaves_the_previous_list_and_frees_the_campaign(
    app: TestApp,
) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Vanishing", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n+14155550002\n").await;
    let (feed, answer) = upload_fed_by_hand(&app, id, 11_000).await;
    two_batches_written(&app, id).await;
    // The client goes away: the request is cancelled mid-body, as hyper
    // cancels a handler whose connection closed.
    answer.abort();
    let _ = answer.await;
    drop(feed);
    assert_eq!(pending(&app, id).await, 2);
    // The campaign is free again (the abandoned upload released it)...
    eventually("the campaign takes a new upload", || async {
        let next = send_csv(
            &app,
            Method::PUT,
            &format!("/api/campaigns/{id}/contacts"),
            "phone_number\n+14155550003\n",
        )
        .await;
        next.status == StatusCode::OK
    })
    .await;
    assert_eq!(pending(&app, id).await, 1);
    // ...and the abandoned rows are garbage the janitor deletes.
    collect_garbage(&app.db).await.unwrap();
    assert_eq!(rows_outside_the_list(&app.db, id).await, 0);
}

async fn a_replaced_list_is_deleted_by_the_janitor_and_the_new_one_kept(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Replaced", f.bot, &[f.us_number])).await;
    let other = create_campaign(&app, config("Untouched", f.bot, &[f.us_number])).await;
    upload(&app, other, "phone_number\n+14155550009\n").await;
    upload(&app, id, &format!("phone_number,name\n{}", rows_csv(7_000))).await;
    upload(&app, id, "phone_number\n+14155550001\n+14155550002\n").await;
    assert_eq!(rows_outside_the_list(&app.db, id).await, 7_000);
    assert_eq!(collect_garbage(&app.db).await.unwrap(), 7_000);
    assert_eq!(rows_outside_the_list(&app.db, id).await, 0);
    assert_eq!(pending(&app, id).await, 2);
    assert_eq!(pending(&app, other).await, 1);
    // Nothing left to do the second time.
    assert_eq!(collect_garbage(&app.db).await.unwrap(), 0);
}

/// A new draft `name` with an upload of 12,000 rows under way (on SQLite two
/// batches written), its body fed by hand as [`upload_fed_by_hand`] says.
async fn midway_through_an_upload(
    app: &TestApp,
    name: &str,
) -> (
    i64,
    mpsc::Sender<Result<Bytes, std::io::Error>>,
    tokio::task::JoinHandle<TestResponse>,
) {
    let f = fixture(app).await;
    let id = create_campaign(app, config(name, f.bot, &[f.us_number])).await;
    let (feed, answer) = upload_fed_by_hand(app, id, 12_000).await;
    eventually("the upload has started", || async {
        upload_in_progress(&app.db, id).await
    })
    .await;
    two_batches_written(app, id).await;
    (id, feed, answer)
}

async fn a_draft_cannot_be_deleted_while_an_upload_to_it_is_being_saved(app: TestApp) {
    let (id, feed, answer) = midway_through_an_upload(&app, "Deleted midway").await;
    let refused = app
        .delete(&format!("/api/campaigns/{id}"))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        refused["message"],
        "An upload to this campaign is still being saved. Delete it when the upload has finished."
    );
    // The upload goes on undisturbed and lands whole.
    drop(feed);
    answer.await.unwrap().expect(StatusCode::OK);
    assert_eq!(pending(&app, id).await, 12_000);
    app.delete(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);
}

async fn a_number_excluded_while_its_upload_is_written_arrives_excluded(app: TestApp) {
    let (id, feed, answer) = midway_through_an_upload(&app, "Excluded midway").await;
    // One number already written, one not yet sent.
    let last = format!("+1415{:07}", 5_600_000 + 12_000);
    let excluded = app
        .post(
            &format!("/api/campaigns/{id}/exclusions"),
            json!({ "phone_numbers": ["+14155600003", last] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(excluded["contacts_excluded"], 0, "{excluded}");
    feed.send(Ok(Bytes::from(format!("{last},Late\n"))))
        .await
        .unwrap();
    drop(feed);
    answer.await.unwrap().expect(StatusCode::OK);
    let shown = app
        .get(&format!("/api/campaigns/{id}/contacts?state=excluded"))
        .await
        .expect(StatusCode::OK);
    let mut phones: Vec<&str> = shown["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["phone_number"].as_str().unwrap())
        .collect();
    phones.sort();
    assert_eq!(phones, ["+14155600003", last.as_str()]);
    assert_eq!(pending(&app, id).await, 11_999);
}

/// The swap checks the campaign again and records the audit entry in the
/// same transaction: a campaign started while its replacement list was
/// written keeps its list, and its audit trail shows no upload.
async fn an_upload_refused_at_the_swap_records_nothing_and_keeps_the_list_it_would_replace(
    app: TestApp,
) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Started midway", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number,name\n+14155559999,First\n").await;
    let before = app.audit_actions().await;
    let (feed, answer) = upload_fed_by_hand(&app, id, 12_000).await;
    eventually("the upload has started", || async {
        upload_in_progress(&app.db, id).await
    })
    .await;
    two_batches_written(&app, id).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    drop(feed);
    let refused = answer.await.unwrap();
    assert!(refused.status.is_client_error(), "{:?}", refused.status);
    let after = app.audit_actions().await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some("campaign_started"));
    let campaign = app
        .get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(campaign["counts"]["total"], 1, "{campaign}");
}

/// SQLite: an upload's batches leave the log's copy into the database file
/// to the janitor (`store::sqlite_bulk`), and every connection of the pool
/// checkpoints as usual again afterwards; the janitor's checkpoint then
/// copies the upload's pages into the file and empties the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_an_upload_leaves_every_connection_checkpointing_as_before() {
    crate::helpers::run(crate::helpers::Engine::Sqlite, |app| async move {
        let f = fixture(&app).await;
        let id = create_campaign(&app, config("Checkpoint", f.bot, &[f.us_number])).await;
        upload(
            &app,
            id,
            &format!("phone_number,name\n{}", rows_csv(12_000)),
        )
        .await;
        let Db::Sqlite(pool) = &app.db else {
            unreachable!("a SQLite test")
        };
        let mut held = Vec::new();
        for _ in 0..pool.size() {
            let mut connection = pool.acquire().await.unwrap();
            let every: i64 = sqlx::query_scalar("pragma wal_autocheckpoint")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            assert_eq!(every, 1000, "a connection kept the upload's setting");
            held.push(connection);
        }
        drop(held);
        outdial::store::sqlite_bulk::checkpoint(pool).await.unwrap();
        let (busy, log, copied): (i64, i64, i64) = sqlx::query_as("pragma wal_checkpoint(passive)")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!((busy, log, copied), (0, 0, 0), "the log is emptied");
        assert_eq!(pending(&app, id).await, 12_000);
    })
    .await;
}
