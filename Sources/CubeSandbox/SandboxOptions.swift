public import CubeAPI

/// A messaging tier and its daily limit (the vendor's table).
public enum Tier: String, Sendable, Codable, CaseIterable {
    case tier1 = "1", tier2 = "2", tier3 = "3", unlimited

    public var dailyLimit: Int? {
        switch self {
        case .tier1: 1_000
        case .tier2: 10_000
        case .tier3: 100_000
        case .unlimited: nil
        }
    }
}

/// Kinds of injected faults, for reliability tests.
public enum FaultKind: String, Sendable, CaseIterable {
    case serverError = "5xx"
    case drop
    case slow
    case timeoutAfterCreate = "timeout-after-create"
}

/// Everything the command line configures; defaults make a sandbox the demo can use as is.
public struct SandboxOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var apiKeys: [String] = [CubeConfiguration.sandboxKey]
    public var accounts: [String: Tier] = ["sandbox-account": .unlimited]
    public var templates: [Template] = SandboxOptions.defaultTemplates
    /// Recipients processed per second of virtual time, per campaign.
    public var sendRate: Double = 1_000
    public var failureRate: Double = 0.05
    /// Requests per minute per API key; 0 turns the limit off.
    public var rateLimit = 0
    public var webhookURL: String?
    public var webhookSecret: String?
    public var faultRate: Double = 0
    public var faults: Set<FaultKind> = []
    public var statePath: String?
    /// Seconds a campaign stays `pending` before it starts.
    public var startDelay: Double = 1
    /// Answer a create with 202 `preparing` as newer API versions do.
    public var acceptAsync = false
    /// How long `timeout-after-create` and `slow` hold an answer.
    public var faultDelay: Double = 30

    public init() {}

    public static let defaultTemplates: [Template] = [
        Template(
            name: "order_confirmation", language: "ar", paramsCount: 3,
            body: "مرحبا {{1}}، تم تأكيد طلبك {{2}}. استخدم الرمز {{3}}"),
        Template(
            name: "order_confirmation", language: "en_US", paramsCount: 3,
            body: "Hi {{1}}, your order {{2}} is confirmed. Use code {{3}}"),
        Template(
            name: "offer_reminder", language: "ar", paramsCount: 2,
            body: "مرحبا {{1}}، عرضك {{2}} ينتهي قريبا"),
        Template(
            name: "offer_reminder", language: "en_US", paramsCount: 2,
            body: "Hi {{1}}, your offer {{2}} ends soon"),
    ]
}
