/// Results are joined by campaign and phone digits (the API answers phones without `+`).
enum ResultKey {
    static func digits(_ phone: String) -> String {
        phone.hasPrefix("+") ? String(phone.dropFirst()) : phone
    }
}
