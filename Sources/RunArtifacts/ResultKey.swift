/// Results are joined by campaign and phone digits (the API answers phones without `+`).
public enum ResultKey {
    public static func digits(_ phone: String) -> String {
        phone.hasPrefix("+") ? String(phone.dropFirst()) : phone
    }

    /// The API's phone in the form recipients, the history and validate keep: E.164 with its `+`.
    public static func e164(_ phone: String) -> String {
        phone.hasPrefix("+") ? phone : "+" + phone
    }
}
