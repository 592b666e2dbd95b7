import PackagePlugin

@main
struct GenerateCQRSCode: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {}
}
