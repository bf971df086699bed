//! The one typed client for the server's `/api`. Every call answers either
//! the decoded body or an [`ApiError`] carrying the server's own message and
//! its per-field messages, so pages can show what went wrong beside the
//! field it concerns without knowing HTTP.

use std::collections::BTreeMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use outdial_shared::api::{
    ApiToken, AuditEntry, Bot, BotPatch, Campaign, CampaignContact, CampaignStats, Carrier,
    CarrierPatch, ContactDetail, ContactState, CreatedApiToken, ErrorBody, Exclusions, Health,
    LoginRequest, Me, NewApiToken, NewBot, NewCarrier, NewExclusions, NewPhoneNumber, NewTestCall,
    OperatorSettings, Page, PasswordChange, PhoneNumber, PhoneNumberPatch, ScheduledCallback,
    TestCall,
};
use outdial_shared::config::CampaignInput;
use outdial_shared::forecast::{Forecast, ForecastRequest};
use outdial_shared::lifecycle::Action;
use outdial_shared::preflight::{Preflight, PreflightRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What a failed call tells the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// A sentence for the operator.
    pub message: String,
    /// The server's message per field, keyed by the field's JSON name
    /// (`window.start`), for a 422 on a campaign's configuration.
    pub fields: BTreeMap<String, String>,
}

/// A page's code (`crate::page_chunks`) that could not be fetched.
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiError {
            status: 0,
            message: "This page could not be loaded from the server. Check the connection, \
                      then retry."
                .to_owned(),
            fields: BTreeMap::new(),
        }
    }
}

impl ApiError {
    fn unreachable(error: gloo_net::Error) -> Self {
        ApiError {
            status: 0,
            message: format!("The server could not be reached ({error})."),
            fields: BTreeMap::new(),
        }
    }
}

/// The answer's body as text when it succeeded, else the server's error.
/// Not generic, so the page carries one copy of it and of the error's
/// decoding, not one per answer type ([`parse`] is the generic part).
async fn answer_text(response: Response) -> Result<String, ApiError> {
    if response.ok() {
        return response.text().await.map_err(ApiError::unreachable);
    }
    let status = response.status();
    let (message, fields) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.message, body.error.fields),
        Err(_) => (format!("The server answered {status}."), BTreeMap::new()),
    };
    Err(ApiError {
        status,
        message,
        fields,
    })
}

/// Sends `request` and answers the body's text (non-generic, as above).
async fn send(request: RequestBuilder) -> Result<String, ApiError> {
    answer_text(request.send().await.map_err(ApiError::unreachable)?).await
}

/// The one generic step of reading an answer: its JSON as a `T`.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|error| ApiError::unreachable(error.into()))
}

/// Sends `body` as JSON with `request` (a POST, PATCH or PUT) and decodes
/// the answer.
async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let request = request.json(body).map_err(ApiError::unreachable)?;
    parse(&answer_text(request.send().await.map_err(ApiError::unreachable)?).await?)
}

/// `POST /api/campaigns`: a new draft from the wizard's form.
pub async fn create_campaign(input: &CampaignInput) -> Result<Campaign, ApiError> {
    send_json(Request::post("/api/campaigns"), input).await
}

/// `PATCH /api/campaigns/{id}` with every field of the form; the server
/// keeps what did not change and refuses changes to locked fields.
pub async fn update_campaign(id: i64, input: &CampaignInput) -> Result<Campaign, ApiError> {
    send_json(Request::patch(&format!("/api/campaigns/{id}")), input).await
}

/// `POST /api/auth/login`: on success the browser holds the session cookie.
pub async fn login(username: &str, password: &str) -> Result<Me, ApiError> {
    let body = LoginRequest {
        username: username.to_string(),
        password: password.to_string(),
    };
    send_json(Request::post("/api/auth/login"), &body).await
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    parse(&send(Request::get(url)).await?)
}

/// `GET /api/health`: the server and its dialler.
pub async fn health() -> Result<Health, ApiError> {
    get("/api/health").await
}

/// `GET /api/auth/me`: who is signed in, or a 401.
pub async fn me() -> Result<Me, ApiError> {
    get("/api/auth/me").await
}

/// `GET /api/campaigns?status=&q=&page=`: one page, newest first.
pub async fn campaigns(query: &CampaignQuery) -> Result<Page<Campaign>, ApiError> {
    let mut url = format!("/api/campaigns?page={}", query.page.max(1));
    if let Some(status) = query.status {
        url.push_str(&format!("&status={}", status.as_str()));
    }
    if !query.name.trim().is_empty() {
        url.push_str(&format!("&q={}", encode(query.name.trim())));
    }
    get(&url).await
}

/// What the campaign list asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignQuery {
    pub status: Option<outdial_shared::lifecycle::Status>,
    /// Part of the name.
    pub name: String,
    pub page: u32,
}

/// `GET /api/campaigns/{id}/contacts?state=&disposition=&q=&page=`.
pub async fn contacts(id: i64, query: &ContactQuery) -> Result<Page<CampaignContact>, ApiError> {
    let mut url = format!("/api/campaigns/{id}/contacts?page={}", query.page.max(1));
    if let Some(state) = query.state {
        url.push_str(&format!("&state={}", state.as_str()));
    }
    if !query.disposition.is_empty() {
        url.push_str(&format!("&disposition={}", encode(&query.disposition)));
    }
    if !query.search.trim().is_empty() {
        url.push_str(&format!("&q={}", encode(query.search.trim())));
    }
    get(&url).await
}

/// What the campaign page's contact table asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactQuery {
    pub state: Option<ContactState>,
    /// The last attempt's disposition, exactly; empty for any.
    pub disposition: String,
    /// Part of the phone number or of a variable.
    pub search: String,
    pub page: u32,
}

/// `GET /api/campaigns/{id}/contacts/{contact_id}`: history and why.
pub async fn contact_detail(id: i64, contact_id: i64) -> Result<ContactDetail, ApiError> {
    get(&format!("/api/campaigns/{id}/contacts/{contact_id}")).await
}

/// `POST /api/campaigns/{id}/exclusions`: numbers in any common format.
pub async fn exclude(id: i64, numbers: Vec<String>) -> Result<Exclusions, ApiError> {
    let body = NewExclusions {
        phone_numbers: numbers,
    };
    send_json(
        Request::post(&format!("/api/campaigns/{id}/exclusions")),
        &body,
    )
    .await
}

/// `DELETE /api/campaigns/{id}/exclusions/{phone}` (the number in E.164).
pub async fn unexclude(id: i64, phone: &str) -> Result<(), ApiError> {
    delete(&format!("/api/campaigns/{id}/exclusions/{}", encode(phone))).await
}

/// `GET /api/campaigns/{id}/audit?page=`: newest first.
pub async fn audit(id: i64, page: u32) -> Result<Page<AuditEntry>, ApiError> {
    get(&format!("/api/campaigns/{id}/audit?page={}", page.max(1))).await
}

/// `GET /api/campaigns/{id}/callbacks?page=`: soonest first.
pub async fn callbacks(id: i64, page: u32) -> Result<Page<ScheduledCallback>, ApiError> {
    get(&format!(
        "/api/campaigns/{id}/callbacks?page={}",
        page.max(1)
    ))
    .await
}

/// `text` made safe for a query string.
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// `GET /api/campaigns/{id}`.
pub async fn campaign(id: i64) -> Result<Campaign, ApiError> {
    get(&format!("/api/campaigns/{id}")).await
}

/// `GET /api/campaigns/{id}/preflight`: the pre-launch check of a stored campaign.
pub async fn preflight(id: i64) -> Result<Preflight, ApiError> {
    get(&format!("/api/campaigns/{id}/preflight")).await
}

/// `POST /api/preflight`: the pre-launch check of the wizard's form.
pub async fn preflight_unsaved(request: &PreflightRequest) -> Result<Preflight, ApiError> {
    send_json(Request::post("/api/preflight"), request).await
}

/// `GET /api/campaigns/{id}/forecast`: from now, for the contacts left.
pub async fn forecast(id: i64) -> Result<Forecast, ApiError> {
    get(&format!("/api/campaigns/{id}/forecast")).await
}

/// `POST /api/forecast`: the forecast of the wizard's form.
pub async fn forecast_unsaved(request: &ForecastRequest) -> Result<Forecast, ApiError> {
    send_json(Request::post("/api/forecast"), request).await
}

/// `GET /api/campaigns/{id}/stats`.
pub async fn campaign_stats(id: i64) -> Result<CampaignStats, ApiError> {
    get(&format!("/api/campaigns/{id}/stats")).await
}

/// `POST /api/campaigns/{id}/{action}`: the campaign after the action (for
/// Clone, the new draft).
pub async fn campaign_action(id: i64, action: Action) -> Result<Campaign, ApiError> {
    let url = format!("/api/campaigns/{id}/{}", action.verb());
    parse(&send(Request::post(&url)).await?)
}

/// `DELETE /api/campaigns/{id}` (drafts only).
pub async fn delete_campaign(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/campaigns/{id}")).await
}

/// `GET /api/bots`.
pub async fn bots() -> Result<Vec<Bot>, ApiError> {
    get("/api/bots").await
}

/// `GET /api/carriers`, each with its numbers.
pub async fn carriers() -> Result<Vec<Carrier>, ApiError> {
    get("/api/carriers").await
}

/// `GET /api/bots/{id}`.
pub async fn bot(id: i64) -> Result<Bot, ApiError> {
    get(&format!("/api/bots/{id}")).await
}

/// `GET /api/bots/{id}/test-calls`: newest first.
pub async fn test_calls(bot_id: i64) -> Result<Vec<TestCall>, ApiError> {
    get(&format!("/api/bots/{bot_id}/test-calls")).await
}

/// `POST /api/bots/{id}/test-calls`: places one.
pub async fn place_test_call(bot_id: i64, call: &NewTestCall) -> Result<TestCall, ApiError> {
    send_json(
        Request::post(&format!("/api/bots/{bot_id}/test-calls")),
        call,
    )
    .await
}

/// `POST /api/bots`.
pub async fn create_bot(bot: &NewBot) -> Result<Bot, ApiError> {
    send_json(Request::post("/api/bots"), bot).await
}

/// `PATCH /api/bots/{id}`.
pub async fn update_bot(id: i64, patch: &BotPatch) -> Result<Bot, ApiError> {
    send_json(Request::patch(&format!("/api/bots/{id}")), patch).await
}

/// `DELETE /api/bots/{id}`.
pub async fn delete_bot(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/bots/{id}")).await
}

/// `POST /api/carriers`.
pub async fn create_carrier(carrier: &NewCarrier) -> Result<Carrier, ApiError> {
    send_json(Request::post("/api/carriers"), carrier).await
}

/// `PATCH /api/carriers/{id}`.
pub async fn update_carrier(id: i64, patch: &CarrierPatch) -> Result<Carrier, ApiError> {
    send_json(Request::patch(&format!("/api/carriers/{id}")), patch).await
}

/// `DELETE /api/carriers/{id}`.
pub async fn delete_carrier(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/carriers/{id}")).await
}

/// `POST /api/carriers/{id}/numbers`.
pub async fn add_number(carrier_id: i64, number: &NewPhoneNumber) -> Result<PhoneNumber, ApiError> {
    send_json(
        Request::post(&format!("/api/carriers/{carrier_id}/numbers")),
        number,
    )
    .await
}

/// `PATCH /api/numbers/{id}`: label, inbound-only.
pub async fn update_number(id: i64, patch: &PhoneNumberPatch) -> Result<PhoneNumber, ApiError> {
    send_json(Request::patch(&format!("/api/numbers/{id}")), patch).await
}

/// `DELETE /api/numbers/{id}`.
pub async fn delete_number(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/numbers/{id}")).await
}

async fn delete(url: &str) -> Result<(), ApiError> {
    no_content(Request::delete(url).send().await).await
}

/// A call answered with an empty body on success (204).
async fn no_content(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = sent.map_err(ApiError::unreachable)?;
    answer_text(response).await.map(|_| ())
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiError> {
    no_content(Request::post("/api/auth/logout").send().await).await
}

/// `PUT /api/auth/me/settings`: the operator with their saved settings.
pub async fn update_settings(settings: &OperatorSettings) -> Result<Me, ApiError> {
    send_json(Request::put("/api/auth/me/settings"), settings).await
}

/// `PUT /api/auth/password`: the operator's other sessions end.
pub async fn change_password(change: &PasswordChange) -> Result<(), ApiError> {
    let request = Request::put("/api/auth/password")
        .json(change)
        .map_err(ApiError::unreachable)?;
    no_content(request.send().await).await
}

/// `GET /api/tokens`: the tokens that still work, newest first.
pub async fn tokens() -> Result<Vec<ApiToken>, ApiError> {
    get("/api/tokens").await
}

/// `POST /api/tokens`: the new token and, this once, its secret.
pub async fn create_token(name: &str) -> Result<CreatedApiToken, ApiError> {
    let body = NewApiToken {
        name: name.to_owned(),
    };
    send_json(Request::post("/api/tokens"), &body).await
}

/// `DELETE /api/tokens/{id}`.
pub async fn revoke_token(id: i64) -> Result<(), ApiError> {
    delete(&format!("/api/tokens/{id}")).await
}
