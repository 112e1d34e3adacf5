//! `indikator kernel`: a Jupyter kernel (messaging protocol 5.3 over ZeroMQ) whose cells are
//! the [`crate::script`] language with the whole library compiled in.
//!
//! Layout: one OS thread owns the [`Session`] and runs cells; the sockets run on a
//! single-threaded tokio runtime — shell (requests, answered in order), control (interrupt,
//! shutdown, kernel info; answered while a cell runs), heartbeat (echo), stdin (bound, unused)
//! and IOPub (status, outputs). Every incoming message's HMAC-SHA256 signature is checked; a
//! message that fails is dropped and logged to stderr, never run. The kernel binds only the
//! address and ports of its connection file, and reads them through its own ZMTP frame check
//! ([`guard`]): a frame above `INDIKATOR_MAX_FRAME_MB` (64 MiB) or garbage closes that connection
//! with a log line instead of making the ZeroMQ crate reserve what the header claims.
//!
//! Interrupt (`interrupt_mode: message`): `interrupt_request` on control sets the session's
//! interrupt flag, which Rhai checks at every operation: a running loop stops within
//! milliseconds and the variables stay. Long library calls watch the same flag
//! ([`crate::cancel::Cancel::watch`]): a fixed-effects fit stops between demeaning sweeps, a
//! bootstrap between replications.

#[cfg(unix)]
pub mod guard;
mod history;
pub mod install;
mod outputs;
pub(crate) mod wire;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc as tmpsc;
use zeromq::{Socket, SocketRecv, SocketSend, ZmqMessage};

use crate::error::{Error, Result};
use crate::script::{Completeness, Output, Session};
use history::history_reply;
use wire::{ConnectionInfo, Message, Signer};

/// Work for the session thread.
enum Job {
    Execute { code: String, store_history: bool },
    Complete { code: String, cursor: usize },
    Inspect { code: String, cursor: usize },
    IsComplete { code: String },
    History,
}

/// What the session thread sends back.
enum Event {
    Output(Output),
    Done(Value),
    Executed(crate::script::Evaluation),
    History(Vec<String>),
}

fn zmq_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Kernel {
        what: what.into(),
        message: e.to_string(),
    }
}

/// Run the kernel for a connection file until a shutdown request.
///
/// # Errors
/// An unreadable connection file, a port that cannot be bound.
pub fn run(connection_file: &Path) -> Result<()> {
    let info = ConnectionInfo::read(connection_file)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| zmq_err("starting the runtime", e))?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, serve(info))
}

fn session_thread(
    jobs: mpsc::Receiver<Job>,
    events: tmpsc::UnboundedSender<Event>,
    ready: mpsc::Sender<Arc<AtomicBool>>,
) {
    // A running SQL query stops on Interrupt or the cell's memory budget (polars' abort flag).
    crate::script::sql::catch_interrupts();
    let mut session = Session::for_notebook();
    let _ = ready.send(session.interrupter());
    let ev = events.clone();
    session.set_sink(move |o| {
        let _ = ev.send(Event::Output(o));
    });
    for job in jobs {
        let reply = match job {
            Job::Execute {
                code,
                store_history,
            } => {
                if store_history {
                    session.remember(&code);
                }
                Event::Executed(session.eval(&code))
            }
            Job::Complete { code, cursor } => {
                let c = session.complete(&code, cursor);
                Event::Done(json!({
                    "status": "ok", "matches": c.matches, "cursor_start": c.start,
                    "cursor_end": c.end, "metadata": {},
                }))
            }
            Job::Inspect { code, cursor } => {
                let b = session.inspect(&code, cursor);
                Event::Done(json!({
                    "status": "ok", "found": b.is_some(),
                    "data": b.map(|b| b.to_json()).unwrap_or_else(|| json!({})),
                    "metadata": {},
                }))
            }
            Job::IsComplete { code } => Event::Done(match session.is_complete(&code) {
                Completeness::Complete => json!({"status": "complete"}),
                Completeness::Incomplete(indent) => {
                    json!({"status": "incomplete", "indent": indent})
                }
                Completeness::Invalid => json!({"status": "invalid"}),
            }),
            Job::History => Event::History(session.history().to_vec()),
        };
        if events.send(reply).is_err() {
            break;
        }
    }
}

struct Shared {
    signer: Signer,
    session_id: String,
    iopub: tmpsc::UnboundedSender<Message>,
    interrupt: Arc<AtomicBool>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    fn publish(&self, parent: &Message, msg_type: &str, content: Value) {
        let _ = self.iopub.send(Message::broadcast(
            &parent.header,
            &self.session_id,
            msg_type,
            content,
        ));
    }
    fn status(&self, parent: &Message, state: &str) {
        self.publish(parent, "status", json!({"execution_state": state}));
    }
}

fn kernel_info() -> Value {
    json!({
        "status": "ok",
        "protocol_version": "5.3",
        "implementation": "indikator",
        "implementation_version": env!("CARGO_PKG_VERSION"),
        "language_info": {
            "name": "rhai",
            "version": "1",
            "mimetype": "text/x-rhai",
            "file_extension": ".rhai",
            "pygments_lexer": "rust",
            "codemirror_mode": "rust",
            "nbconvert_exporter": "script",
        },
        "banner": "indikator — P0 / TPT panel models, projections and charts for RPJMD planning. help() lists the functions; help(\"fit\") shows one.",
        "help_links": [{"text": "indikator", "url": "https://github.com/indikator/indikator"}],
        "debugger": false,
    })
}

/// Where the sockets really listen: behind the kernel's own frame guard on TCP (see [`guard`]),
/// or directly for other transports and systems.
struct Front<'a> {
    info: &'a ConnectionInfo,
    #[cfg(unix)]
    dir: Option<guard::SocketDir>,
    limit: u64,
}

impl<'a> Front<'a> {
    fn new(info: &'a ConnectionInfo) -> Result<Front<'a>> {
        #[cfg(unix)]
        {
            let dir = if info.transport == "tcp" {
                Some(
                    guard::SocketDir::new()
                        .map_err(|e| zmq_err("creating the socket folder", e))?,
                )
            } else {
                None
            };
            Ok(Front {
                info,
                dir,
                limit: guard::max_frame_bytes(),
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Front { info, limit: 0 })
        }
    }

    /// Bind socket `s` for `port` of the connection file (`name` in log lines).
    async fn bind<S: Socket>(&self, mut s: S, port: u16, name: &'static str) -> Result<S> {
        #[cfg(unix)]
        if let Some(dir) = &self.dir {
            let path = dir.socket(name);
            bind_to(&mut s, &format!("ipc://{}", path.display())).await?;
            let addr = format!("{}:{port}", self.info.ip);
            let listener = tokio::net::TcpListener::bind(&addr)
                .await
                .map_err(|e| zmq_err(&format!("binding {addr}"), e))?;
            tokio::task::spawn_local(guard::front(listener, path, name, self.limit));
            return Ok(s);
        }
        let _ = (name, self.limit);
        bind_to(&mut s, &self.info.endpoint(port)).await?;
        Ok(s)
    }
}

async fn bind_to<S: Socket>(s: &mut S, ep: &str) -> Result<()> {
    s.bind(ep)
        .await
        .map(|_| ())
        .map_err(|e| zmq_err(&format!("binding {ep}"), e))
}

fn to_zmq(frames: Vec<Bytes>) -> Option<ZmqMessage> {
    ZmqMessage::try_from(frames).ok()
}

/// The five sockets of the connection file: shell, control, stdin, IOPub, heartbeat.
async fn sockets(
    front: &Front<'_>,
) -> Result<(
    zeromq::RouterSocket,
    zeromq::RouterSocket,
    zeromq::RouterSocket,
    zeromq::PubSocket,
    zeromq::RepSocket,
)> {
    let info = front.info;
    Ok((
        front
            .bind(zeromq::RouterSocket::new(), info.shell_port, "shell")
            .await?,
        front
            .bind(zeromq::RouterSocket::new(), info.control_port, "control")
            .await?,
        front
            .bind(zeromq::RouterSocket::new(), info.stdin_port, "stdin")
            .await?,
        front
            .bind(zeromq::PubSocket::new(), info.iopub_port, "iopub")
            .await?,
        front
            .bind(zeromq::RepSocket::new(), info.hb_port, "hb")
            .await?,
    ))
}

async fn serve(info: ConnectionInfo) -> Result<()> {
    let front = Front::new(&info)?;
    let (mut shell, mut control, mut stdin, mut iopub_sock, mut hb) = sockets(&front).await?;

    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (ev_tx, mut ev_rx) = tmpsc::unbounded_channel::<Event>();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("indikator-session".into())
        .spawn(move || session_thread(job_rx, ev_tx, ready_tx))
        .map_err(|e| zmq_err("starting the session thread", e))?;
    let interrupt = ready_rx
        .recv()
        .map_err(|e| zmq_err("starting the session", e))?;

    let (io_tx, mut io_rx) = tmpsc::unbounded_channel::<Message>();
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared {
        signer: Signer::new(&info.key),
        session_id: uuid::Uuid::new_v4().to_string(),
        iopub: io_tx,
        interrupt,
        shutdown: stop_tx,
    });

    let signer = shared.signer.clone();
    tokio::task::spawn_local(async move {
        while let Some(m) = io_rx.recv().await {
            if let Some(z) = to_zmq(signer.encode(&m)) {
                let _ = iopub_sock.send(z).await;
            }
        }
    });
    tokio::task::spawn_local(async move {
        while let Ok(m) = hb.recv().await {
            let _ = hb.send(m).await;
        }
    });
    tokio::task::spawn_local(async move { while stdin.recv().await.is_ok() {} });

    let sh = shared.clone();
    tokio::task::spawn_local(async move {
        while let Ok(raw) = control.recv().await {
            let Some(msg) = accept(&sh, raw, "control") else {
                continue;
            };
            let reply = match msg.msg_type() {
                "interrupt_request" => {
                    sh.interrupt.store(true, Ordering::Relaxed);
                    Some(("interrupt_reply", json!({"status": "ok"})))
                }
                "shutdown_request" => Some(("shutdown_reply", shutdown_content(&msg))),
                "kernel_info_request" => Some(("kernel_info_reply", kernel_info())),
                other => {
                    eprintln!("indikator kernel: ignored {other} on control");
                    None
                }
            };
            if let Some((t, content)) = reply {
                sh.status(&msg, "busy");
                let r = Message::child(&msg, &sh.session_id, t, content);
                if let Some(z) = to_zmq(sh.signer.encode(&r)) {
                    let _ = control.send(z).await;
                }
                sh.status(&msg, "idle");
                if t == "shutdown_reply" {
                    let _ = sh.shutdown.send(true);
                }
            }
        }
    });

    let sh = shared.clone();
    let shell_task = tokio::task::spawn_local(async move {
        let mut count: u64 = 0;
        loop {
            let raw = tokio::select! {
                r = shell.recv() => match r { Ok(r) => r, Err(_) => break },
                _ = stop_rx.changed() => break,
            };
            let Some(msg) = accept(&sh, raw, "shell") else {
                continue;
            };
            sh.status(&msg, "busy");
            let reply = handle_shell(&sh, &msg, &job_tx, &mut ev_rx, &mut count).await;
            if let Some((t, content)) = reply {
                let r = Message::child(&msg, &sh.session_id, &t, content);
                if let Some(z) = to_zmq(sh.signer.encode(&r)) {
                    let _ = shell.send(z).await;
                }
            }
            sh.status(&msg, "idle");
            if msg.msg_type() == "shutdown_request" {
                let _ = sh.shutdown.send(true);
                break;
            }
        }
    });
    let mut stop = shared.shutdown.subscribe();
    tokio::select! {
        _ = shell_task => {},
        _ = stop.changed() => {},
    }
    // Let IOPub flush the last status.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    Ok(())
}

fn shutdown_content(msg: &Message) -> Value {
    let restart = msg
        .content
        .get("restart")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    json!({"status": "ok", "restart": restart})
}

fn accept(sh: &Shared, raw: ZmqMessage, channel: &str) -> Option<Message> {
    match sh.signer.decode(raw.into_vec()) {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!("indikator kernel: dropped a message on {channel}: {e}");
            None
        }
    }
}

fn usize_of(v: &Value, k: &str) -> usize {
    v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize
}

fn str_of(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

async fn ask(
    job_tx: &mpsc::Sender<Job>,
    ev_rx: &mut tmpsc::UnboundedReceiver<Event>,
    job: Job,
) -> Option<Event> {
    job_tx.send(job).ok()?;
    ev_rx.recv().await
}

async fn handle_shell(
    sh: &Shared,
    msg: &Message,
    job_tx: &mpsc::Sender<Job>,
    ev_rx: &mut tmpsc::UnboundedReceiver<Event>,
    count: &mut u64,
) -> Option<(String, Value)> {
    let c = &msg.content;
    let (t, content) = match msg.msg_type() {
        "kernel_info_request" => ("kernel_info_reply", kernel_info()),
        "execute_request" => (
            "execute_reply",
            execute(sh, msg, job_tx, ev_rx, count).await?,
        ),
        "complete_request" => {
            let job = Job::Complete {
                code: str_of(c, "code"),
                cursor: usize_of(c, "cursor_pos"),
            };
            ("complete_reply", done(ask(job_tx, ev_rx, job).await)?)
        }
        "inspect_request" => {
            let job = Job::Inspect {
                code: str_of(c, "code"),
                cursor: usize_of(c, "cursor_pos"),
            };
            ("inspect_reply", done(ask(job_tx, ev_rx, job).await)?)
        }
        "is_complete_request" => {
            let job = Job::IsComplete {
                code: str_of(c, "code"),
            };
            ("is_complete_reply", done(ask(job_tx, ev_rx, job).await)?)
        }
        "history_request" => {
            let Some(Event::History(h)) = ask(job_tx, ev_rx, Job::History).await else {
                return None;
            };
            ("history_reply", history_reply(c, &h))
        }
        "comm_info_request" => ("comm_info_reply", json!({"status": "ok", "comms": {}})),
        "shutdown_request" => ("shutdown_reply", shutdown_content(msg)),
        other => {
            eprintln!("indikator kernel: ignored {other} on shell");
            return None;
        }
    };
    Some((t.to_string(), content))
}

fn done(e: Option<Event>) -> Option<Value> {
    match e? {
        Event::Done(v) => Some(v),
        _ => None,
    }
}

async fn execute(
    sh: &Shared,
    msg: &Message,
    job_tx: &mpsc::Sender<Job>,
    ev_rx: &mut tmpsc::UnboundedReceiver<Event>,
    count: &mut u64,
) -> Option<Value> {
    let c = &msg.content;
    let code = str_of(c, "code");
    let silent = c.get("silent").and_then(Value::as_bool).unwrap_or(false);
    let store = !silent
        && c.get("store_history")
            .and_then(Value::as_bool)
            .unwrap_or(true);
    if store {
        *count += 1;
    }
    let n = *count;
    if !silent {
        sh.publish(
            msg,
            "execute_input",
            json!({"code": code, "execution_count": n}),
        );
    }
    job_tx
        .send(Job::Execute {
            code,
            store_history: store,
        })
        .ok()?;
    let ev = loop {
        match ev_rx.recv().await? {
            Event::Output(o) if !silent => publish_output(sh, msg, o),
            Event::Output(_) => {}
            Event::Executed(ev) => break ev,
            Event::Done(_) | Event::History(_) => {}
        }
    };
    match ev.error {
        None => {
            if let (Some(b), false) = (ev.result, silent) {
                sh.publish(
                    msg,
                    "execute_result",
                    json!({"execution_count": n, "data": b.to_json(), "metadata": {}}),
                );
            }
            let payload: Vec<Value> = ev
                .page
                .map(|b| json!({"source": "page", "data": b.to_json(), "start": 0}))
                .into_iter()
                .collect();
            Some(
                json!({"status": "ok", "execution_count": n, "user_expressions": {}, "payload": payload}),
            )
        }
        Some(e) => {
            let tb = e.traceback();
            if !silent {
                sh.publish(
                    msg,
                    "error",
                    json!({"ename": e.ename, "evalue": e.evalue, "traceback": tb}),
                );
            }
            Some(json!({
                "status": "error", "execution_count": n, "ename": e.ename,
                "evalue": e.evalue, "traceback": tb,
            }))
        }
    }
}

fn publish_output(sh: &Shared, msg: &Message, o: Output) {
    let (msg_type, content) = outputs::message(o);
    sh.publish(msg, msg_type, content);
}

/// The kernel's decoding of one multipart Jupyter message, frames as received (for fuzzing and
/// property tests): its message type, or why it is dropped. Never panics.
#[doc(hidden)]
pub fn decode_frames(key: &str, frames: &[&[u8]]) -> std::result::Result<String, String> {
    let frames = frames
        .iter()
        .map(|f| bytes::Bytes::copy_from_slice(f))
        .collect();
    wire::Signer::new(key)
        .decode(frames)
        .map(|m| m.msg_type().to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::history::glob;
    use super::*;

    #[test]
    fn glob_patterns() {
        assert!(glob("1?2*", "1+2+3"));
        assert!(glob("*fit*", "let m = fit(p, f)"));
        assert!(!glob("fit*", "let m = fit(p, f)"));
        assert!(glob("", ""));
    }

    #[test]
    fn history_search_without_n_or_unique() {
        let h: Vec<String> = ["1+1", "1+2", "1+3", "1+1"].map(String::from).to_vec();
        let r = history_reply(&json!({"hist_access_type": "search", "pattern": "1+*"}), &h);
        assert_eq!(r["history"].as_array().unwrap().len(), 4);
        let r = history_reply(
            &json!({"hist_access_type": "search", "pattern": "1+*", "unique": true}),
            &h,
        );
        assert_eq!(
            r["history"],
            json!([[0, 2, "1+2"], [0, 3, "1+3"], [0, 4, "1+1"]])
        );
        let r = history_reply(&json!({"hist_access_type": "tail", "n": 2}), &h);
        assert_eq!(r["history"], json!([[0, 3, "1+3"], [0, 4, "1+1"]]));
    }
}
