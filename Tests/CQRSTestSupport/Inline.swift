import CQRS

/// A projection made inline: the same name, table, events and handler as `base`.
package struct Inline<Base: CQRS.ReadModelProjection>: CQRS.ReadModelProjection {
    package let base: Base

    /// `base`, inline.
    package init(_ base: Base) { self.base = base }

    package var name: String { base.name }
    package var schema: CQRS.ReadModelSchema { base.schema }
    package var eventTypes: Set<String> { base.eventTypes }
    package var consistency: CQRS.ProjectionConsistency { .inline }

    package func apply(_ event: CQRS.RecordedEvent, to batch: CQRS.ProjectionBatch) async throws {
        try await base.apply(event, to: batch)
    }
}
