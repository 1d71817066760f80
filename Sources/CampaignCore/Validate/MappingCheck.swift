import RecipientIO
import RunArtifacts
import Sysexits

/// Checks the pipeline's mapping against each input's columns (as ingest
/// listed them in `run.json`) before any record is validated: a mapped column
/// that two columns match the same loose way is a configuration error naming
/// both; one no record has is an error listing the file's columns and the
/// closest one, rather than every record rejected for the same missing field.
enum MappingCheck {
    static func check(_ mapping: Pipeline.MappingSpec, inputs: [RunManifest.InputEntry], pipelinePath: String) throws {
        var mapped: [(key: String, column: String)] = [("mapping.phone", mapping.phone)]
        if let name = mapping.name { mapped.append(("mapping.name", name)) }
        for variable in mapping.variables {
            if case .field(let column) = variable.source { mapped.append(("mapping.variables.\(variable.key)", column)) }
        }
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
