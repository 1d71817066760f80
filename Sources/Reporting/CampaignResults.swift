import CampaignCore
import CubeAPI
import Foundation
import RecipientIO
import RunArtifacts

/// Fetches one campaign's results when the join reaches it, appends them to
/// `results.ndjson`, and holds only that campaign's rows: memory stays at one
/// campaign (≤ 50,000 rows) however large the run, one per zone group for `schedule.local_time`.
final class CampaignResults {
    private let fetcher: ResultFetcher
    private let mode: Pipeline.FetchMode
    private let writer: AtomicFileWriter
    /// Told each campaign's rows once fetched, so nothing reads them again (the contact history's outcomes).
    private let observe: ([ResultLine]) -> Void
    private(set) var requests = 0
    private(set) var rows = 0

    init(
        fetcher: ResultFetcher, mode: Pipeline.FetchMode, path: String,
        observe: @escaping ([ResultLine]) -> Void = { _ in }
    ) throws {
        self.fetcher = fetcher
        self.mode = mode
        self.writer = try AtomicFileWriter(path: path)
        self.observe = observe
    }

    /// The campaign's results keyed by phone digits (the API answers phones without `+`). Memory is
    /// the fetched pages and this table while it fills (results.ndjson goes out a page at a time).
    func results(for snapshot: CampaignSnapshot) async throws -> [String: ResultLine] {
        guard snapshot.status != .cancelled else { return [:] }
        let statuses: [RecipientStatus?] =
            self.mode == .full ? [nil] : (snapshot.status == .completed ? [.failed] : [.failed, .pending])
        var byPhone: [String: ResultLine] = [:]
        for status in statuses {
            let fetched: (pages: [[RecipientResult]], requests: Int)
            do {
                fetched = try await self.fetcher.fetch(campaignId: snapshot.campaignId, status: status)
            } catch {
                throw CampaignError.from(error, doing: "fetching results of campaign \(snapshot.campaignId)")
            }
            self.requests += fetched.requests
            let count = fetched.pages.reduce(0) { $0 + $1.count }
            byPhone.reserveCapacity(byPhone.count + count)
            // In the API's order (by phone) for the history: its inserts then go along its index, not all over it.
            var lines: [ResultLine] = []
            lines.reserveCapacity(count)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 16)
            for page in fetched.pages {
                for result in page {
                    let line = ResultLine(
                        campaignId: snapshot.campaignId, part: snapshot.part, phone: result.phone,
                        status: result.status, messageLogId: result.messageLogId,
                        errorMessage: result.errorMessage, sentAt: result.sentAt)
                    byPhone[ResultKey.digits(result.phone)] = line
                    ResultsFile.encode(line, into: &bytes)
                    lines.append(line)
                }
                self.rows += page.count
                try self.writer.write(bytes: bytes)
                bytes.removeAll(keepingCapacity: true)
            }
            self.observe(lines)
        }
        return byPhone
    }

    func commit() throws {
        try self.writer.commit()
    }
}
