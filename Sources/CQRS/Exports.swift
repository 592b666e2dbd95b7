// The payload codec is a module of its own; code that imports CQRS (generated code among it) sees it as
// part of CQRS, including under module-qualified names such as `CQRS.EventPayload`.
@_exported import CQRSPayload
