/// Exit codes of DESIGN.md §9 (sysexits.h), the one place they are given numbers: a scheduler
/// retries 69 and 75, pages a person for 64, 65, 77 and 78.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case tryLater = 75
    case notPermitted = 77
    case config = 78
}
