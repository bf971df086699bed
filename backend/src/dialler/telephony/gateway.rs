//! The HTTP gateway to a real voice-bot runtime.
//!
//! # Dial request (Outdial → gateway)
//! `POST <gateway URL>` with JSON
//! `{"attempt_id","campaign_id","contact_id","attempt_no","from","to","bot_id","variables","callback_url"}`
//! signed like the webhook (below), so the gateway can check it came from
//! Outdial. Any 2xx means the call is being placed. 429 and 503 (with an
//! optional `Retry-After` in seconds) and a refused connection are
//! backpressure: the call was not placed, the attempt is withdrawn and the
//! contact stays eligible. Other answers end the attempt as `error`.
//!
//! # Call events (gateway → Outdial)
//! `POST /api/telephony/events` (the `callback_url`), a JSON event or an
//! array of them: `{"attempt_id":12,"event":"ringing"|"answered"|"ended",
//! "at":"RFC 3339 (optional)","machine":false,"disposition":"no_answer",
//! "duration_s":0,"business_disposition":"callback_requested",
//! "callback_at":"RFC 3339"}`. Headers: `X-Outdial-Timestamp` (Unix
//! seconds) and `X-Outdial-Signature: sha256=<hex HMAC-SHA256 of
//! "<timestamp>.<body>" with the shared secret>`; a timestamp more than
//! five minutes off is refused. Duplicate and out-of-order events are
//! harmless: an attempt ends once, and events after its end are ignored.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use sha2::Sha256;

use super::{DialError, DialFuture, DialRequest, Telephony};

/// How far a signed timestamp may be from now.
pub const SIGNATURE_TOLERANCE_SECONDS: i64 = 300;
/// How long a dial request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// `sha256=<hex>` of `"<timestamp>.<body>"`.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Whether `header` is the signature of `body` at `timestamp` (constant time).
pub fn verify(secret: &[u8], timestamp: i64, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Some(given) = decode_hex(hex) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Dials through a voice-bot runtime over HTTP.
pub struct HttpGateway {
    client: reqwest::Client,
    url: String,
    secret: Vec<u8>,
    callback_url: String,
}

impl HttpGateway {
    pub fn new(url: String, secret: String, callback_url: String) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()?;
        Ok(HttpGateway {
            client,
            url,
            secret: secret.into_bytes(),
            callback_url,
        })
    }
}

impl Telephony for HttpGateway {
    fn dial(&self, request: DialRequest) -> DialFuture<'_> {
        Box::pin(async move {
            let mut body = serde_json::to_value(&request).expect("a dial request serialises");
            body["callback_url"] = self.callback_url.clone().into();
            let body = serde_json::to_vec(&body).expect("JSON serialises");
            let timestamp = chrono::Utc::now().timestamp();
            let response = self
                .client
                .post(&self.url)
                .header("content-type", "application/json")
                .header("x-outdial-timestamp", timestamp.to_string())
                .header(
                    "x-outdial-signature",
                    signature(&self.secret, timestamp, &body),
                )
                .body(body)
                .send()
                .await;
            let response = match response {
                Ok(response) => response,
                Err(error) if error.is_connect() => {
                    return Err(DialError::Backpressure {
                        retry_after: Duration::from_secs(2),
                    })
                }
                Err(error) => {
                    return Err(DialError::Failed(format!(
                        "gateway request failed: {error}"
                    )))
                }
            };
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
            {
                let seconds = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .clamp(1, 300);
                return Err(DialError::Backpressure {
                    retry_after: Duration::from_secs(seconds),
                });
            }
            Err(DialError::Failed(format!("gateway answered {status}")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_secret_timestamp_and_body() {
        let header = signature(b"s3cret", 1_700_000_000, b"{\"a\":1}");
        assert!(header.starts_with("sha256="));
        assert!(verify(b"s3cret", 1_700_000_000, b"{\"a\":1}", &header));
        assert!(!verify(b"other", 1_700_000_000, b"{\"a\":1}", &header));
        assert!(!verify(b"s3cret", 1_700_000_001, b"{\"a\":1}", &header));
        assert!(!verify(b"s3cret", 1_700_000_000, b"{\"a\":2}", &header));
        assert!(!verify(b"s3cret", 1_700_000_000, b"{\"a\":1}", "sha256=zz"));
        assert!(!verify(b"s3cret", 1_700_000_000, b"{\"a\":1}", "md5=00"));
    }
}
