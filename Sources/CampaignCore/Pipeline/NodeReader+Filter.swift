internal import Yams

extension NodeReader {
    /// `filter: [{column: City, in: [Riyadh]}, {column: Consent, not_in: [no]}]`: each rule one column and one test.
    func filterRules(_ node: Node?) throws -> [FilterRule] {
        guard let node else { return [] }
        let items = node.sequence.map(Array.init) ?? [node]
        return try items.enumerated().map { index, item in
            let at = "filter[\(index + 1)]"
            guard let fields = item.mapping else {
                throw self.fail(item, "\(at) must be a mapping", hint: "filter: [{column: City, in: [Riyadh, Jeddah]}]")
            }
            let column = try self.required(fields, .column, at: "\(at).column", in: item)
            let tests = [(FilterRule.Test.in, fields[.isIn]), (.notIn, fields[.notIn])].compactMap { test, node in
                node.map { (test, $0) }
            }
            guard tests.count == 1, let (test, valuesNode) = tests.first else {
                throw self.fail(item, "\(at) must have exactly one of 'in' and 'not_in'")
            }
            let values = try self.strings(valuesNode)
            guard !values.isEmpty else { throw self.fail(valuesNode, "\(at).\(test.rawValue) lists no value") }
            return FilterRule(column: column, test: test, values: values)
        }
    }
}
