public import CampaignCore
import Dispatch
public import Foundation
import Sysexits

/// Turns SIGTERM and SIGINT into a stop request instead of a sudden death, so
/// a long-running command can finish its current step and leave its files
/// consistent. The dispatch sources must live as long as the trap.
public final class SignalTrap: Sendable {
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    public init(_ signals: [Int32] = [SIGTERM, SIGINT], stop: StopRequest) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = number == SIGTERM ? "SIGTERM" : number == SIGINT ? "SIGINT" : "signal \(number)"
            source.setEventHandler {
                if stop.isRequested {
                    FileHandle.standardError.write(Data("second \(name): stopping now\n".utf8))
                    exit(ExitStatus.tryLater.rawValue)
                }
                stop.request(name)
                FileHandle.standardError.write(Data("\(name): stopping after the current step (again to stop at once)\n".utf8))
            }
            source.resume()
            self.sources.append(source)
        }
    }
}
