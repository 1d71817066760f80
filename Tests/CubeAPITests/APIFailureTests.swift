import CubeAPI
import Sysexits
import Testing

/// Every answer of the API is one class, decided once: retries, exit codes and submit's journal follow it.
struct APIFailureTests {
    @Test(
        "status and code give one class, its retry and its exit status",
        arguments: [
            (401, ErrorCode.invalidAPIKey, APIFailure.unauthenticated, false, Sysexits.ExitStatus.notPermitted),
            (403, ErrorCode.forbidden, .forbidden, false, .notPermitted),
            (404, ErrorCode.templateNotFound, .notFound, false, .config),
            (422, ErrorCode.validationError, .refused, false, .config),
            (400, "HTTP_400", .refused, false, .config),
            (409, "CONFLICT", .conflict, false, .unavailable),
            (429, ErrorCode.rateLimitExceeded, .rateLimited, true, .tryLater),
            (429, ErrorCode.messagingTierLimitExceeded, .tierLimit, false, .tryLater),
            (503, ErrorCode.serviceDegraded, .serverError, true, .unavailable),
            (500, ErrorCode.internalError, .serverError, true, .unavailable),
            (413, "HTTP_413", .unexpected, false, .unavailable),
            // A server error may have been acted on, whatever its code: never a refusal that lets the request change.
            (503, ErrorCode.rateLimitExceeded, .serverError, true, .unavailable),
            (500, ErrorCode.messagingTierLimitExceeded, .serverError, true, .unavailable),
        ])
    func classes(_ status: Int, _ code: String, _ failure: APIFailure, _ transient: Bool, _ exit: Sysexits.ExitStatus) {
        let error = APIError(status: status, code: code, message: "m")
        #expect(error.failure == failure)
        #expect(error.isTransient == transient)
        #expect(error.exitStatus == exit)
        #expect(error.nextStep != nil)
    }
}
