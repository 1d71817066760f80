import CubeAPI
import Foundation
import Hummingbird

/// `/_sandbox/…`: the virtual clock, the sandbox's own record of every campaign,
/// and a reset, for tests and demos. Not part of the vendor's API.
struct ControlController: Sendable {
    let store: any SandboxStore
    let clock: VirtualClock

    var routes: RouteCollection<SandboxRequestContext> {
        let routes = RouteCollection(context: SandboxRequestContext.self)
        routes.post("clock", use: self.moveClock)
        routes.get("clock") { _, _ in
            try JSONResponse.make(Envelope(data: SandboxClockState(now: Timestamp.utc(self.clock.now()))))
        }
        routes.get("campaigns") { _, _ in
            try JSONResponse.make(Envelope(data: await self.store.summaries(now: self.clock.now())))
        }
        routes.post("reset") { _, _ in
            await self.store.reset()
            return try JSONResponse.make(Envelope(data: CancelResult(success: true)))
        }
        return routes
    }

    @Sendable func moveClock(request: Request, context: SandboxRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 16)
        guard let change = try? JSONDecoder().decode(SandboxClockChange.self, from: Data(body.readableBytesView)) else {
            throw SandboxError.validation("body", "Send {\"advance\": seconds} or {\"now\": \"ISO 8601\"}.")
        }
        if let seconds = change.advance {
            guard seconds >= 0 else { throw SandboxError.validation("advance", "The clock only moves forward.") }
            // A hundred years is past any test; more would overflow the clock's date arithmetic.
            guard seconds.isFinite, seconds <= 100 * 366 * 86_400 else {
                throw SandboxError.validation("advance", "The clock moves at most 100 years at a time.")
            }
            self.clock.advance(by: seconds)
        } else if let text = change.now {
            guard let date = Timestamp.parse(text) else { throw SandboxError.validation("now", "Not an ISO 8601 time.") }
            self.clock.set(to: date)
        } else {
            throw SandboxError.validation("body", "Send {\"advance\": seconds} or {\"now\": \"ISO 8601\"}.")
        }
        return try JSONResponse.make(Envelope(data: SandboxClockState(now: Timestamp.utc(self.clock.now()))))
    }
}
