import CLibXML2

/// The field paths of one XML file (`name`, `@attribute`, `parent.child`) by id,
/// found from libxml2's interned name pointers: the parser's dictionary hands
/// the same pointer for the same name, so a lookup is a hash of two integers and
/// each distinct path is made into a `String` once.
struct XMLPathTable {
    /// A known (parent, name) pair; `key` is the parent's id + 1, doubled, plus 1
    /// for an attribute (0 for the record itself: parent -1). `name` 0: empty.
    private struct Entry: BitwiseCopyable {
        var name: UInt
        var key: Int
        var path: Int
    }

    /// More distinct paths than this in one file is not an export but a document
    /// whose record element was guessed wrong (or an attack on memory).
    static let limit = 100_000

    private(set) var paths: [String] = []
    private var ids: [String: Int] = [:]
    /// Open addressing; its size a power of two, at most half full.
    private var table = Self.emptyTable(256)
    private var entries = 0
    private var mask: Int { self.table.count - 1 }

    private static func emptyTable(_ size: Int) -> RawBuffer<Entry> {
        var table = RawBuffer<Entry>(capacity: size)
        for _ in 0..<size { table.append(Entry(name: 0, key: 0, path: 0)) }
        return table
    }

    func deallocate() {
        self.table.deallocate()
    }

    /// The id of the path `name` makes under `parent` (-1: the record), or nil past `limit`.
    mutating func path(parent: Int, name: UnsafePointer<xmlChar>, attribute: Bool) -> Int? {
        let raw = UInt(bitPattern: name)
        let key = (parent + 1) * 2 + (attribute ? 1 : 0)
        var index = Self.hash(raw, key) & self.mask
        while true {
            let entry = self.table[index]
            if entry.name == 0 { break }
            if entry.name == raw && entry.key == key { return entry.path }
            index = (index + 1) & self.mask
        }
        guard let path = self.add(parent: parent, name: name, attribute: attribute) else { return nil }
        self.table[index] = Entry(name: raw, key: key, path: path)
        if (self.entries + 1) * 2 > self.mask + 1 { self.rehash() }
        self.entries += 1
        return path
    }

    /// Distinct paths from distinct names are distinct strings, except where a
    /// name holds a dot; those share the id of the string they spell.
    private mutating func add(parent: Int, name: UnsafePointer<xmlChar>, attribute: Bool) -> Int? {
        let local = String(cString: name)
        let path: String
        switch (parent, attribute) {
        case (-1, false): path = local
        case (-1, true): path = "@" + local
        case (_, false): path = self.paths[parent] + "." + local
        case (_, true): path = self.paths[parent] + ".@" + local
        }
        if let known = self.ids[path] { return known }
        guard self.paths.count < Self.limit else { return nil }
        self.ids[path] = self.paths.count
        self.paths.append(path)
        return self.paths.count - 1
    }

    private mutating func rehash() {
        let old = self.table
        self.table = Self.emptyTable(old.count * 2)
        for entry in old.elements where entry.name != 0 {
            var index = Self.hash(entry.name, entry.key) & self.mask
            while self.table[index].name != 0 { index = (index + 1) & self.mask }
            self.table[index] = entry
        }
        old.deallocate()
    }

    private static func hash(_ name: UInt, _ key: Int) -> Int {
        let mixed = (name ^ UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        return Int(bitPattern: mixed >> 32)
    }
}
