//! Campaigns: create, read, list, edit and delete; the lifecycle actions;
//! clone and restart.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Auth, TestApp, TestResponse};

engine_tests!(
    campaigns_are_created_as_drafts_read_edited_and_deleted,
    the_list_filters_by_status_searches_by_name_and_pages_newest_first,
    a_campaign_needs_an_existing_bot_and_outbound_numbers,
    blank_numbers_take_the_spec_defaults_and_bad_fields_are_named,
    a_draft_without_contacts_cannot_start_unless_always_on,
    actions_follow_the_lifecycle_and_a_refusal_names_the_status,
    editing_a_running_campaign_is_refused,
    name_and_bot_lock_after_the_first_run_but_numbers_and_config_stay_editable,
    only_drafts_can_be_deleted,
    deleting_a_draft_deletes_its_contacts_and_exclusions_and_no_others,
    clone_copies_configuration_numbers_and_contacts_into_a_fresh_draft,
    restart_begins_a_new_run_with_unreached_contacts_eligible_again,
    every_campaign_answer_carries_its_window_schedule_from_that_instant,
);

/// A bot, a carrier with two outbound numbers (US, IN) and one inbound-only.
pub struct Fixture {
    pub bot: i64,
    pub us_number: i64,
    pub in_number: i64,
    pub inbound_only: i64,
}

pub async fn fixture(app: &TestApp) -> Fixture {
    let bot = app.create_bot("Sales bot").await;
    let carrier = app.create_carrier("Carrier").await;
    let us_number = app.add_number(carrier, "+14155552671").await;
    let in_number = app.add_number(carrier, "+919876543210").await;
    let inbound_only = app
        .post(
            &format!("/api/carriers/{carrier}/numbers"),
            json!({ "number": "+14155550100", "inbound_only": true }),
        )
        .await
        .expect(StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap();
    Fixture {
        bot,
        us_number,
        in_number,
        inbound_only,
    }
}

/// The contract's configuration with every field given.
pub fn config(name: &str, bot: i64, numbers: &[i64]) -> Value {
    json!({
        "name": name, "bot_id": bot, "number_ids": numbers, "concurrency_limit": 20,
        "mode": "multi_day", "always_on": false,
        "window": { "start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata" },
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "max_attempts": 3, "retry_delay_minutes": 30,
        "retry_on_system_dispositions": ["no_answer"],
        "custom_retry_dispositions": ["callback_requested"],
        "stop_redials_after_meaningful_connect": { "enabled": false, "seconds": 30 },
        "redial_after_short_connect": { "enabled": false, "seconds": 15 },
        "callback_detection": false, "sticky_exclusion": false
    })
}

/// Creates a campaign and returns its id.
pub async fn create_campaign(app: &TestApp, body: Value) -> i64 {
    app.post("/api/campaigns", body)
        .await
        .expect(StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap()
}

/// Sends a CSV body with `method` to `path`.
pub async fn send_csv(
    app: &TestApp,
    method: Method,
    path: &str,
    csv: impl Into<Body>,
) -> TestResponse {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &app.admin_cookie)
        .header(header::CONTENT_TYPE, "text/csv")
        .body(csv.into())
        .unwrap();
    app.send(request).await
}

/// Replaces the campaign's contacts; returns the report.
pub async fn upload(app: &TestApp, id: i64, csv: &str) -> Value {
    send_csv(
        app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        csv.to_owned(),
    )
    .await
    .expect(StatusCode::OK)
}

pub async fn action(app: &TestApp, id: i64, action: &str) -> TestResponse {
    app.request(
        Method::POST,
        &format!("/api/campaigns/{id}/{action}"),
        Auth::Admin,
        None,
    )
    .await
}

/// Runs SQL with the campaign id bound as `$1` (for states only the dialler writes).
pub async fn execute(app: &TestApp, sql: &str, id: i64) {
    match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query(sql).bind(id).execute(pool).await.map(|_| ()),
        outdial::db::Db::Postgres(pool) => {
            sqlx::query(sql).bind(id).execute(pool).await.map(|_| ())
        }
    }
    .unwrap()
}

/// A `select count(*) …` with the campaign id bound as `$1`.
pub async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
        outdial::db::Db::Postgres(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
    }
    .unwrap()
}

/// The campaign's audit actions, oldest first.
pub async fn audit_actions(app: &TestApp, id: i64) -> Vec<String> {
    let page = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    let mut actions: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    actions.reverse();
    actions
}

const CONTACTS: &str = "phone_number,name\n+919876543210,Asha\n+919876543211,Ravi\n";

async fn campaigns_are_created_as_drafts_read_edited_and_deleted(app: TestApp) {
    let f = fixture(&app).await;
    let created = app
        .post(
            "/api/campaigns",
            config("  Q2 Renewal Drive ", f.bot, &[f.in_number, f.us_number]),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(created["name"], "Q2 Renewal Drive");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["has_run"], false);
    assert_eq!(created["run_no"], 0);
    assert_eq!(created["number_ids"], json!([f.in_number, f.us_number]));
    assert_eq!(created["window"]["timezone"], "Asia/Kolkata");
    assert_eq!(created["default_region"], "IN");
    assert_eq!(created["counts"]["total"], 0);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("/api/campaigns/{id}"))
            .await
            .expect(StatusCode::OK),
        created
    );

    let edited = app
        .patch(
            &format!("/api/campaigns/{id}"),
            json!({ "concurrency_limit": 5, "window": { "start": "10:00" } }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["concurrency_limit"], 5);
    assert_eq!(
        edited["window"],
        json!({ "start": "10:00", "end": "18:00", "timezone": "Asia/Kolkata" })
    );
    assert_eq!(edited["name"], "Q2 Renewal Drive");

    app.delete(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.get(&format!("/api/campaigns/{id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let actions = app.audit_actions().await;
    let ours: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with("campaign_"))
        .collect();
    assert_eq!(
        ours,
        ["campaign_created", "campaign_edited", "campaign_deleted"]
    );
}

async fn the_list_filters_by_status_searches_by_name_and_pages_newest_first(app: TestApp) {
    let f = fixture(&app).await;
    let mut ids = Vec::new();
    for n in 0..52 {
        ids.push(
            create_campaign(
                &app,
                config(&format!("Batch {n:02}"), f.bot, &[f.us_number]),
            )
            .await,
        );
    }
    let special = create_campaign(&app, config("Diwali 50%_off", f.bot, &[f.us_number])).await;
    upload(&app, special, CONTACTS).await;
    action(&app, special, "start").await.expect(StatusCode::OK);

    let first = app.get("/api/campaigns").await.expect(StatusCode::OK);
    assert_eq!(first["total"], 53);
    assert_eq!(first["page_size"], 50);
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    assert_eq!(first["items"][0]["id"], special);
    assert_eq!(first["items"][0]["counts"]["pending"], 2);
    assert_eq!(first["items"][1]["name"], "Batch 51");
    let second = app
        .get("/api/campaigns?page=2")
        .await
        .expect(StatusCode::OK);
    let names: Vec<&str> = second["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Batch 02", "Batch 01", "Batch 00"]);

    let running = app
        .get("/api/campaigns?status=running")
        .await
        .expect(StatusCode::OK);
    assert_eq!(running["total"], 1);
    assert_eq!(running["items"][0]["id"], special);
    let found = app
        .get("/api/campaigns?q=50%25_OFF")
        .await
        .expect(StatusCode::OK);
    assert_eq!(found["total"], 1);
    let literal = app.get("/api/campaigns?q=%25").await.expect(StatusCode::OK);
    assert_eq!(literal["total"], 1, "% is matched literally");
    let batch = app
        .get("/api/campaigns?q=batch%204")
        .await
        .expect(StatusCode::OK);
    assert_eq!(batch["total"], 10);

    let error = app
        .get("/api/campaigns?status=sleeping")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["status"].is_string(), "{error}");
    app.get("/api/campaigns?page=0")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    // The document's page is an int32: one past its largest is refused
    // (schemathesis sent 2147483648 and got 200), the largest is an empty page.
    let error = app
        .get("/api/campaigns?page=2147483648")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        error["fields"]["page"],
        "page must be a whole number from 1 to 2147483647."
    );
    // An empty page is not a number either (schemathesis sent `page=` to
    // the contact list and got 200).
    for path in ["/api/campaigns?page=", "/api/campaigns/1/contacts?page="] {
        let error = app
            .get(path)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert!(error["fields"]["page"].is_string(), "{path}: {error}");
    }
    let last = app
        .get("/api/campaigns?page=2147483647")
        .await
        .expect(StatusCode::OK);
    assert_eq!(last["items"].as_array().map(Vec::len), Some(0), "{last}");
}

async fn a_campaign_needs_an_existing_bot_and_outbound_numbers(app: TestApp) {
    let f = fixture(&app).await;
    let error = app
        .post("/api/campaigns", config("A", f.bot + 100, &[f.us_number]))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(error["fields"]["bot_id"], "There is no bot with this id.");
    let error = app
        .post(
            "/api/campaigns",
            config("A", f.bot, &[f.us_number, f.inbound_only]),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let message = error["fields"]["number_ids"].as_str().unwrap();
    assert!(
        message.contains("+14155550100 is inbound-only"),
        "{message}"
    );
    let error = app
        .post("/api/campaigns", config("A", f.bot, &[999]))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["number_ids"]
        .as_str()
        .unwrap()
        .contains("999"));
    let error = app
        .post("/api/campaigns", config("A", f.bot, &[]))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        error["fields"]["number_ids"],
        "Select at least one outbound number."
    );
    let id = create_campaign(&app, config("A", f.bot, &[f.us_number])).await;
    app.patch(
        &format!("/api/campaigns/{id}"),
        json!({ "number_ids": [f.inbound_only] }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        app.get("/api/campaigns").await.expect(StatusCode::OK)["total"],
        1
    );
}

async fn blank_numbers_take_the_spec_defaults_and_bad_fields_are_named(app: TestApp) {
    let f = fixture(&app).await;
    let created = app
        .post(
            "/api/campaigns",
            json!({ "name": "Defaults", "bot_id": f.bot, "number_ids": [f.us_number],
                    "concurrency_limit": "", "max_attempts": 0, "retry_delay_minutes": null }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(created["concurrency_limit"], 50);
    assert_eq!(created["max_attempts"], 3);
    assert_eq!(created["retry_delay_minutes"], 30);
    assert_eq!(created["mode"], "single_day");
    assert_eq!(created["window"]["timezone"], "UTC");
    assert_eq!(created["working_days"].as_array().unwrap().len(), 7);
    let error = app
        .post(
            "/api/campaigns",
            json!({ "bot_id": f.bot, "number_ids": [f.us_number], "window": { "start": "25:00" },
                    "mode": "single_day", "always_on": true }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    for field in ["name", "window.start", "always_on"] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
}

async fn a_draft_without_contacts_cannot_start_unless_always_on(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Empty", f.bot, &[f.us_number])).await;
    let error = action(&app, id, "start")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"].as_str().unwrap().contains("no contacts"),
        "{error}"
    );
    assert_eq!(
        app.get(&format!("/api/campaigns/{id}"))
            .await
            .expect(StatusCode::OK)["status"],
        "draft"
    );

    let mut always_on = config("Feed", f.bot, &[f.us_number]);
    always_on["always_on"] = json!(true);
    let feed = create_campaign(&app, always_on).await;
    let started = action(&app, feed, "start").await.expect(StatusCode::OK);
    assert_eq!(started["status"], "running");
    assert_eq!(started["has_run"], true);
    assert_eq!(started["run_no"], 1);
}

async fn actions_follow_the_lifecycle_and_a_refusal_names_the_status(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Life", f.bot, &[f.us_number])).await;
    upload(&app, id, CONTACTS).await;
    let error = action(&app, id, "pause")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "Cannot pause a draft campaign. Only running campaigns can be paused."
    );
    let started = action(&app, id, "start").await.expect(StatusCode::OK);
    assert_eq!(started["status"], "running");
    assert!(started["started_at"].is_string());
    let error = action(&app, id, "start")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"].as_str().unwrap().contains("running"),
        "{error}"
    );
    assert_eq!(
        action(&app, id, "pause").await.expect(StatusCode::OK)["status"],
        "paused"
    );
    assert_eq!(
        action(&app, id, "resume").await.expect(StatusCode::OK)["status"],
        "running"
    );
    let stopped = action(&app, id, "stop").await.expect(StatusCode::OK);
    assert_eq!(stopped["status"], "completed");
    assert!(stopped["completed_at"].is_string());
    let error = action(&app, id, "resume")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"].as_str().unwrap().contains("completed"),
        "{error}"
    );
    let restarted = action(&app, id, "restart").await.expect(StatusCode::OK);
    assert_eq!(restarted["status"], "running");
    assert_eq!(restarted["run_no"], 2);
    assert!(restarted["completed_at"].is_null());
    action(&app, 999, "start")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        audit_actions(&app, id).await,
        [
            "campaign_created",
            "contacts_uploaded",
            "campaign_started",
            "campaign_paused",
            "campaign_resumed",
            "campaign_stopped",
            "campaign_restarted"
        ]
    );
}

async fn editing_a_running_campaign_is_refused(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Run", f.bot, &[f.us_number])).await;
    upload(&app, id, CONTACTS).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let error = app
        .patch(
            &format!("/api/campaigns/{id}"),
            json!({ "concurrency_limit": 7 }),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "Only draft and paused campaigns can be edited. Current status: running."
    );
    action(&app, id, "stop").await.expect(StatusCode::OK);
    let error = app
        .patch(
            &format!("/api/campaigns/{id}"),
            json!({ "concurrency_limit": 7 }),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .ends_with("Current status: completed."));
    assert_eq!(
        app.get(&format!("/api/campaigns/{id}"))
            .await
            .expect(StatusCode::OK)["concurrency_limit"],
        20
    );
}

async fn name_and_bot_lock_after_the_first_run_but_numbers_and_config_stay_editable(app: TestApp) {
    let f = fixture(&app).await;
    let other_bot = app.create_bot("Other bot").await;
    let id = create_campaign(&app, config("Locked", f.bot, &[f.us_number])).await;
    upload(&app, id, CONTACTS).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    action(&app, id, "pause").await.expect(StatusCode::OK);
    let error = app
        .patch(
            &format!("/api/campaigns/{id}"),
            json!({ "name": "Renamed", "bot_id": other_bot }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let notice = "These fields stay fixed so old and new attempts remain audit-safe.";
    assert!(
        error["message"].as_str().unwrap().contains(notice),
        "{error}"
    );
    assert_eq!(error["fields"]["name"], notice);
    assert_eq!(error["fields"]["bot_id"], notice);
    // Sending the unchanged name is not a change.
    let edited = app
        .patch(
            &format!("/api/campaigns/{id}"),
            json!({ "name": "Locked", "number_ids": [f.in_number, f.us_number], "max_attempts": 5 }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["number_ids"], json!([f.in_number, f.us_number]));
    assert_eq!(edited["max_attempts"], 5);
    assert_eq!(edited["default_region"], "IN");
    let audit = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(audit["items"][0]["action"], "campaign_edited");
    assert_eq!(
        audit["items"][0]["details"]["changed"],
        json!(["number_ids", "max_attempts"])
    );
    assert_eq!(audit["items"][0]["actor"], "user:admin");
}

async fn only_drafts_can_be_deleted(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Keep", f.bot, &[f.us_number])).await;
    upload(&app, id, CONTACTS).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let error = app
        .delete(&format!("/api/campaigns/{id}"))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Current status: running"),
        "{error}"
    );
    app.get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    // The bot and number in use stay, too.
    app.delete(&format!("/api/bots/{}", f.bot))
        .await
        .expect(StatusCode::CONFLICT);
}

/// On PostgreSQL contacts have no foreign key to their campaign (migration
/// 0005), so the delete removes them itself; on both engines nothing of the
/// campaign may be left behind, and another campaign's list is untouched.
async fn deleting_a_draft_deletes_its_contacts_and_exclusions_and_no_others(app: TestApp) {
    let f = fixture(&app).await;
    let gone = create_campaign(&app, config("Gone", f.bot, &[f.in_number])).await;
    let kept = create_campaign(&app, config("Kept", f.bot, &[f.in_number])).await;
    upload(&app, gone, CONTACTS).await;
    upload(&app, kept, CONTACTS).await;
    app.post(
        &format!("/api/campaigns/{gone}/exclusions"),
        json!({ "phone_numbers": ["+919876543211"] }),
    )
    .await
    .expect(StatusCode::OK);
    let contacts = "select count(*) from contacts where campaign_id = $1";
    let exclusions = "select count(*) from exclusions where campaign_id = $1";
    assert_eq!(count(&app, contacts, gone).await, 2);
    assert_eq!(count(&app, exclusions, gone).await, 1);

    app.delete(&format!("/api/campaigns/{gone}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(count(&app, contacts, gone).await, 0);
    assert_eq!(count(&app, exclusions, gone).await, 0);
    assert_eq!(
        count(
            &app,
            "select count(*) from campaign_numbers where campaign_id = $1",
            gone
        )
        .await,
        0
    );
    // No contact anywhere points at a campaign that is gone.
    assert_eq!(
        count(
            &app,
            "select count(*) from contacts c where c.campaign_id <> $1 \
             and not exists (select 1 from campaigns p where p.id = c.campaign_id)",
            0
        )
        .await,
        0
    );
    assert_eq!(count(&app, contacts, kept).await, 2);
    let listed = app
        .get(&format!("/api/campaigns/{kept}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["counts"]["total"], 2);
}

async fn clone_copies_configuration_numbers_and_contacts_into_a_fresh_draft(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Spring", f.bot, &[f.in_number])).await;
    upload(&app, id, CONTACTS).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": ["+919876543211"] }),
    )
    .await
    .expect(StatusCode::OK);
    let copy = app
        .request(
            Method::POST,
            &format!("/api/campaigns/{id}/clone"),
            Auth::Admin,
            None,
        )
        .await
        .expect(StatusCode::CREATED);
    let copy_id = copy["id"].as_i64().unwrap();
    assert_ne!(copy_id, id);
    assert_eq!(copy["name"], "Spring (copy)");
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["has_run"], false);
    assert_eq!(copy["number_ids"], json!([f.in_number]));
    assert_eq!(copy["concurrency_limit"], 20);
    assert_eq!(copy["counts"]["pending"], 1);
    assert_eq!(copy["counts"]["excluded"], 1);
    // The draft is free to edit: a new name and a new list.
    app.patch(
        &format!("/api/campaigns/{copy_id}"),
        json!({ "name": "Summer" }),
    )
    .await
    .expect(StatusCode::OK);
    upload(&app, copy_id, "phone_number\n+919876543212\n").await;
    let original = app
        .get(&format!("/api/campaigns/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(original["status"], "running");
    assert_eq!(original["name"], "Spring");
    assert_eq!(original["counts"]["total"], 2);
    assert_eq!(
        audit_actions(&app, id).await.last().unwrap(),
        "campaign_cloned"
    );
    let copy_audit = app
        .get(&format!("/api/campaigns/{copy_id}/audit"))
        .await
        .expect(StatusCode::OK);
    let created = copy_audit["items"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(created["action"], "campaign_created");
    assert_eq!(created["details"]["cloned_from"], id);
}

async fn restart_begins_a_new_run_with_unreached_contacts_eligible_again(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Again", f.bot, &[f.in_number])).await;
    upload(
        &app,
        id,
        "phone_number\n+919876543210\n+919876543211\n+919876543212\n+919876543213\n+919876543214\n",
    )
    .await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    // What the dialler would have written during run 1.
    execute(
        &app,
        "update contacts set state = 'done', done_reason = 'reached', attempts = 1 \
                   where campaign_id = $1 and phone = '+919876543210'",
        id,
    )
    .await;
    execute(&app, "update contacts set state = 'done', done_reason = 'exhausted', attempts = 3, \
                   last_disposition = 'no_answer' where campaign_id = $1 and phone = '+919876543211'", id).await;
    execute(&app, "update contacts set state = 'retry', attempts = 1, \
                   next_eligible_at = '2000-01-01T00:00:00.000Z' where campaign_id = $1 and phone = '+919876543212'", id).await;
    execute(&app, "insert into attempts (campaign_id, contact_id, run_no, attempt_no, status, ended_at, disposition) \
                   select campaign_id, id, 1, 1, 'ended', '2000-01-01T00:00:00.000Z', 'no_answer' \
                   from contacts where campaign_id = $1 and phone = '+919876543211'", id).await;
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": ["+919876543213"] }),
    )
    .await
    .expect(StatusCode::OK);
    action(&app, id, "stop").await.expect(StatusCode::OK);
    let restarted = action(&app, id, "restart").await.expect(StatusCode::OK);
    assert_eq!(restarted["run_no"], 2);
    assert_eq!(
        restarted["counts"],
        json!({
            "total": 5, "pending": 3, "in_call": 0, "retry": 0, "callback": 0, "done": 1, "excluded": 1
        })
    );
    let contacts = app
        .get(&format!("/api/campaigns/{id}/contacts"))
        .await
        .expect(StatusCode::OK);
    let by_phone = |phone: &str| {
        contacts["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["phone_number"] == phone)
            .unwrap()
            .clone()
    };
    assert_eq!(by_phone("+919876543210")["state"], "done");
    let exhausted = by_phone("+919876543211");
    assert_eq!(exhausted["state"], "pending");
    assert_eq!(exhausted["attempts"], 0);
    assert!(exhausted["done_reason"].is_null());
    assert_eq!(exhausted["last_disposition"], "no_answer");
    assert!(by_phone("+919876543212")["next_eligible_at"].is_null());
    assert_eq!(by_phone("+919876543213")["state"], "excluded");
    // Earlier attempts stay.
    let stats = app
        .get(&format!("/api/campaigns/{id}/stats"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(stats["attempts_total"], 1);
    assert_eq!(stats["run_no"], 2);
}

/// `HH:MM` in UTC, `hours` from now (whole minutes, so a window built from
/// it opens or closes on a minute boundary).
fn utc_clock(hours: i64) -> String {
    let at = chrono::Utc::now() + chrono::Duration::hours(hours);
    at.format("%H:%M").to_string()
}

async fn every_campaign_answer_carries_its_window_schedule_from_that_instant(app: TestApp) {
    use crate::helpers::instant;
    let f = fixture(&app).await;
    let before = chrono::Utc::now();
    let mut open = config("Open now", f.bot, &[f.in_number]);
    // Open from an hour ago until two hours from now, every day, in UTC.
    open["window"] = json!({ "start": utc_clock(-1), "end": utc_clock(2), "timezone": "UTC" });
    open["working_days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let created = app
        .post("/api/campaigns", open)
        .await
        .expect(StatusCode::CREATED);
    let closes_at = instant(&created["schedule"]["closes_at"]);
    let next_opening = instant(&created["schedule"]["next_opening"]);
    let after = chrono::Utc::now();
    assert!(
        closes_at > before + chrono::Duration::minutes(118)
            && closes_at <= after + chrono::Duration::hours(2),
        "closes about two hours from now: {closes_at}"
    );
    assert_eq!(
        next_opening - closes_at,
        chrono::Duration::hours(21),
        "the next opening is the next day's start"
    );

    let mut closed = config("Closed now", f.bot, &[f.in_number]);
    closed["window"] = json!({ "start": utc_clock(3), "end": utc_clock(5), "timezone": "UTC" });
    closed["working_days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let closed = app
        .post("/api/campaigns", closed)
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(closed["schedule"]["closes_at"], Value::Null);
    let opens = instant(&closed["schedule"]["next_opening"]);
    assert!(
        opens > before + chrono::Duration::minutes(178)
            && opens <= after + chrono::Duration::hours(3),
        "opens about three hours from now: {opens}"
    );

    let list = app.get("/api/campaigns").await.expect(StatusCode::OK);
    let listed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Open now")
        .unwrap()
        .clone();
    assert_eq!(
        listed["schedule"], created["schedule"],
        "the list carries it too"
    );
}
