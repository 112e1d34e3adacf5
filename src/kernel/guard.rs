//! The kernel's own front door: a ZMTP 3 frame check in front of the ZeroMQ sockets.
//!
//! The ZeroMQ crate reserves a frame's declared length before reading it, so one frame header
//! claiming 4 GB (or 2^62 bytes) from any local process — no key needed — aborted the kernel on
//! allocation, and it has no frame-size option. So the kernel owns the TCP ports of its
//! connection file itself: each connection is read through [`FrameGuard`], which follows the
//! ZMTP 3 framing (64-byte greeting, then `flags | size | body` frames) without buffering bodies,
//! and forwarded to the ZeroMQ socket, bound on a Unix socket in a folder only this user can
//! enter. A frame larger than the limit, reserved flag bits set (garbage) or a bad greeting
//! closes that one connection with a line on stderr; the kernel and its session go on.
//!
//! The limit is [`DEFAULT_MAX_FRAME_MB`] MiB, or `INDIKATOR_MAX_FRAME_MB` from the environment.

use std::path::{Path, PathBuf};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UnixStream};

/// Largest frame a client may send, in MiB, unless `INDIKATOR_MAX_FRAME_MB` says otherwise.
pub const DEFAULT_MAX_FRAME_MB: u64 = 64;

/// The frame limit in bytes: `INDIKATOR_MAX_FRAME_MB` (a whole number of MiB, at least 1) or the
/// default.
pub fn max_frame_bytes() -> u64 {
    std::env::var("INDIKATOR_MAX_FRAME_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&mb| mb >= 1)
        .unwrap_or(DEFAULT_MAX_FRAME_MB)
        .saturating_mul(1024 * 1024)
}

const GREETING: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Greeting(usize),
    Flags,
    Size { long: bool, got: usize, value: u64 },
    Body(u64),
}

/// Follows the client side of a ZMTP 3 stream and refuses what the kernel must not read.
#[derive(Debug, Clone)]
pub struct FrameGuard {
    state: State,
    limit: u64,
}

impl FrameGuard {
    /// A guard for a new connection, refusing frames above `limit` bytes.
    pub fn new(limit: u64) -> FrameGuard {
        FrameGuard {
            state: State::Greeting(0),
            limit,
        }
    }

    /// Check the next bytes of the stream.
    ///
    /// # Errors
    /// Why the connection must be closed: a bad greeting, reserved flag bits, a frame above the
    /// limit.
    pub fn feed(&mut self, data: &[u8]) -> std::result::Result<(), String> {
        let mut i = 0;
        while i < data.len() {
            match self.state {
                State::Greeting(seen) => {
                    let take = (GREETING - seen).min(data.len() - i);
                    for (k, &b) in data[i..i + take].iter().enumerate() {
                        match (seen + k, b) {
                            (0, b) if b != 0xFF => {
                                return Err(format!("not a ZMTP greeting (first byte {b:#04x})"));
                            }
                            (9, b) if b & 1 != 1 => {
                                return Err("not a ZMTP greeting (byte 10)".into());
                            }
                            (10, b) if b < 3 => {
                                return Err(format!("ZMTP version {b}; version 3 is spoken here"));
                            }
                            _ => {}
                        }
                    }
                    i += take;
                    self.state = if seen + take == GREETING {
                        State::Flags
                    } else {
                        State::Greeting(seen + take)
                    };
                }
                State::Flags => {
                    let flags = data[i];
                    i += 1;
                    if flags & 0xF8 != 0 {
                        return Err(format!(
                            "frame flags {flags:#04x} set reserved bits (not ZMTP framing)"
                        ));
                    }
                    self.state = State::Size {
                        long: flags & 0b10 != 0,
                        got: 0,
                        value: 0,
                    };
                }
                State::Size { long, got, value } => {
                    let value = (value << 8) | u64::from(data[i]);
                    i += 1;
                    let need = if long { 8 } else { 1 };
                    if got + 1 < need {
                        self.state = State::Size {
                            long,
                            got: got + 1,
                            value,
                        };
                        continue;
                    }
                    if value > self.limit {
                        return Err(format!(
                            "a frame of {value} bytes; the limit is {} bytes (INDIKATOR_MAX_FRAME_MB)",
                            self.limit
                        ));
                    }
                    self.state = if value == 0 {
                        State::Flags
                    } else {
                        State::Body(value)
                    };
                }
                State::Body(left) => {
                    let take = left.min((data.len() - i) as u64);
                    i += take as usize;
                    self.state = if take == left {
                        State::Flags
                    } else {
                        State::Body(left - take)
                    };
                }
            }
        }
        Ok(())
    }
}

/// A private folder for the kernel's Unix sockets (mode 0700), removed on drop.
pub struct SocketDir {
    path: PathBuf,
}

impl SocketDir {
    /// Create it under the system's temporary folder.
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new() -> std::io::Result<SocketDir> {
        use std::os::unix::fs::DirBuilderExt;
        let path = std::env::temp_dir().join(format!(
            "indikator-kernel-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::DirBuilder::new().mode(0o700).create(&path)?;
        Ok(SocketDir { path })
    }

    /// The path of socket `name` inside it.
    pub fn socket(&self, name: &str) -> PathBuf {
        self.path.join(format!("{name}.sock"))
    }
}

impl Drop for SocketDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Accept connections on `listener` and forward each, checked, to the Unix socket `inner`.
pub async fn front(listener: TcpListener, inner: PathBuf, name: &'static str, limit: u64) {
    loop {
        let Ok((client, peer)) = listener.accept().await else {
            continue;
        };
        let inner = inner.clone();
        tokio::task::spawn_local(async move {
            if let Err(why) = forward(client, &inner, limit).await {
                eprintln!("indikator kernel: {name} connection from {peer} closed: {why}");
            }
        });
    }
}

async fn forward(client: TcpStream, inner: &Path, limit: u64) -> std::result::Result<(), String> {
    let inner = UnixStream::connect(inner)
        .await
        .map_err(|e| format!("the socket behind it: {e}"))?;
    let _ = client.set_nodelay(true);
    let (mut cr, mut cw) = client.into_split();
    let (mut ir, mut iw) = inner.into_split();
    let down = tokio::io::copy(&mut ir, &mut cw);
    let up = async {
        let mut guard = FrameGuard::new(limit);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = cr.read(&mut buf).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Ok(());
            }
            guard.feed(&buf[..n])?;
            iw.write_all(&buf[..n]).await.map_err(|e| e.to_string())?;
        }
    };
    tokio::select! {
        _ = down => Ok(()),
        r = up => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greeting() -> Vec<u8> {
        let mut g = vec![0u8; 64];
        g[0] = 0xFF;
        g[9] = 0x7F;
        g[10] = 3;
        g
    }

    #[test]
    fn frames_within_the_limit_pass_in_any_split() {
        let mut s = greeting();
        s.extend([0x04, 5, b'R', b'E', b'A', b'D', b'Y']); // a short command
        s.extend([0x03, 0, 0, 0, 0, 0, 0, 1, 0]); // long, more, 256 bytes
        s.extend(vec![7u8; 256]);
        s.extend([0x00, 2, b'h', b'i']);
        for split in [1, 3, 64, 65, 100, s.len()] {
            let mut g = FrameGuard::new(1024);
            for chunk in s.chunks(split) {
                g.feed(chunk).unwrap();
            }
            assert_eq!(g.state, State::Flags, "split {split}");
        }
    }

    #[test]
    fn oversized_claims_and_garbage_are_refused() {
        let mut s = greeting();
        s.extend([0x02, 0, 0, 0, 1, 0, 0, 0, 0]); // 4 GiB
        let e = FrameGuard::new(64 << 20).feed(&s).unwrap_err();
        assert!(e.contains("a frame of 4294967296 bytes"), "{e}");
        let mut s = greeting();
        s.extend([0x02, 0x40, 0, 0, 0, 0, 0, 0, 0]); // 2^62
        assert!(FrameGuard::new(64 << 20).feed(&s).is_err());
        let mut s = greeting();
        s.extend(b"GET / HTTP/1.1");
        assert!(
            FrameGuard::new(64 << 20)
                .feed(&s)
                .unwrap_err()
                .contains("reserved bits")
        );
        assert!(FrameGuard::new(1).feed(b"GET / HTTP/1.1").is_err());
    }
}
