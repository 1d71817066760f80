public import ArgumentParser

/// A closed flag value that may also be `auto` (detect it): `--format auto|csv|…`.
/// The values and the error message come from the value's own cases, so a new
/// input format is one case in `InputFormat`, not a list to keep in step here.
public enum AutoOr<Value>: ExpressibleByArgument, Sendable
where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    case auto
    case value(Value)

    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let value = Value(rawValue: argument) {
            self = .value(value)
        } else {
            return nil
        }
    }

    public static var allValueStrings: [String] { ["auto"] + Value.allCases.map(\.rawValue) }

    /// nil for `auto`.
    public var chosen: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}
