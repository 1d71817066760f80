import Crypto
import Foundation

/// An HTTP receiver in a process of its own (Python's http.server), so that it answers whatever the
/// test process is busy with: every POST is kept as a line (path, the webhook headers, the body), and
/// answered with `status`; `silent` accepts connections and never answers.
final class NewsReceiver: @unchecked Sendable {
    struct Delivery {
        var path: String
        var timestamp: String
        var signature: String
        var body: Data
    }

    let process = Process()
    let folder: String
    let port: Int

    init(status: Int = 200, silent: Bool = false) throws {
        self.folder = try Support.runDirectory("news-receiver")
        let script = """
            import base64, http.server, json, os, socket, sys
            folder, status, silent = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    line = {"path": self.path, "timestamp": self.headers.get("X-Webhook-Timestamp", ""),
                            "signature": self.headers.get("X-Webhook-Signature", ""), "body": base64.b64encode(body).decode()}
                    with open(folder + "/deliveries.ndjson", "a") as f:
                        f.write(json.dumps(line) + "\\n")
                    self.send_response(status)
                    self.end_headers()
                def log_message(self, *args):
                    pass
            if silent:
                s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64); port = s.getsockname()[1]
            else:
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler); port = server.server_address[1]
            open(folder + "/port.tmp", "w").write(str(port)); os.rename(folder + "/port.tmp", folder + "/port")
            if silent:
                held = []
                while True:
                    held.append(s.accept())
            server.serve_forever()
            """
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        self.process.arguments = ["python3", "-c", script, self.folder, String(status), silent ? "1" : "0"]
        self.process.standardOutput = FileHandle.nullDevice
        try self.process.run()
        let portFile = self.folder + "/port"
        guard eventually(10, { FileManager.default.fileExists(atPath: portFile) }),
            let port = Int(try String(contentsOfFile: portFile, encoding: .utf8))
        else { throw CocoaError(.fileNoSuchFile) }
        self.port = port
    }

    /// SIGKILL: a child of the test runner may inherit SIGTERM ignored.
    deinit {
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    var url: String { "http://127.0.0.1:\(self.port)/hooks" }

    var received: [Delivery] {
        let text = (try? String(contentsOfFile: self.folder + "/deliveries.ndjson", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                let body = object["body"].flatMap({ Data(base64Encoded: $0) })
            else { return nil }
            return Delivery(
                path: object["path"] ?? "", timestamp: object["timestamp"] ?? "", signature: object["signature"] ?? "",
                body: body)
        }
    }

    /// Hex HMAC-SHA256 of "{timestamp}.{body}", computed here, not with the product's helper.
    func isValid(_ delivery: Delivery, secret: String) -> Bool {
        var message = Data(delivery.timestamp.utf8)
        message.append(contentsOf: Array(".".utf8))
        message.append(delivery.body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == delivery.signature
    }
}
