import Foundation

/// Starts a producing thread under a name `ps`, `top` and the tests can see
/// (at most 15 bytes, the kernel's limit).
func startNamedThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        #if os(Linux)
            // Glibc's pthread_setname_np is not visible to Swift; this is what it writes.
            try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        #endif
        body()
    }
    thread.name = name
    thread.start()
}
