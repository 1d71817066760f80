import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the channel, which the
/// `drop` fault closes to cut a connection without an answer.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// 50,000 recipients with names and variables fit well within this.
    var maxUploadSize: Int { 64 << 20 }
}
