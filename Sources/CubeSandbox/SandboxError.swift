import CubeAPI
import Foundation
import Hummingbird

/// An error answer in the vendor's envelope. Thrown from handlers and
/// middleware; Hummingbird turns it into the response.
struct SandboxError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: JSONValue?
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(
            ErrorEnvelope(code: self.code, message: self.message, details: self.details),
            status: self.status)
        response.headers.append(contentsOf: self.headers)
        return response
    }

    static func validation(_ field: String, _ message: String, code: String = ErrorCode.validationError) -> SandboxError {
        SandboxError(
            status: .unprocessableContent, code: code, message: message,
            details: .object([field: .array([.string(message)])]))
    }

    static func notFound(_ message: String = "Campaign not found.", code: String = ErrorCode.notFound) -> SandboxError {
        SandboxError(status: .notFound, code: code, message: message)
    }
}

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
