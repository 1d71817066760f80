import CLibXML2
#if canImport(Glibc)
    import Glibc
#endif

/// What the reader of one workbook part does with libxml2's SAX2 events
/// (`SAXDriver`): the sheet, its shared strings, styles, the workbook's list.
protocol SAXHandler: AnyObject {
    func start(_ name: SAXName, _ attributes: SAXAttributes)
    func end(_ name: SAXName)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    /// True once the handler has what it needs: the parse stops at the next event.
    var done: Bool { get }
}

/// An element's local name and namespace, as libxml2 hands them (valid during the event).
struct SAXName {
    let local: UnsafePointer<xmlChar>
    let uri: UnsafePointer<xmlChar>?

    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        SAXName.equals(self.local, name)
    }

    func inNamespace(_ namespace: StaticString) -> Bool {
        self.uri.map { SAXName.equals($0, namespace) } ?? false
    }

    @inline(__always)
    static func equals(_ text: UnsafePointer<xmlChar>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        // strncmp stops at the NUL of a shorter name: never a byte past it.
        return strncmp(
            UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self), count) == 0 && text[count] == 0
    }
}

/// An element's attributes: libxml2's five pointers each (local name, prefix,
/// namespace, value start, value end).
struct SAXAttributes {
    let pointers: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute with this local name (and namespace, when given).
    func value(_ name: StaticString, namespace: StaticString? = nil) -> UnsafeBufferPointer<UInt8>? {
        guard let pointers = self.pointers else { return nil }
        for index in 0..<self.count {
            let base = index * 5
            guard let local = pointers[base], SAXName.equals(local, name) else { continue }
            if let namespace {
                guard let uri = pointers[base + 2], SAXName.equals(uri, namespace) else { continue }
            }
            guard let start = pointers[base + 3], let end = pointers[base + 4] else { return nil }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    func string(_ name: StaticString, namespace: StaticString? = nil) -> String? {
        self.value(name, namespace: namespace).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A non-negative decimal attribute (a row number, a repeat count, an index); one
    /// too long for an `Int` is `Int.max`, so limits refuse it rather than read it as absent.
    func integer(_ name: StaticString, namespace: StaticString? = nil) -> Int? {
        self.value(name, namespace: namespace).flatMap(SAXAttributes.decimal)
    }

    /// `[0-9]+` as an `Int`, `Int.max` when too long for one; nil for anything else.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            value = overflow || overflow2 ? Int.max : sum
        }
        return value
    }
}
