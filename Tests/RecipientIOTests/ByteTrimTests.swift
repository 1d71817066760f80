import Testing
@testable import RecipientIO

@Suite("Trimming on bytes")
struct ByteTrimTests {
    @Test("where the byte range answers, it is what trimmedFast keeps")
    func agreesWithTrimmedFast() {
        let pieces = [
            " ", "\t", "\n", "\r\n", "a", "Z9", "نورة", "é", "\u{00A0}", "\u{3000}", "\u{2003}", "\u{1680}",
            "\u{0085}", "x y", "ع ", "\u{200B}",
        ]
        var generator = SystemRandomNumberGenerator()
        var answered = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }
                .joined()
            let bytes = Array(text.utf8)
            let kept = bytes.withUnsafeBufferPointer { ByteTrim.trimmedRange($0) }
            guard let kept else { continue }
            answered += 1
            #expect(String(decoding: bytes[kept], as: UTF8.self) == text.trimmedFast, "\(Array(text.unicodeScalars))")
        }
        #expect(answered > 1_000)
    }
}
