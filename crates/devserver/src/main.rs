//! `devserver [--port N] [--no-cors] [--api-key K] [--iam-token T]` — serves the stand-in APIs on
//! 127.0.0.1 (default port 2160) until stopped. `devserver --port N --proxy http://host:port` serves
//! instead a proxy to a real server, with the fault switch (`x-ac-fault`) in between.

use agent_console_devserver::faults::proxy::Upstream;
use agent_console_devserver::{app, proxy, yandex::store::DEMO_FOLDER, yandex::Credentials};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut port: u16 = 2160;
    let mut cors = true;
    let mut creds = Credentials::default();
    let mut upstream = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().and_then(|p| p.parse().ok()).unwrap_or(port),
            "--no-cors" => cors = false,
            "--api-key" => creds.api_key = args.next().unwrap_or_default(),
            "--iam-token" => creds.iam_token = args.next().unwrap_or_default(),
            "--proxy" => match Upstream::parse(&args.next().unwrap_or_default()) {
                Ok(u) => upstream = Some(u),
                Err(e) => {
                    eprintln!("devserver: --proxy {e}");
                    std::process::exit(2);
                }
            },
            other => {
                eprintln!("devserver: unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("devserver: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    if let Some(up) = upstream {
        println!("devserver: a fault proxy to {up:?} at http://127.0.0.1:{port}");
        if let Err(e) = axum::serve(listener, proxy(up)).await {
            eprintln!("devserver: {e}");
            std::process::exit(1);
        }
        return;
    }
    println!(
        "devserver: Yandex AI Assistants REST at http://127.0.0.1:{port}/assistants/v1 \
         (folder {DEMO_FOLDER}; Authorization: Api-Key <key> or Bearer <token>); Agent Protocol at \
         http://127.0.0.1:{port} (/agents, /threads, /runs, /store); the OpenAI-compatible Responses API \
         at http://127.0.0.1:{port}/v1 (Authorization: Bearer demo-api-key); CORS {}",
        if cors { "on" } else { "off" }
    );
    if let Err(e) = axum::serve(listener, app(creds, cors)).await {
        eprintln!("devserver: {e}");
        std::process::exit(1);
    }
}
