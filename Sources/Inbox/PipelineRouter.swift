public import CampaignCore
import Foundation
import Reporting
import Sysexits

/// Which pipeline takes a dropped file: the first, in file-name order, whose
/// `inbox.match` patterns match the file's name (shell globs, case-sensitive).
public struct PipelineRouter: Sendable {
    public struct Route: Sendable {
        public var pipeline: Pipeline
        public var patterns: [String]
    }

    public let folder: String
    public private(set) var routes: [Route] = []

    public init(folder: String) {
        self.folder = folder
    }

    /// Reads every `*.yaml`/`*.yml` in the folder. A broken file fails the whole
    /// load: routing around it could send its files to the wrong pipeline.
    public mutating func load() throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: self.folder)
        } catch {
            throw CampaignError(.config, "\(self.folder): cannot list the pipelines folder (\(error.localizedDescription))")
        }
        var routes: [Route] = []
        for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasPrefix(".") {
            let pipeline = try PipelineLoader().load(path: self.folder + "/" + name)
            routes.append(Route(pipeline: pipeline, patterns: pipeline.inboxMatch))
        }
        guard routes.contains(where: { !$0.patterns.isEmpty }) else {
            throw CampaignError(
                .config, "no pipeline in \(self.folder) has inbox.match patterns",
                hint: "add e.g. inbox: {match: [\"offers-*.csv\"]} to the pipeline that should take dropped files")
        }
        self.routes = routes
    }

    public func route(_ name: String) -> Route? {
        self.routes.first { route in route.patterns.contains { Self.matches($0, name) } }
    }

    /// The patterns there are, for the note beside a file nobody takes.
    public var patternList: String {
        self.routes.filter { !$0.patterns.isEmpty }.map { route in
            "  \(route.pipeline.name) (\(route.pipeline.path)): \(route.patterns.joined(separator: ", "))"
        }.joined(separator: "\n")
    }

    public static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
