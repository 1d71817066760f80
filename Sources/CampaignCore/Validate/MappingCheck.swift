import RecipientIO
import RunArtifacts
import Sysexits

/// Checks the pipeline's mapping against each input's columns (as ingest
/// listed them in `run.json`) before any record is validated: a mapped column
/// that two columns match the same loose way is a configuration error naming
/// both; one no record has is an error listing the file's columns and the
/// closest one, rather than every record rejected for the same missing field.
enum MappingCheck {
    static func check(_ pipeline: Pipeline, inputs: [RunManifest.InputEntry]) throws {
        try Self.check(Self.columns(of: pipeline), inputs: inputs, pipelinePath: pipeline.path)
    }

    /// Every column the pipeline reads, by the key that names it: the mapping's, the language's and each filter's.
    static func columns(of pipeline: Pipeline) -> [(key: String, column: String)] {
        let mapping = pipeline.mapping
        var mapped: [(key: String, column: String)] = [("mapping.phone", mapping.phone)]
        if let name = mapping.name { mapped.append(("mapping.name", name)) }
        for variable in mapping.variables {
            if case .field(let column) = variable.source { mapped.append(("mapping.variables.\(variable.key)", column)) }
        }
        if let language = pipeline.language { mapped.append(("language.column", language.column)) }
        for (index, rule) in pipeline.filter.enumerated() { mapped.append(("filter[\(index + 1)].column", rule.column)) }
        return mapped
    }

    static func check(_ mapped: [(key: String, column: String)], inputs: [RunManifest.InputEntry], pipelinePath: String) throws {
        for input in inputs {
            guard let columns = input.columns, input.records > input.rejects else { continue }
            for (key, column) in mapped {
                switch ColumnName.find(column, in: columns) {
                case .exact, .loose:
                    continue
                case .ambiguous(let first, let second):
                    throw CampaignError(
                        .config,
                        "\(key) '\(column)' matches two columns of \(input.path) the same way: '\(columns[first])' and '\(columns[second])'",
                        hint: "map the exact name of one of them in \(pipelinePath), or rename the other")
                case .missing:
                    let closest = ColumnName.closest(to: column, in: columns).map { " The closest is '\($0)'." } ?? ""
                    throw CampaignError(
                        .dataError,
                        "\(input.path) has no column '\(column)' (\(key)); its columns are: \(columns.joined(separator: ", ")).\(closest)",
                        hint: "fix \(key) in \(pipelinePath) or export the file with that column")
                }
            }
        }
    }
}
