// `HTTPResponse.Status`, which an `HTTPProblemConvertible` error names, without importing HTTPTypes.
@_exported import struct HTTPTypes.HTTPResponse
