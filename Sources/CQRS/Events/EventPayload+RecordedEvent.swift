import Foundation

extension EventPayload {
    /// Decodes a recorded event's payload, first running the upcaster's steps when the event was written
    /// with an older schema version.
    ///
    /// - Throws: ``EventDecodingError`` naming the event, whatever went wrong.
    public static func decode<T: Decodable>(
        _ type: T.Type,
        from event: RecordedEvent,
        upcaster: Upcaster? = nil
    ) throws -> T {
        do {
            return try decode(T.self, from: event.payload, schemaVersion: event.schemaVersion, upcaster: upcaster)
        } catch let error as EventDecodingError {
            throw error
        } catch let error as PayloadVersionError {
            throw EventDecodingError(event, reason: error.reason)
        } catch {
            throw EventDecodingError(event, reason: describe(error))
        }
    }
}
