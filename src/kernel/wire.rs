//! Jupyter messages on the wire: connection file, framing, HMAC-SHA256 signatures.
//!
//! A message is `[ids…, "<IDS|MSG>", signature, header, parent_header, metadata, content,
//! buffers…]`; the signature is the hex HMAC-SHA256 (key from the connection file) over the four
//! JSON frames. Contents stay `serde_json::Value`s: clients send partial contents (a history
//! search without `n`, say) that typed messages reject.

use bytes::Bytes;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::error::{Error, Result};

const DELIMITER: &[u8] = b"<IDS|MSG>";

/// The connection file Jupyter writes for a kernel.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ConnectionInfo {
    /// Address to bind.
    pub ip: String,
    /// `tcp` (the only transport supported).
    pub transport: String,
    /// Shell port.
    pub shell_port: u16,
    /// IOPub port.
    pub iopub_port: u16,
    /// Stdin port.
    pub stdin_port: u16,
    /// Control port.
    pub control_port: u16,
    /// Heartbeat port.
    pub hb_port: u16,
    /// Signing key (empty: unsigned).
    pub key: String,
    /// `hmac-sha256`.
    #[serde(default)]
    pub signature_scheme: String,
}

impl ConnectionInfo {
    /// Read and check a connection file.
    pub fn read(path: &std::path::Path) -> Result<ConnectionInfo> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        let info: ConnectionInfo = serde_json::from_str(&text).map_err(|source| Error::Json {
            context: format!("connection file {}", path.display()),
            source,
        })?;
        if info.transport != "tcp" {
            return Err(Error::InvalidArgument {
                what: "transport".into(),
                message: format!("{:?} is not supported; use tcp", info.transport),
            });
        }
        if !info.key.is_empty() && info.signature_scheme != "hmac-sha256" {
            return Err(Error::InvalidArgument {
                what: "signature_scheme".into(),
                message: format!("{:?}; expected hmac-sha256", info.signature_scheme),
            });
        }
        Ok(info)
    }

    /// Endpoint of a port.
    pub fn endpoint(&self, port: u16) -> String {
        format!("tcp://{}:{port}", self.ip)
    }
}

/// One Jupyter message.
#[derive(Debug, Clone)]
pub struct Message {
    /// ZeroMQ routing identities (router sockets) or the topic (iopub).
    pub ids: Vec<Bytes>,
    /// Header.
    pub header: Value,
    /// Parent header (`{}` when none).
    pub parent: Value,
    /// Metadata.
    pub metadata: Value,
    /// Content.
    pub content: Value,
}

impl Message {
    /// `header.msg_type`.
    pub fn msg_type(&self) -> &str {
        self.header
            .get("msg_type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// A message of `msg_type` answering (or caused by) `parent`, from kernel session `session`.
    pub fn child(parent: &Message, session: &str, msg_type: &str, content: Value) -> Message {
        Message {
            ids: parent.ids.clone(),
            header: header(session, msg_type),
            parent: parent.header.clone(),
            metadata: json!({}),
            content,
        }
    }

    /// An IOPub message (topic = message type).
    pub fn broadcast(parent: &Value, session: &str, msg_type: &str, content: Value) -> Message {
        Message {
            ids: vec![Bytes::from(msg_type.to_string())],
            header: header(session, msg_type),
            parent: parent.clone(),
            metadata: json!({}),
            content,
        }
    }
}

fn header(session: &str, msg_type: &str) -> Value {
    json!({
        "msg_id": uuid::Uuid::new_v4().to_string(),
        "session": session,
        "username": "indikator",
        "date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "msg_type": msg_type,
        "version": "5.3",
    })
}

/// Signs and verifies messages.
#[derive(Clone)]
pub struct Signer {
    key: Option<Hmac<Sha256>>,
}

/// Why a message was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// No `<IDS|MSG>` delimiter or fewer than four JSON frames.
    Malformed(String),
    /// The signature does not match.
    BadSignature,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::Malformed(m) => write!(f, "malformed message: {m}"),
            WireError::BadSignature => write!(f, "signature does not verify"),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks(2)
        .map(|p| {
            let d = |c: u8| (c as char).to_digit(16);
            Some((d(p[0])? * 16 + d(p[1])?) as u8)
        })
        .collect()
}

impl Signer {
    /// A signer for `key` (empty: messages are neither signed nor checked).
    pub fn new(key: &str) -> Signer {
        Signer {
            key: if key.is_empty() {
                None
            } else {
                Hmac::<Sha256>::new_from_slice(key.as_bytes()).ok()
            },
        }
    }

    fn mac(&self, frames: &[&[u8]]) -> Option<Hmac<Sha256>> {
        let mut m = self.key.clone()?;
        for f in frames {
            m.update(f);
        }
        Some(m)
    }

    /// Frames of a message, signed.
    pub fn encode(&self, m: &Message) -> Vec<Bytes> {
        let json: Vec<Vec<u8>> = [&m.header, &m.parent, &m.metadata, &m.content]
            .iter()
            .map(|v| serde_json::to_vec(v).unwrap_or_else(|_| b"{}".to_vec()))
            .collect();
        let refs: Vec<&[u8]> = json.iter().map(Vec::as_slice).collect();
        let sig = self
            .mac(&refs)
            .map(|m| hex(&m.finalize().into_bytes()))
            .unwrap_or_default();
        let mut frames: Vec<Bytes> = m.ids.clone();
        frames.push(Bytes::from_static(DELIMITER));
        frames.push(Bytes::from(sig));
        frames.extend(json.into_iter().map(Bytes::from));
        frames
    }

    /// A message from its frames, after checking the signature.
    pub fn decode(&self, frames: Vec<Bytes>) -> std::result::Result<Message, WireError> {
        let d = frames
            .iter()
            .position(|f| f.as_ref() == DELIMITER)
            .ok_or_else(|| WireError::Malformed("no <IDS|MSG> delimiter".into()))?;
        if frames.len() < d + 6 {
            return Err(WireError::Malformed(format!(
                "{} frames after the delimiter; expected at least 5",
                frames.len() - d - 1
            )));
        }
        let sig = &frames[d + 1];
        let json = &frames[d + 2..d + 6];
        if let Some(mac) = self.mac(&json.iter().map(Bytes::as_ref).collect::<Vec<_>>()) {
            let ok = unhex(sig).is_some_and(|s| mac.verify_slice(&s).is_ok());
            if !ok {
                return Err(WireError::BadSignature);
            }
        }
        // Every part is a JSON object (a reply copies the header into its parent_header).
        let parse = |i: usize, what: &str| -> std::result::Result<Value, WireError> {
            let v: Value = serde_json::from_slice(&json[i])
                .map_err(|e| WireError::Malformed(format!("{what} is not JSON: {e}")))?;
            if v.is_object() {
                Ok(v)
            } else {
                Err(WireError::Malformed(format!("{what} is not a JSON object")))
            }
        };
        Ok(Message {
            ids: frames[..d].to_vec(),
            header: parse(0, "header")?,
            parent: parse(1, "parent_header")?,
            metadata: parse(2, "metadata")?,
            content: parse(3, "content")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signed message whose header is JSON but not an object is malformed (no reply can carry
    /// it as a parent header).
    #[test]
    fn non_object_parts_are_malformed() {
        let s = Signer::new("k");
        let parts: [&[u8]; 4] = [b"[]", b"{}", b"{}", b"{}"];
        let mac = s
            .mac(&parts)
            .map(|m| hex(&m.finalize().into_bytes()))
            .unwrap_or_default();
        let mut frames = vec![Bytes::from_static(DELIMITER), Bytes::from(mac)];
        frames.extend(parts.iter().map(|p| Bytes::copy_from_slice(p)));
        assert!(matches!(s.decode(frames), Err(WireError::Malformed(_))));
    }

    #[test]
    fn signs_like_jupyter_and_rejects_tampering() {
        let s = Signer::new("secret");
        let parent = Message {
            ids: vec![Bytes::from_static(b"client")],
            header: json!({"msg_id": "1", "msg_type": "kernel_info_request"}),
            parent: json!({}),
            metadata: json!({}),
            content: json!({}),
        };
        let m = Message::child(&parent, "k", "kernel_info_reply", json!({"status": "ok"}));
        let frames = s.encode(&m);
        // HMAC-SHA256 over the four JSON frames, hex.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
        for f in &frames[3..7] {
            mac.update(f);
        }
        assert_eq!(
            frames[2].as_ref(),
            hex(&mac.finalize().into_bytes()).as_bytes()
        );
        let back = s.decode(frames.clone()).unwrap();
        assert_eq!(back.msg_type(), "kernel_info_reply");
        assert_eq!(back.ids, vec![Bytes::from_static(b"client")]);
        let mut bad = frames.clone();
        bad[6] = Bytes::from_static(b"{\"status\":\"evil\"}");
        assert_eq!(s.decode(bad).err(), Some(WireError::BadSignature));
        assert_eq!(
            Signer::new("other").decode(frames).err(),
            Some(WireError::BadSignature)
        );
    }
}
