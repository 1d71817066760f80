import ArtifactText
import CubeAPI
import Foundation
import HTTPTypes

/// What a valid create asks for, once checked.
struct ValidatedCreate: Sendable {
    var template: Template
    var scheduledAt: Date?
    var digest: String
}

/// Checks a create as the real service does, in the same order, with the same
/// codes and `details` keyed by field path.
struct CreateValidator: Sendable {
    let options: SandboxOptions

    static let maxRecipients = 50_000
    static let maxNameLength = 120

    /// `body` is the request as it arrived: "the same body" for an idempotency key means the same bytes.
    func validate(_ request: CreateCampaignRequest, body: Data, now: Date) throws -> ValidatedCreate {
        var problems: [String: JSONValue] = [:]
        func problem(_ field: String, _ message: String) {
            if case .array(var list) = problems[field] ?? .array([]) {
                list.append(.string(message))
                problems[field] = .array(list)
            }
        }
        if request.whatsappAccountId.isEmpty { problem("whatsapp_account_id", "The whatsapp account id field is required.") }
        if request.messageType != "template" { problem("message_type", "The message type must be template.") }
        if request.templateName.isEmpty { problem("template_name", "The template name field is required.") }
        if request.recipients.isEmpty { problem("recipients", "The recipients field must have at least 1 item.") }
        if request.recipients.count > Self.maxRecipients {
            problem("recipients", "The recipients field must not have more than \(Self.maxRecipients) items.")
        }
        if let name = request.campaignName, name.count > Self.maxNameLength {
            problem("campaign_name", "The campaign name must not be greater than \(Self.maxNameLength) characters.")
        }
        var zone = TimeZone(identifier: "UTC") ?? .current
        if let identifier = request.timezone {
            if let found = TimeZone(identifier: identifier), identifier.contains("/") || identifier == "UTC" {
                zone = found
            } else {
                problem("timezone", "The timezone must be a valid IANA zone.")
            }
        }
        var scheduledAt: Date?
        if let text = request.scheduledAt {
            if let date = Timestamp.parse(text, zone: zone) {
                if date <= now {
                    problem("scheduled_at", "The scheduled at must be a date after now.")
                }
                scheduledAt = date
            } else {
                problem("scheduled_at", "The scheduled at is not a valid ISO 8601 date.")
            }
        }
        if !problems.isEmpty {
            throw SandboxError(
                status: .unprocessableContent, code: ErrorCode.validationError,
                message: "The given data was invalid.", details: .object(problems))
        }
        guard self.options.accounts[request.whatsappAccountId] != nil else {
            throw SandboxError.notFound("WhatsApp account not found.")
        }
        let named = self.options.templates.filter { $0.name == request.templateName }
        guard !named.isEmpty else {
            throw SandboxError.notFound(
                "Template '\(request.templateName)' not found for this account.", code: ErrorCode.templateNotFound)
        }
        let template: Template
        if let language = request.templateLanguage {
            guard let match = named.first(where: { $0.language == language }) else {
                throw SandboxError.validation(
                    "template_language",
                    "Template '\(request.templateName)' has no '\(language)' version (available: \(named.map(\.language).joined(separator: ", "))).",
                    code: ErrorCode.templateLanguageMismatch)
            }
            template = match
        } else {
            template = named[0]
        }
        try self.checkRecipients(request, template: template)
        let digest = Hashing.sha256Hex(body)
        return ValidatedCreate(template: template, scheduledAt: scheduledAt, digest: digest)
    }

    private func checkRecipients(_ request: CreateCampaignRequest, template: Template) throws {
        // Per-recipient variables fill the template unless template_params already do.
        let count = template.paramsCount
        let perRecipient = count > 0 && (request.templateParams?.count ?? 0) != count
        for (index, recipient) in request.recipients.enumerated() {
            if !Self.isPhoneSyntax(recipient.phone) {
                throw SandboxError.validation(
                    "recipients.\(index).phone",
                    "The phone '\(recipient.phone)' is not a valid international number.", code: ErrorCode.invalidPhoneNumber)
            }
            guard perRecipient else { continue }
            let variables = recipient.variables ?? [:]
            let filled = (1...count).filter { !(variables[String($0)] ?? "").isEmpty }.count
            if filled != count {
                throw SandboxError.validation(
                    "recipients.\(index).variables",
                    "Template '\(template.name)' needs \(count) parameters; recipient \(index) has \(filled).",
                    code: ErrorCode.templateParamsMismatch)
            }
        }
    }

    /// `+` optional, then 8 to 15 digits with no leading zero (E.164).
    static func isPhoneSyntax(_ phone: String) -> Bool {
        var digits = phone.utf8[...]
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard (8...15).contains(digits.count), digits.first != UInt8(ascii: "0") else { return false }
        return digits.allSatisfy { (0x30...0x39).contains($0) }
    }
}
