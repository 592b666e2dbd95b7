import ArgumentParser

/// `shop`: the demo (the default) or the HTTP server.
@main
struct ShopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shop",
        abstract: "The CQRS shop: a demo of its commands and queries, or its HTTP API.",
        subcommands: [Demo.self, Serve.self],
        defaultSubcommand: Demo.self
    )
}
