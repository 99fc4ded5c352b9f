// ThrownMessage.swift: what an error says, for tests that check a message word for
// word (a message that names the argument, the row or the file is part of the API).

/// The description of the error `body` throws, or nil when it throws none.
public func thrownMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}
