public import CampaignCore
public import ContactHistory
import Reporting
public import RunArtifacts

/// The plain-words notes the inbox leaves beside a file in `failed/`: what
/// happened, what to do, and where to look. Marketing ops read these, not logs.
public enum InboxNote {
    public static func notUTF8(_ shown: String) -> String {
        """
        The name of "\(shown)" is not UTF-8 (each \\xNN above is a byte that is not), so no pipeline's
        pattern can be matched against it safely, and nothing was sent.

        What to do: rename the file with a name in UTF-8 (most tools do this when you save or copy it
        again, or: convmv -f cp1256 -t utf8 --notest FILE) and drop it into inbox/ again.

        """
    }

    public static func unmatched(_ name: String, router: PipelineRouter) -> String {
        """
        No pipeline takes "\(name)", so nothing was sent.

        The pipelines in \(router.folder) take files named like this:
        \(router.patternList)

        What to do: rename the file so it matches one of these patterns and drop it into inbox/ again,
        or add a pattern to the inbox.match list of the pipeline that should send it.

        """
    }

    public static func duplicate(_ name: String, pipeline: String, sha256: String, holder: ContentClaim) -> String {
        let resend = Self.resendName(name)
        return """
            "\(name)" was not sent: the same content was already taken for pipeline \(pipeline) \
            from "\(holder.file)" (run \(holder.run) in \(holder.place), \(holder.at)).
            Sending it again would message the same people twice.

            Content sha256: \(sha256)

            What to do: nothing, if this was dropped twice by mistake.
            If it really must go out again, either drop it again named "\(resend)",
            or run the watcher once with: campaign-inbox … --allow-resend \(sha256)

            """
    }

    public static func failed(
        _ name: String, state: InboxRunState, run: RunDirectory, error: CampaignError,
        created: Int, parts: Int
    ) -> String {
        var text = """
            "\(name)" did not finish (pipeline \(state.pipeline), step \(state.step.rawValue)).

            What happened: \(error.message)

            """
        if let hint = error.hint { text += "What to do: \(hint)\n" }
        if created > 0 {
            text += """

                \(created) of \(parts) campaign(s) were created before this and stand. Do NOT drop this file again: \
                it would not be sent (same content), and it must not be. To finish this run after fixing the cause:
                  campaign-submit --pipeline \(run.file(.pipelineCopy)) --run \(run.path)
                  campaign-report --pipeline \(run.file(.pipelineCopy)) --run \(run.path)

                """
        } else {
            text += "\nNothing was sent. After fixing the cause you can drop the file into inbox/ again.\n"
        }
        text += "\nRun directory: \(run.path) (\(RunFile.manifest), \(RunFile.rejects) and the other artifacts are there)\n"
        return text
    }

    static func resendName(_ name: String) -> String {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return name + ".resend" }
        return name[..<dot] + ".resend" + name[dot...]
    }
}
