import ArgumentParser
import CubeSandbox
import Foundation

/// `--faults 5xx,drop,slow,timeout-after-create`: a comma-separated set of `FaultKind`s,
/// checked by the argument parser against the kinds the sandbox has.
struct FaultKinds: ExpressibleByArgument {
    var kinds: Set<FaultKind>

    init?(argument: String) {
        var kinds = Set<FaultKind>()
        for name in argument.split(separator: ",") {
            guard let kind = FaultKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            kinds.insert(kind)
        }
        self.kinds = kinds
    }

    init() {
        self.kinds = []
    }

    static var allValueStrings: [String] { FaultKind.allCases.map(\.rawValue) }
    var defaultValueDescription: String { "none" }
}
