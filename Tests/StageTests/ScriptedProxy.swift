import Foundation

/// A loopback HTTP proxy in a process of its own (Python's http.server) in front of the sandbox,
/// misbehaving on a script: the Nth create is forwarded and then its connection is cut without an
/// answer (the campaign exists, the client never hears), and the creates numbered in `refuse`
/// are answered 429 without being forwarded. Everything else passes through.
final class ScriptedProxy: @unchecked Sendable {
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(self.port)" }

    init(upstream: String, dropAfterForwarding: [Int], refuse: [Int]) throws {
        let script = """
            import http.server, json, socket, sys, threading, urllib.error, urllib.request
            upstream, drop, refuse = sys.argv[1], set(json.loads(sys.argv[2])), set(json.loads(sys.argv[3]))
            count, lock = [0], threading.Lock()
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def relay(self, method):
                    length = int(self.headers.get("Content-Length", 0))
                    body = self.rfile.read(length) if length else None
                    number = None
                    if method == "POST" and self.path.split("?")[0].rstrip("/") == "/api/v1/campaigns":
                        with lock:
                            count[0] += 1
                            number = count[0]
                    if number in refuse:
                        data = json.dumps({"success": False, "error": {"code": "RATE_LIMIT_EXCEEDED", "message": "scripted 429"}}).encode()
                        self.send_response(429)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
                    request = urllib.request.Request(upstream + self.path, data=body, method=method, headers=headers)
                    try:
                        answer = urllib.request.urlopen(request, timeout=60)
                        status, reply, data = answer.status, answer.headers, answer.read()
                    except urllib.error.HTTPError as error:
                        status, reply, data = error.code, error.headers, error.read()
                    if number in drop:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self.send_response(status)
                    for k, v in reply.items():
                        if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def do_GET(self): self.relay("GET")
                def do_POST(self): self.relay("POST")
                def log_message(self, *args): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let output = Pipe()
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        self.process.arguments = ["-c", script, upstream, "\(dropAfterForwarding)", "\(refuse)"]
        self.process.standardOutput = output
        try self.process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            self.process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the proxy did not start: \(line)"])
        }
        self.port = port
    }

    deinit {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }
}
