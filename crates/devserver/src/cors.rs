//! CORS for the browser tests, whose page has its own origin. The real Yandex API sends none (the app
//! reaches it through a same-origin proxy); `--no-cors` serves exactly that.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn allow_any_origin(req: Request, next: Next) -> Response {
    let mut resp = if req.method() == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    // `*` does not cover Authorization: name it.
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("authorization, content-type, x-tenant, *"),
    );
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("*"),
    );
    resp
}
