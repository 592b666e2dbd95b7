import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// The generated code compiled by the Swift compiler against the runtime (`CQRS`), with warnings
/// as errors, under the Swift 6 language mode: not only compared as text.
@Suite("Generated code compiles")
struct CompileTests {
    @Test("Generated code for every sample spec compiles without warnings", arguments: sampleSpecPaths())
    func sampleSpecCompiles(specPath: String) throws {
        let spec = try loadValidSpec(specPath)
        let result = try typecheck(try CodeGenerator(access: .public, http: true).generate(spec))
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("warning:"), "\(result.output)")
    }

    @Test("Internal access compiles too")
    func internalAccessCompiles() throws {
        let spec = try loadValidSpec(sampleSpecs.appendingPathComponent("subscriptions.cqrs.yaml").path)
        let result = try typecheck(try CodeGenerator(access: .internal, http: true).generate(spec))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("A decide step that returns an event its command does not emit does not compile")
    func undeclaredEventDoesNotCompile() throws {
        let spec = try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path)
        let rules = """
            import CQRS
            import Foundation

            struct Rules: Shop.Order.Handler {
                func decide(_ command: Shop.PlaceOrder, state: Shop.Order.State) throws -> [Shop.PlaceOrder.Emits] {
                    [.orderPaid(Shop.OrderPaid(amountUSD: 1))]
                }
                func decide(_ command: Shop.PayOrder, state: Shop.Order.State) throws -> [Shop.PayOrder.Emits] { [] }
                func decide(_ command: Shop.CancelOrder, state: Shop.Order.State) throws -> [Shop.CancelOrder.Emits] { [] }
                func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event) {}
            }
            """
        let files = try CodeGenerator().generate(spec) + [GeneratedFile(name: "Rules.swift", contents: rules)]
        let result = try typecheck(files)
        #expect(result.status != 0)
        #expect(result.output.contains("Rules.swift"), "\(result.output)")
        #expect(result.output.contains("orderPaid"), "\(result.output)")
    }

    @Test("The same rules returning a declared event compile")
    func declaredEventCompiles() throws {
        let spec = try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path)
        let rules = """
            import CQRS
            import Foundation

            struct Rules: Shop.Order.Handler {
                func decide(_ command: Shop.PlaceOrder, state: Shop.Order.State) throws -> [Shop.PlaceOrder.Emits] {
                    [.orderPlaced(Shop.OrderPlaced(userId: command.userId, items: command.items, totalUSD: command.totalUSD, placedAt: Date()))]
                }
                func decide(_ command: Shop.PayOrder, state: Shop.Order.State) throws -> [Shop.PayOrder.Emits] { [] }
                func decide(_ command: Shop.CancelOrder, state: Shop.Order.State) throws -> [Shop.CancelOrder.Emits] { [] }
                func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event) {}
            }
            """
        let files = try CodeGenerator().generate(spec) + [GeneratedFile(name: "Rules.swift", contents: rules)]
        let result = try typecheck(files)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("A projection handler missing a custom entry's method does not compile")
    func missingCustomMethodDoesNotCompile() throws {
        let spec = try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path)
        let handler = """
            import CQRS

            struct Dashboard: Shop.SalesDashboard.Handler {
                func on(_ event: Shop.OrderPlaced, _ context: CQRS.EventContext<Shop.Order.ID>, rows: CQRS.ProjectionRows<Shop.SalesDashboard>) async throws {}
            }
            """
        let files = try CodeGenerator().generate(spec) + [GeneratedFile(name: "Dashboard.swift", contents: handler)]
        let result = try typecheck(files)
        #expect(result.status != 0)
        #expect(result.output.contains("does not conform to protocol"), "\(result.output)")
        #expect(result.output.contains("OrderCancelled"), "\(result.output)")
    }
}
