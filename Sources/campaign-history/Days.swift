import ArgumentParser
import ContactHistory

/// A number of whole days as the commands take it: `400d` (or `400`).
struct Days: ExpressibleByArgument, Sendable {
    let count: Int

    init?(argument: String) {
        guard let days = Retention.days(argument) else { return nil }
        self.count = days
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
