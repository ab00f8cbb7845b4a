//! `devserver --proxy <http://host:port>`: forwards every request to a real server (the LangGraph
//! server in tests) and streams its answer back as it comes, with the fault switch ([`super::inject`])
//! in between — a real server's streams, cut and spoiled on demand. One upstream connection per
//! request; CORS is this proxy's (the upstream's own CORS headers are dropped).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::TokioIo;
use std::sync::Arc;

/// Where requests go.
#[derive(Clone, Debug)]
pub struct Upstream {
    host: String,
    port: u16,
}

impl Upstream {
    /// `http://host:port` (plain HTTP only: the proxy is for local servers).
    pub fn parse(url: &str) -> Result<Upstream, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url:?}: the proxy forwards to http:// URLs only"))?;
        let authority = rest.split('/').next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().map_err(|_| format!("{url:?}: bad port"))?),
            None => (authority, 80),
        };
        if host.is_empty() {
            return Err(format!("{url:?}: no host"));
        }
        Ok(Upstream {
            host: host.to_owned(),
            port,
        })
    }
}

pub fn router(upstream: Upstream) -> Router {
    Router::new()
        .fallback(forward)
        .with_state(Arc::new(upstream))
}

fn bad_gateway(detail: String) -> Response {
    let body = serde_json::json!({ "detail": format!("proxy: {detail}") }).to_string();
    (
        StatusCode::BAD_GATEWAY,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

async fn forward(State(up): State<Arc<Upstream>>, req: Request) -> Response {
    let stream = match tokio::net::TcpStream::connect((up.host.as_str(), up.port)).await {
        Ok(s) => s,
        Err(e) => return bad_gateway(format!("cannot reach {}:{}: {e}", up.host, up.port)),
    };
    let (mut send, conn) = match hyper::client::conn::http1::handshake(TokioIo::new(stream)).await {
        Ok(pair) => pair,
        Err(e) => return bad_gateway(e.to_string()),
    };
    tokio::spawn(conn);
    let (mut parts, body) = req.into_parts();
    for h in [
        "origin",
        super::inject::HEADER,
        "access-control-request-headers",
    ] {
        parts.headers.remove(h);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("{}:{}", up.host, up.port)) {
        parts.headers.insert(header::HOST, v);
    }
    if let Some(pq) = parts.uri.path_and_query().cloned() {
        if let Ok(uri) = pq.as_str().parse() {
            parts.uri = uri;
        }
    }
    let resp = match send.send_request(Request::from_parts(parts, body)).await {
        Ok(r) => r,
        Err(e) => return bad_gateway(e.to_string()),
    };
    let (mut parts, incoming) = resp.into_parts();
    let cors: Vec<_> = parts
        .headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for k in cors {
        parts.headers.remove(k);
    }
    Response::from_parts(parts, Body::new(incoming))
}
