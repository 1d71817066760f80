import Foundation

/// The shape of a pipeline file, used to refuse unknown or misspelt keys with
/// the line they stand on, before anything is interpreted.
indirect enum PipelineShape: Sendable {
    case scalar
    case list(PipelineShape)
    case fields([PipelineKey: PipelineShape])
    /// Free keys (template variables), each of the given shape.
    case dictionary(PipelineShape)
    /// A scalar, or a mapping of the given shape (`{value: CUBE20}`).
    case scalarOr(PipelineShape)

    static let pipeline: PipelineShape = .fields([
        .name: .scalar,
        .account: .scalar,
        .template: .fields([.name: .scalar, .language: .scalar, .params: .list(.scalar)]),
        .input: .fields([
            .format: .scalar, .encoding: .scalar, .delimiter: .scalar, .header: .scalar, .record: .scalar, .sheet: .scalar,
        ]),
        .mapping: .fields([
            .phone: .scalar, .name: .scalar,
            .variables: .dictionary(.scalarOr(.fields([.value: .scalar, .field: .scalar]))),
        ]),
        .phone: .fields([.region: .scalar, .accept: .scalar]),
        .dedupe: .scalar,
        .suppression: .list(.scalar),
        .suppressionAuto: .scalar,
        .rejectLimit: .scalar,
        .frequencyCap: .fields([.sameTemplate: .scalar, .anyTemplate: .scalar]),
        .maxFailureRate: .scalar,
        .testRecipients: .list(.scalar),
        .batchSize: .scalar,
        .schedule: .fields([.at: .scalar, .timezone: .scalar, .window: .scalar, .localTime: .scalar]),
        .inbox: .fields([.match: .list(.scalar)]),
        .report: .fields([.fetch: .scalar]),
        .api: .fields([.idempotencyKeys: .scalar]),
        .language: .fields([.column: .scalar, .map: .dictionary(.scalar), .fallback: .scalar]),
        .notify: .list(.fields([.url: .scalar, .format: .scalar, .on: .list(.scalar), .secretEnv: .scalar])),
        .pace: .fields([.canary: .scalar, .canaryWait: .scalar, .perHour: .scalar]),
        .filter: .list(.fields([.column: .scalar, .isIn: .list(.scalar), .notIn: .list(.scalar)])),
    ])
}

/// Names that suggest a secret: these never belong in a pipeline file.
enum SecretKeys {
    static func looksSecret(_ key: String) -> Bool {
        let k = key.lowercased().replacingOccurrences(of: "-", with: "_")
        // `secret_env: NAME` names the variable that holds a secret, which is how a pipeline should say it.
        if k.hasSuffix("_env") { return false }
        return k.contains("api_key") || k.contains("apikey") || k == "key" || k.contains("token")
            || k.contains("secret") || k.contains("password") || k == "authorization"
    }
}

/// The closest known key, for "did you mean …?".
enum Suggestion {
    /// Ties go to a candidate that starts like the word, then to the shorter edit in length, then by name.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.compactMap { candidate -> (Int, Int, Int, String)? in
            let distance = Self.distance(lowered, candidate)
            guard distance <= max(2, candidate.count / 3) else { return nil }
            let sameStart = lowered.first == candidate.first ? 0 : 1
            return (distance, sameStart, abs(candidate.count - lowered.count), candidate)
        }
        return scored.min { $0 < $1 }?.3
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
