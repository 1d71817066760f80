/// A growable run of plain values in memory its owner frees (`deallocate()`, once).
/// For per-event state on the XML parsing thread, where an `Array`'s uniqueness
/// check and reference counting on every append and access showed in profiles.
struct RawBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        self.base = .allocate(capacity: self.capacity)
    }

    subscript(index: Int) -> Element {
        get { self.base[index] }
        nonmutating set { self.base[index] = newValue }
    }

    var elements: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: self.base, count: self.count)
    }

    mutating func append(_ element: Element) {
        if self.count == self.capacity { self.grow(to: self.count + 1) }
        (self.base + self.count).initialize(to: element)
        self.count += 1
    }

    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let start = elements.baseAddress else { return }
        if self.count + elements.count > self.capacity { self.grow(to: self.count + elements.count) }
        (self.base + self.count).initialize(from: start, count: elements.count)
        self.count += elements.count
    }

    /// Keeps the first `count` elements.
    mutating func truncate(to count: Int) {
        self.count = min(count, self.count)
    }

    func deallocate() {
        self.base.deallocate()
    }

    private mutating func grow(to needed: Int) {
        var capacity = self.capacity * 2
        while capacity < needed { capacity *= 2 }
        let base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        base.moveInitialize(from: self.base, count: self.count)
        self.base.deallocate()
        self.base = base
        self.capacity = capacity
    }
}
