import Foundation

/// What the parts of one workbook may inflate to, together and each, so a ZIP
/// bomb is refused from its directory before anything is inflated, and a part
/// that lies about its size is stopped where it passes the size it declared.
/// The same limits as for gzip (`--max-gunzip-bytes`); the ratio is tighter,
/// because a real sheet's XML deflates 5–30×, never the 1,000× of a run of one
/// byte (docs/architecture.md, "Workbooks").
/// Parts inflate on more than one thread (a sheet read ahead, its shared strings), so the total is locked.
final class InflateBudget: @unchecked Sendable {
    /// No part is judged by its ratio below this size: small parts may compress very well.
    static let ratioFloor: Int64 = 16 << 20
    static let maxPartRatio: Int64 = 200

    let file: String
    let limits: GzipSource.Limits
    private let lock = NSLock()
    private var inflated: Int64 = 0

    init(file: String, limits: GzipSource.Limits) {
        self.file = file
        self.limits = limits
    }

    /// Checks a part's declared sizes before it is read.
    func admit(_ entry: ZipEntry) throws {
        if entry.uncompressedSize > self.limits.maxOutputBytes || entry.uncompressedSize < 0 {
            throw self.bomb(
                "its part \(entry.name) would inflate to \(entry.uncompressedSize) bytes, past \(self.limits.maxOutputBytes)",
                hint: "if the workbook really is that large, raise --max-gunzip-bytes")
        }
        if entry.uncompressedSize > Self.ratioFloor && entry.uncompressedSize / Self.maxPartRatio > max(entry.compressedSize, 1) {
            throw self.bomb(
                "its part \(entry.name) would inflate \(entry.uncompressedSize / max(entry.compressedSize, 1))× "
                    + "(\(entry.compressedSize) bytes to \(entry.uncompressedSize)), more than a sheet ever does",
                hint: "this is what a zip bomb looks like; ask for the export again, or as .csv")
        }
    }

    /// Counts bytes a part produced; `total` is the part's own count so far.
    func spend(_ count: Int, of entry: ZipEntry, total: Int64) throws {
        let inflated = self.lock.withLock {
            self.inflated += Int64(count)
            return self.inflated
        }
        if total > entry.uncompressedSize {
            throw self.bomb(
                "its part \(entry.name) inflates past the \(entry.uncompressedSize) bytes it declares",
                hint: "the file is damaged or built to exhaust memory; ask for the export again")
        }
        if inflated > self.limits.maxOutputBytes {
            throw self.bomb(
                "its parts inflate past \(self.limits.maxOutputBytes) bytes together",
                hint: "if the workbook really is that large, raise --max-gunzip-bytes")
        }
    }

    private func bomb(_ what: String, hint: String) -> InputError {
        InputError(file: self.file, message: "the workbook is refused: \(what) (zip bomb guard)", hint: hint)
    }
}
