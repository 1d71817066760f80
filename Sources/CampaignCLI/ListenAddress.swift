public import ArgumentParser

/// `HOST:PORT` for a flag that makes a command listen (`--listen`, `--metrics`); port 0 lets the
/// system choose, and the command logs the one it got.
public struct ListenAddress: ExpressibleByArgument, Sendable, Equatable {
    public var host: String
    public var port: Int

    public init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
            (0...65535).contains(port), colon != argument.startIndex
        else { return nil }
        self.host = String(argument[..<colon])
        self.port = port
    }

    public var defaultValueDescription: String { "\(self.host):\(self.port)" }
}
