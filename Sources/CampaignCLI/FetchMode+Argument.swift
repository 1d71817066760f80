public import ArgumentParser
import CampaignCore

extension Pipeline.FetchMode: ExpressibleByArgument {}
