public import CubeAPI
import Foundation
public import Logging
public import RunArtifacts

/// Where a run's template text comes from: `template.json` once a stage kept
/// it, else the API's `GET /api/v1/templates`, kept then. Validate asks
/// without retrying (it must not wait on an API that is down: it says so, and
/// submit's preflight fetches it instead); a run that has started submitting
/// keeps the text it was checked with.
public enum TemplateFetch {
    /// The run's template for validate: nil, with a warning, when the API cannot say.
    public static func forValidate(pipeline: Pipeline, directory: RunDirectory, client: CubeClient?, logger: Logger) async
        -> MessageTemplate?
    {
        if let kept =
            (try? MessageTemplate.kept(
                in: directory, name: pipeline.template.name, language: pipeline.template.language,
                others: Self.otherLanguages(pipeline))) ?? nil
        {
            return kept
        }
        guard let client else {
            logger.warning("the API is not configured here: message lengths are checked by campaign-submit's preflight")
            return nil
        }
        do {
            let templates = try await client.templates(account: pipeline.account, retry: .single)
            guard let template = Self.find(pipeline, in: templates) else {
                logger.warning(
                    "the template \(pipeline.template.name) [\(pipeline.template.language)] has no text the API shows: message lengths are not checked"
                )
                return nil
            }
            if !directory.hasStartedSubmitting { try template.save(directory) }
            return template
        } catch {
            logger.warning(
                "the API did not answer for the template's text (\(CampaignError.from(error, doing: "reading the templates").message)): message lengths are checked by campaign-submit's preflight"
            )
            return nil
        }
    }

    /// The pipeline's template among the API's, as text, with each other language the pipeline names
    /// that the API has a body for (`language:`); nil when the default language is not there or has no body.
    public static func find(_ pipeline: Pipeline, in templates: [Template]) -> MessageTemplate? {
        let named = templates.filter { $0.name == pipeline.template.name }
        guard var found = named.first(where: { $0.language == pipeline.template.language }).flatMap(MessageTemplate.init)
        else { return nil }
        let others = Self.otherLanguages(pipeline).compactMap { code in
            named.first { $0.language == code }.flatMap(MessageTemplate.init)
        }
        if pipeline.language != nil { found.translations = others }
        return found
    }

    /// The languages besides `template.language` a `language:` pipeline can send in.
    static func otherLanguages(_ pipeline: Pipeline) -> [String] {
        (pipeline.language?.codes(default: pipeline.template.language) ?? []).filter { $0 != pipeline.template.language }
    }
}
