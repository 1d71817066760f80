/// A pull-based stream of bytes: files, stdin, gunzipped and transcoded data all
/// look alike to the readers, so memory stays bounded whatever the input size.
public protocol ByteSource: AnyObject {
    /// Fills the front of `buffer` and returns how many bytes were written; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads until `count` bytes or the end, for sniffing the start of an input.
    public func readUpTo(_ count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try result.withUnsafeMutableBytes { raw in
                try self.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        result.removeSubrange(filled...)
        return result
    }
}
