public import Foundation
import RecipientIO

/// JSON artifacts: sorted keys and a trailing newline, so equal content is equal bytes.
public enum ArtifactJSON {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    public static func write(_ value: some Encodable, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        try writer.write(bytes: try Self.encode(value))
        try writer.commit()
    }

    public static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        try Self.decode(type, from: try Self.contents(of: path), path: path)
    }

    /// `read`, refusing a key the type does not have anywhere in the file: for a file whose
    /// every field changes what is sent (`plan.json`), a field written by a newer release and
    /// ignored here would send other campaigns than the ones planned.
    public static func readStrict<T: Codable>(_ type: T.Type, from path: String) throws -> T {
        let data = try Self.contents(of: path)
        let value = try Self.decode(type, from: data, path: path)
        let file = try? JSONSerialization.jsonObject(with: data)
        let known = try? JSONSerialization.jsonObject(with: try JSONEncoder().encode(value))
        if let file, let known, let foreign = Self.foreignKey(in: file, known: known) {
            throw ArtifactError(
                file: path, message: "has a field this release does not know: \(foreign)",
                hint: "it was written by a newer release of cube-campaigns: finish the run with that release")
        }
        return value
    }

    private static func contents(of path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ArtifactError(
                file: path, message: "cannot be read (\(error.localizedDescription))",
                hint: "run again the stage that writes it, or start a new run directory")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ArtifactError(
                file: path, message: "unreadable (\(error))",
                hint: "run again the stage that writes it, or start a new run directory")
        }
    }

    /// The first key path of `file` that the value read from it does not write back (`batches.3.language`);
    /// a key whose value is null is no field.
    static func foreignKey(in file: Any, known: Any, path: String = "") -> String? {
        if let object = file as? [String: Any], let written = known as? [String: Any] {
            for key in object.keys.sorted() {
                guard let value = object[key], !(value is NSNull) else { continue }
                guard let other = written[key] else { return path + key }
                if let found = Self.foreignKey(in: value, known: other, path: path + key + ".") { return found }
            }
        } else if let array = file as? [Any], let written = known as? [Any], array.count == written.count {
            for (index, (value, other)) in zip(array, written).enumerated() {
                if let found = Self.foreignKey(in: value, known: other, path: path + "\(index + 1).") { return found }
            }
        }
        return nil
    }
}
