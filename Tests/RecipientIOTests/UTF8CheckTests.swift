import Testing
@testable import RecipientIO

@Suite("UTF-8 checked on bytes")
struct UTF8CheckTests {
    @Test("agrees with String(validating:) on 200,000 byte strings near and far from UTF-8")
    func agrees() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        // Lead bytes of every length, the edges of every range, and plain noise.
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        var disagreements: [[UInt8]] = []
        for _ in 0..<200_000 {
            let length = Int(next() % 8)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let pick = next()
                bytes.append(
                    pick % 3 == 0
                        ? UInt8(truncatingIfNeeded: pick >> 8) : interesting[Int((pick >> 8) % UInt64(interesting.count))])
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let answer = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) }
            if answer != expected && disagreements.count < 10 { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    @Test("valid text of every length passes; a split sequence does not")
    func examples() {
        for text in ["", "abc", "é", "محمد", "€", "😀", "a😀bé"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { UTF8Check.isValid($0) })
        }
        let emoji = Array("😀".utf8)
        #expect(!Array(emoji.prefix(3)).withUnsafeBufferPointer { UTF8Check.isValid($0) })
        #expect(![UInt8]([0xED, 0xA0, 0x80]).withUnsafeBufferPointer { UTF8Check.isValid($0) })  // a surrogate
        #expect(![UInt8]([0xC0, 0xAF]).withUnsafeBufferPointer { UTF8Check.isValid($0) })  // overlong
    }
}
