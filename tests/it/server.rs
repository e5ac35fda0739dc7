//! A small HTTP/1.1 server on 127.0.0.1 (a random free port) for the fetch tests, on std::net:
//! each test gives one handler that answers every request as the scenario needs (a status and
//! body, a redirect, a stall, half a body). Every connection is closed after one response, and
//! every request is recorded for the test to check. Dropping the server stops it and releases
//! any handler that stalls. It only ever listens on the loopback address.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The longest a handler stalls, even if the server is never dropped.
const MAX_STALL: Duration = Duration::from_secs(30);

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Request {
    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// How a handler answers one request.
pub struct Reply<'a> {
    stream: &'a mut TcpStream,
    stop: &'a AtomicBool,
}

impl Reply<'_> {
    /// A whole response: status, headers, `Content-Length` and the body.
    pub fn send(&mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        self.head(status, headers, Some(body.len()));
        self.raw(body);
    }

    /// The status line and headers (with `Content-Length` when given, and
    /// `Connection: close`).
    pub fn head(&mut self, status: u16, headers: &[(&str, &str)], length: Option<usize>) {
        let mut head = format!("HTTP/1.1 {status} {}\r\nConnection: close\r\n", reason(status));
        if let Some(length) = length {
            head.push_str(&format!("Content-Length: {length}\r\n"));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.raw(head.as_bytes());
    }

    /// Bytes as they are (a client that hung up is not an error here).
    pub fn raw(&mut self, bytes: &[u8]) {
        let _ = self.stream.write_all(bytes).and_then(|()| self.stream.flush());
    }

    /// A redirect to `location`.
    pub fn redirect(&mut self, location: &str) {
        self.send(302, &[("Location", location)], b"");
    }

    /// Sends nothing more until the server stops (or [`MAX_STALL`]).
    pub fn stall(&self) {
        let start = Instant::now();
        while !self.stop.load(Ordering::SeqCst) && start.elapsed() < MAX_STALL {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

type Handler = dyn Fn(&Request, &mut Reply<'_>) + Send + Sync;

/// The running server.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<Request>>>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 answering every request with `handler`.
    pub fn start(handler: impl Fn(&Request, &mut Reply<'_>) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = {
            let (stop, requests) = (Arc::clone(&stop), Arc::clone(&requests));
            thread::spawn(move || {
                let mut connections = Vec::new();
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (stop, requests, handler) =
                        (Arc::clone(&stop), Arc::clone(&requests), Arc::clone(&handler));
                    connections.push(thread::spawn(move || {
                        serve(stream, &stop, &requests, &*handler);
                    }));
                }
                for connection in connections {
                    let _ = connection.join();
                }
            })
        };
        Server { addr, stop, requests, accept: Some(accept) }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("requests").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(
    mut stream: TcpStream,
    stop: &AtomicBool,
    requests: &Mutex<Vec<Request>>,
    handler: &Handler,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&stream) else { return };
    requests.lock().expect("requests").push(request.clone());
    handler(&request, &mut Reply { stream: &mut stream, stop });
    let _ = stream.shutdown(Shutdown::Both);
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Some(Request { method, path, headers, at: Instant::now() })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
