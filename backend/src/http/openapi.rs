//! `GET /api/openapi.json`: the API described from the handlers' own
//! `#[utoipa::path]` annotations and from the JSON types themselves.
//!
//! Every schema is derived from the type the server really sends or reads
//! (`outdial_shared::api`, `outdial_shared::config::CampaignInput`, the
//! contact report), through `utoipa::ToSchema` behind `outdial-shared`'s
//! `openapi` feature, which only this crate turns on. What every route
//! shares is declared once, here: the security requirement (a session
//! cookie or an API token, unless a route says otherwise) and the error
//! responses that follow from a route's shape ([`Contract`]). Routes
//! annotate only what is their own (a 409 and its reason, a 404 that
//! means something particular).

use axum::routing::get;
use axum::{Json, Router};
use outdial_shared::api::ErrorBody;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Outdial API", description = "Outbound campaigns for AI voice bots. Every error answers with `ErrorBody`."),
    paths(
        super::health::health,
        super::auth::login, super::auth::logout, super::auth::me,
        super::auth::update_settings, super::auth::change_password,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
        super::bots::list, super::bots::create, super::bots::read, super::bots::update, super::bots::remove,
        super::test_calls::place, super::test_calls::list,
        super::carriers::list, super::carriers::create, super::carriers::read, super::carriers::update,
        super::carriers::remove, super::carriers::add_number,
        super::numbers::list, super::numbers::update, super::numbers::remove,
        super::campaigns::list, super::campaigns::create, super::campaigns::read,
        super::campaigns::update, super::campaigns::remove,
        super::campaign_actions::start, super::campaign_actions::pause,
        super::campaign_actions::resume, super::campaign_actions::stop,
        super::campaign_actions::restart, super::campaign_actions::clone,
        super::contacts::replace, super::contacts::append, super::contacts::list, super::contact_detail::detail,
        super::contacts::export,
        super::exclusions::exclude, super::exclusions::unexclude,
        super::campaign_detail::stats, super::campaign_detail::audit, super::campaign_detail::callbacks,
        super::preflight::preflight, super::preflight::preflight_unsaved,
        super::forecast::campaign_forecast, super::forecast::unsaved_forecast,
        super::campaign_detail::events, super::list_events::events,
        super::telephony_webhook::receive,
        openapi_json,
    ),
    security(("session" = []), ("token" = [])),
    modifiers(&Contract),
    tags(
        (name = "auth", description = "Signing in and out, the operator's settings and password"),
        (name = "tokens", description = "API tokens for scripts"),
        (name = "bots", description = "Voice bots"),
        (name = "carriers", description = "Carriers and their calls-per-second limits"),
        (name = "numbers", description = "Outbound numbers (E.164)"),
        (name = "campaigns", description = "Campaigns, their lifecycle, stats, audit trail and live events"),
        (name = "contacts", description = "A campaign's contacts: uploads, list, export, exclusions"),
        (name = "telephony", description = "Signed call events from the HTTP gateway (HMAC, no session)"),
        (name = "meta", description = "Health and this document"),
    )
)]
pub struct ApiDoc;

/// The error responses routes share, by name in `components/responses`.
/// `(name, status, description)`.
const SHARED_ERRORS: &[(&str, &str, &str)] = &[
    (
        "BadRequest",
        "400",
        "The body is not valid JSON, or the query string cannot be read",
    ),
    (
        "Unauthorized",
        "401",
        "No valid session cookie or API token came with the request",
    ),
    (
        "NotFound",
        "404",
        "There is nothing at this path (no such id)",
    ),
    (
        "PayloadTooLarge",
        "413",
        "The JSON body is larger than 1 MiB",
    ),
    (
        "UnsupportedMediaType",
        "415",
        "The body is not sent as `Content-Type: application/json`",
    ),
    (
        "Validation",
        "422",
        "A field is not valid; `fields` names each one and why",
    ),
];

/// Declares once what every route shares: the security schemes, the
/// shared error responses, and which of them each operation can answer
/// with, from its shape:
/// - protected (it inherits the document's `security`): 401;
/// - a path parameter: 404 (an id that names nothing, or is not a number);
/// - a query string: 400 (it cannot be read) and 422 (a value is not valid);
/// - a JSON body: 400, 413, 415 and 422.
///
/// A route that says more about one of these (its own description) keeps it.
/// It also gives the region parameters the region codes the reader knows.
struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "gateway_signature",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Outdial-Signature",
                "`sha256=<hex HMAC-SHA256 of \"<X-Outdial-Timestamp>.<body>\">` with the gateway secret",
            ))),
        );
        for (name, _, description) in SHARED_ERRORS {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    "application/json",
                    Content::new(Some(RefOr::Ref(Ref::from_schema_name("ErrorBody")))),
                )
                .build();
            components
                .responses
                .insert(name.to_string(), RefOr::T(response));
        }
        components
            .schemas
            .entry("ErrorBody".to_owned())
            .or_insert_with(ErrorBody::schema);

        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                declare_shared_errors(operation);
                // An event stream's schema is that of one event (what an
                // SSE client reads), not of the stream's text.
                for response in operation.responses.responses.values_mut() {
                    if let RefOr::T(response) = response {
                        if let Some(stream) = response.content.get_mut("text/event-stream") {
                            stream.schema =
                                Some(RefOr::T(outdial_shared::openapi::campaign_event()));
                        }
                    }
                }
                for parameter in operation.parameters.iter_mut().flatten() {
                    if parameter.name == "default_region" {
                        parameter.schema =
                            Some(RefOr::T(outdial_shared::openapi::optional_region()));
                    }
                }
            }
        }
    }
}

fn is_empty_requirement(requirement: &SecurityRequirement) -> bool {
    serde_json::to_value(requirement).is_ok_and(|json| json == serde_json::json!({}))
}

fn declare_shared_errors(operation: &mut Operation) {
    // Open routes say `security: [{}]` (no credentials needed); the others
    // inherit the document's or name their own schemes.
    let protected = !operation
        .security
        .as_ref()
        .is_some_and(|requirements| requirements.iter().any(is_empty_requirement));
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters
        .iter()
        .any(|p| p.parameter_in == ParameterIn::Path);
    let has_query = parameters
        .iter()
        .any(|p| p.parameter_in == ParameterIn::Query);
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.content.contains_key("application/json"));
    let mut shared = Vec::new();
    if protected {
        shared.push("Unauthorized");
    }
    if has_path {
        shared.push("NotFound");
    }
    if has_query || json_body {
        shared.extend(["BadRequest", "Validation"]);
    }
    if json_body {
        shared.extend(["PayloadTooLarge", "UnsupportedMediaType"]);
    }
    let responses = &mut operation.responses.responses;
    for name in shared {
        let (_, status, _) = SHARED_ERRORS
            .iter()
            .find(|(n, _, _)| *n == name)
            .expect("a shared error");
        responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", operation_id = "openapi_document", security(()), tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
