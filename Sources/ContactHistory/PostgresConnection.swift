import CLibPQ
import Foundation

/// The history in a PostgreSQL database (`CUBE_STATE_URL=postgres://…`), for
/// teams whose watchers and nightly jobs run on more than one machine, through
/// the system's libpq: synchronous, like every stage, with text parameters
/// only (`PQexecParams`), so nothing is ever spliced into SQL.
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres
    /// A server's files are not this machine's to count, nor to copy.
    var bytesOnDisk: Int? { nil }
    var file: String? { nil }
    func backup(to copy: String) throws {}
    func zeroDeletedContent() throws {}
    func eraseFreedSpace() throws {
        // Dead rows are in no dump, but they stay in the table's pages until vacuumed.
        try self.execute("VACUUM sends, opt_outs", [])
        // The planner's statistics keep sample values of a column: taken again without the erased rows.
        try self.execute("ANALYZE sends, opt_outs", [])
    }
    func copies() -> [String] { [] }
    func removeCopies() throws -> [String] { [] }
    /// The URL without its password, for messages.
    let name: String
    private let connection: OpaquePointer

    init(url: String) throws {
        self.name = PostgresConnection.redacted(url)
        // A host that does not answer must not hold a stage for minutes.
        guard let connection = PQconnectdb(Self.withTimeout(url)) else {
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

    /// The connection string for messages, logs and files: no secret of it, in either of libpq's
    /// forms. `postgres://user:secret@host/db?sslpassword=x` → `postgres://user@host/db?sslpassword=redacted`;
    /// `host=h password='s e' dbname=d` → `host=h password=redacted dbname=d`. A string neither form
    /// reads is named only as "PostgreSQL": a message never carries what it could not check.
    static func redacted(_ connection: String) -> String {
        let text = connection.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard var parts = URLComponents(string: text) else { return "PostgreSQL" }
            parts.password = nil
            parts.queryItems = parts.queryItems?.map { item in
                Self.secretKeys.contains(item.name.lowercased()) ? URLQueryItem(name: item.name, value: "redacted") : item
            }
            return parts.string ?? "PostgreSQL"
        }
        return Self.redactedKeywords(text) ?? "PostgreSQL"
    }

    /// libpq's parameters that hold a secret, or say where one is.
    static let secretKeys: Set<String> = ["password", "passfile", "sslpassword"]

    /// `key=value` pairs (a value bare, or in single quotes with `\'` and `\\` escapes), the secret ones redacted.
    static func redactedKeywords(_ text: String) -> String? {
        var pairs: [String] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: \.isWhitespace)
            guard !rest.isEmpty else { break }
            let key = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !key.isEmpty else { return nil }
            rest = rest.dropFirst(key.count).drop(while: \.isWhitespace)
            guard rest.first == "=" else { return nil }
            rest = rest.dropFirst().drop(while: \.isWhitespace)
            var value = ""
            if rest.first == "'" {
                rest = rest.dropFirst()
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\\", let next = rest.first {
                        value.append(next)
                        rest = rest.dropFirst()
                    } else if character == "'" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { return nil }
                value = "'" + value.replacingOccurrences(of: "'", with: "\\'") + "'"
            } else {
                let bare = rest.prefix(while: { !$0.isWhitespace })
                value = String(bare)
                rest = rest.dropFirst(bare.count)
            }
            pairs.append("\(key)=\(Self.secretKeys.contains(key.lowercased()) ? "redacted" : value)")
        }
        return pairs.joined(separator: " ")
    }

    /// The string as libpq takes it, with a connect timeout unless it names one: a URL gains a query
    /// parameter, a keyword string a pair.
    static func withTimeout(_ connection: String) -> String {
        guard !connection.contains("connect_timeout") else { return connection }
        if connection.hasPrefix("postgres://") || connection.hasPrefix("postgresql://") {
            return connection + (connection.contains("?") ? "&" : "?") + "connect_timeout=10"
        }
        return connection + " connect_timeout=10"
    }
}
