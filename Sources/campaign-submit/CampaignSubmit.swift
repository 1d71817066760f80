import ArgumentParser
import CampaignCLI
import CampaignCore
import CubeAPI
import Foundation
import RunArtifacts

@main
struct CampaignSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-submit",
        abstract: "Create the run's campaigns (batches of up to 50,000), never twice.",
        discussion: """
            Checks the template first (exists, language, variable count), plans batches into RUN/\(RunFile.plan) \
            with a deterministic Idempotency-Key each, and logs every create in RUN/\(RunFile.journal) (intent \
            before the request, outcome after, both fsync'd). Rerunning skips created batches and resends \
            unknown ones only with the same key. When the daily tier limit refuses a batch, what remains \
            today goes now and the rest is scheduled at the send window's start on the next days.

            No campaign starts outside schedule.window (in schedule.timezone): a run at 02:00 creates its \
            campaigns scheduled for the window's next opening. With schedule.local_time: true the \
            recipients are grouped by their number's zone and each group gets its own parts, scheduled \
            in that zone at its window's next opening (the US: the hours that hold in all its zones, \
            14:00-21:00 New York time for 09:00-21:00). --dry-run --at 2027-03-28T03:00:00Z shows \
            what a run at that moment would do (\(RunFile.plan) is written; nothing is sent). A dry run also \
            prints the first three messages as their recipients will read them (the template's text from \
            the API, kept as RUN/\(RunFile.template)) and writes RUN/\(RunFile.preview): the template, the first ten \
            messages, the longest one, and each part with when it goes out in UTC and local time.

            With language: each language's recipients go in parts of their own (per zone group and \
            language with schedule.local_time), each create naming its template_language; the preflight \
            refuses (78) a language with recipients that the API has not approved for the template, before \
            any create, and the dry run shows each language's count and first message.

            --test-to +9665…[,+9665…] (or --test, to the pipeline's test_recipients) sends one campaign \
            named "… · test" to those numbers only, each with the variables of one of the first real \
            recipients, so it reads like the real thing (with language: one per language, to the same numbers). It is kept in RUN/\(RunFile.testSends), never in \
            the report; a rerun sends nothing more; --test-again sends another. No part of the run is sent.

            Every created campaign and its phones go into the contact history (state/history.sqlite \
            beside the folder of runs, CUBE_STATE_DIR, or CUBE_STATE_URL=postgres://…). Before a run's \
            first create, a run whose recipients were mostly (more than half) sent the same template by \
            another run in the last 24 hours is refused (exit 65) naming that run; --allow-resend sends \
            anyway. A rerun of the same run directory is decided by its journal alone.

            Once a run has started submitting, its plan is fixed: a changed pipeline, batch size or \
            \(RunFile.recipients) is refused (exit 65) with what changed; a deleted \(RunFile.plan) is rebuilt and \
            must match the journal. One process at a time works on a run (a second one exits 75). \
            SIGTERM or SIGINT lets the create in flight finish and stops before the next (exit 75).

            The API: CUBE_BASE_URL (default the local sandbox, http://127.0.0.1:8080), CUBE_API_KEY or \
            CUBE_API_KEY_FILE, CUBE_TIMEOUT (seconds).

            Examples:
              campaign-submit --pipeline p.yaml --run runs/x --dry-run
              campaign-submit --pipeline p.yaml --run runs/x --dry-run --at 2027-03-28T03:00:00Z
              campaign-submit --pipeline p.yaml --run runs/x
              campaign-submit --pipeline p.yaml --run runs/x --resolve 2=created:01JX…
              campaign-submit --pipeline p.yaml --run runs/x --cancel
              campaign-submit --pipeline p.yaml --run runs/x --dry-run            # plan, three messages, RUN/\(RunFile.preview)
              campaign-submit --pipeline p.yaml --run runs/x --test-to +966501234567

            Exit codes: 0 all created, 65 nothing to send or the run changed, 69 API unreachable, 75 try \
            later (unknown outcome, rate limited, stopped, another process on the run, disk full), 77 key \
            refused, 78 bad pipeline or template.
            """)

    @OptionGroup var stage: StageOptions
    @Flag(help: "Print the plan and send nothing.") var dryRun = false
    @Option(
        help: ArgumentHelp(
            "With --dry-run: plan as if it ran at this moment (ISO 8601, e.g. 2027-03-28T03:00:00Z).",
            valueName: "TIME"))
    var at: String?
    @Flag(help: "Cancel every still-pending campaign of the run.") var cancel = false
    @Flag(help: "Send although most recipients were sent the same template by another run in the last 24 hours.")
    var allowResend = false
    @Option(help: ArgumentHelp("Settle an unknown outcome: PART=created:<campaign_id> or PART=resend.", valueName: "PART=…"))
    var resolve: [String] = []
    @Option(
        help: ArgumentHelp(
            "Send one test campaign to these numbers only (comma separated), with the variables of the first recipients; no part of the run is sent.",
            valueName: "PHONE[,PHONE…]"))
    var testTo: String?
    @Flag(help: "Send the test campaign to the pipeline's test_recipients.") var test = false
    @Flag(help: "With --test-to or --test: send another test although this run's test was sent.") var testAgain = false

    func validate() throws {
        if self.dryRun && self.cancel { throw ValidationError("--dry-run and --cancel do not go together") }
        if (self.testTo != nil || self.test) && (self.dryRun || self.cancel || !self.resolve.isEmpty) {
            throw ValidationError("a test send goes alone: not with --dry-run, --cancel or --resolve")
        }
        if self.testAgain && self.testTo == nil && !self.test {
            throw ValidationError("--test-again goes with --test-to or --test")
        }
        if let at = self.at {
            guard self.dryRun else { throw ValidationError("--at only goes with --dry-run: a real send happens now") }
            guard Timestamp.parse(at) != nil else {
                throw ValidationError(
                    "--at \(at) is not an ISO 8601 time such as 2027-03-28T03:00:00Z (without Z or an offset, UTC)")
            }
        }
    }

    func run() async throws {
        let logger = self.stage.logger("campaign-submit")
        let stop = StopRequest()
        let trap = SignalTrap(stop: stop)
        defer { withExtendedLifetime(trap) {} }
        try await self.stage.guarding("campaign-submit", logger: logger) {
            let context = try self.stage.context(logger: logger, api: .required, stop: stop)
            let pipeline = context.pipeline
            var submit = try SubmitStage(context)
            submit.allowResend = self.allowResend
            let lock = try submit.lock()
            defer { withExtendedLifetime(lock) {} }
            if self.dryRun {
                print(try await submit.preview(try submit.plan(at: self.at.flatMap { Timestamp.parse($0) })))
                print("dry run: nothing was sent")
                return
            }
            if self.testTo != nil || self.test {
                let numbers =
                    self.testTo.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                    ?? pipeline.testRecipients
                guard !numbers.isEmpty else {
                    throw ValidationError("--test needs test_recipients: in \(pipeline.path), or use --test-to")
                }
                _ = try await submit.testSend(to: numbers, again: self.testAgain)
                return
            }
            if self.cancel {
                let result = try await submit.cancel(plan: try submit.plan())
                print("cancelled \(result.cancelled) campaign(s); \(result.untouched) already started or finished")
                return
            }
            let outcome = try await submit.run(resolving: self.resolve)
            print("\(outcome.created) of \(outcome.parts) campaign(s) created for run \(outcome.runId)")
        }
    }
}
