import ArtifactText
import AsyncHTTPClient
public import CampaignCore
import CubeAPI
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import RunArtifacts

/// Delivers a run's news to the pipeline's receivers (`notify:`): every receiver at once, each with a
/// few tries and backoff, all of it inside `budget` (30 s), so a dead or slow endpoint costs a stage
/// at most that and never its exit code. Each try is recorded in the run's `notifications.ndjson`, and
/// news a receiver already got (`finished`, `paused`) is not sent to it again by a rerun.
public struct Notifier: Sendable {
    public let targets: [NotifyTarget]
    public let logger: Logger
    public var environment: [String: String]
    public var budget: TimeInterval = 30

    public init(
        targets: [NotifyTarget], logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.targets = targets
        self.logger = logger
        self.environment = environment
    }

    /// Sends `news` to every receiver that asked for its event; `run` keeps the record (nil: a file
    /// refused before any run). Never throws: news that cannot go is a warning, not a failure.
    public func send(_ news: RunNews, run: RunDirectory?) async {
        let wanted = self.targets.filter { $0.events.contains(news.event) }
        guard !wanted.isEmpty else { return }
        let earlier = run.flatMap { try? NotificationsFile.read($0) } ?? []
        let deadline = Date().addingTimeInterval(self.budget)
        let lines = await withTaskGroup(of: NotificationLine?.self) { group in
            for target in wanted {
                let key = Self.key(target)
                // Once is enough for what does not change: a rerun of report must not announce `finished` again.
                if news.event != .failed, NotificationsFile.delivered(news.event.wireName, to: key, in: earlier) { continue }
                group.addTask { await self.deliver(news, to: target, key: key, deadline: deadline) }
            }
            var lines: [NotificationLine] = []
            for await line in group { if let line { lines.append(line) } }
            return lines
        }
        guard let run else { return }
        for line in lines {
            do {
                try NotificationsFile.append(line, to: run)
            } catch {
                self.logger.warning("could not record a notification in \(run.file(NotificationsFile.file)): \(error)")
            }
        }
    }

    /// A few tries, 1 s, 2 s, 4 s … apart, until one is answered 2xx or the deadline passes.
    func deliver(_ news: RunNews, to target: NotifyTarget, key: String, deadline: Date) async -> NotificationLine {
        var attempts = 0
        var outcome = "not tried"
        var delivered = false
        do {
            let body = try NewsBody.make(news, format: target.format)
            var delay: TimeInterval = 1
            while Date() < deadline {
                attempts += 1
                outcome = await self.post(body, to: target, until: deadline)
                if outcome.hasPrefix("2") {
                    delivered = true
                    break
                }
                let left = deadline.timeIntervalSinceNow
                guard left > delay else { break }
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                delay *= 2
            }
        } catch {
            outcome = "\(error)"
        }
        if delivered {
            self.logger.info("told \(target.shown) \(news.event.wireName)")
        } else {
            self.logger.warning(
                "could not tell \(target.shown) \(news.event.wireName) (\(attempts) tries, last: \(outcome)); the run goes on as it was"
            )
        }
        return NotificationLine(
            event: news.event.wireName, target: target.shown, targetKey: key, at: Timestamp.utc(news.at),
            delivered: delivered, attempts: attempts, outcome: outcome)
    }

    /// One POST; its status (`200`), or why there is none.
    func post(_ body: Data, to target: NotifyTarget, until deadline: Date) async -> String {
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "cube-campaigns/\(CubeAPIVersion.current)")
        if let name = target.secretEnv, let secret = self.environment[name], !secret.isEmpty {
            let timestamp = Timestamp.utc(Date())
            request.headers.add(name: HeaderName.webhookTimestamp.rawValue, value: timestamp)
            request.headers.add(
                name: HeaderName.webhookSignature.rawValue,
                value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let seconds = max(0.5, min(10, deadline.timeIntervalSinceNow))
        // The client's timeout ends with the answer's head: a receiver that stalls in its body is cut
        // off here, so no try outlasts its share of the budget.
        let prepared = request
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    let response = try await HTTPClient.shared.execute(
                        prepared, timeout: .milliseconds(Int64(seconds * 1000)))
                    _ = try await response.body.collect(upTo: 1 << 16)
                    return String(response.status.code)
                } catch {
                    return "no answer (\(String(describing: error).prefix(120)))"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? "no answer within \(Int(seconds)) s"
        }
    }

    /// The receiver's key in `notifications.ndjson`: a digest of its URL, which is kept nowhere.
    static func key(_ target: NotifyTarget) -> String {
        String(Hashing.sha256Hex(target.url).prefix(16))
    }
}
