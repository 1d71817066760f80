import CLibPQ
import Foundation

/// The history in a PostgreSQL database (`CUBE_STATE_URL=postgres://…`), for
/// teams whose watchers and nightly jobs run on more than one machine, through
/// the system's libpq: synchronous, like every stage, with text parameters
/// only (`PQexecParams`), so nothing is ever spliced into SQL.
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres
    /// The URL without its password, for messages.
    let name: String
    private let connection: OpaquePointer

    init(url: String) throws {
        self.name = PostgresConnection.redacted(url)
        // A host that does not answer must not hold a stage for minutes.
        let withTimeout = url.contains("connect_timeout") ? url : url + (url.contains("?") ? "&" : "?") + "connect_timeout=10"
        guard let connection = PQconnectdb(withTimeout) else {
            throw HistoryError(store: self.name, message: "libpq could not start a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw HistoryError(store: self.name, message: "cannot connect: \(message)")
        }
        self.connection = connection
        // Our own notices (CREATE … IF NOT EXISTS) are not the operator's business.
        try self.execute("SET client_min_messages = warning", [])
    }

    deinit {
        PQfinish(self.connection)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        let values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        guard let result = PQexecParams(self.connection, sql, Int32(values.count), nil, values, nil, nil, 0) else {
            throw HistoryError(store: self.name, message: "no answer: \(String(cString: PQerrorMessage(self.connection)))")
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw HistoryError(store: self.name, message: "\(sql.prefix(60)) failed: \(message)")
        }
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        return (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// `postgres://user:secret@host/db` → `postgres://user@host/db`.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
        parts.password = nil
        return parts.string ?? "PostgreSQL"
    }
}
