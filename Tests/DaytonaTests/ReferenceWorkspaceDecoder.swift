import Foundation

@testable import Daytona

/// The straightforward workspace decoder that `WorkspaceInfo(reading:)` replaced: a whole JSON
/// tree, then lenient lookups. The tests keep it as the oracle the fast reader must agree with.
enum ReferenceWorkspaceDecoder {
    static func decode(_ json: JSONValue) throws -> WorkspaceInfo {
        guard case .object(let object) = json else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: [], debugDescription: "A workspace must be a JSON object"))
        }
        let id = object.string("id") ?? ""
        let info = object.object("info")
        let metadataText = info?.string("providerMetadata")
        let metadata = parseMetadata(metadataText)

        // Resources: the metadata's `resources` object, else its top level, else the workspace's.
        let fields = [metadata.object("resources"), metadata].compactMap { $0 }.first {
            $0.double("cpu") != nil || $0.double("gpu") != nil || $0.double("memory") != nil || $0.double("disk") != nil
        }
        let resources = WorkspaceInfo.Resources(
            cpu: fields?.double("cpu") ?? object.double("cpu") ?? 1,
            gpu: (fields?.double("gpu") ?? object.double("gpu")).flatMap { $0 == 0 ? nil : $0 },
            memory: fields?.double("memory") ?? object.double("memory") ?? 2,
            disk: fields?.double("disk") ?? object.double("disk") ?? 10
        )
        let state = metadata.string("state").flatMap { $0.isEmpty ? nil : $0 } ?? object.string("state")
        return WorkspaceInfo(
            id: id,
            name: object.string("name") ?? info?.string("name") ?? id,
            image: object.string("image"),
            user: object.string("user"),
            env: object.stringMap("env"),
            labels: object.stringMap("labels"),
            isPublic: object.bool("public") ?? false,
            target: TargetRegion(rawValue: object.string("target") ?? ""),
            state: state.map(WorkspaceState.init(rawValue:)) ?? .unknown,
            errorReason: object.string("errorReason"),
            snapshotState: (object.string("snapshotState") ?? metadata.string("snapshotState")).map(SnapshotState.init(rawValue:)),
            snapshotCreatedAt: object.string("snapshotCreatedAt"),
            snapshotStateCreatedAt: metadata.string("snapshotStateCreatedAt"),
            autoStopInterval: metadata.int("autoStopInterval") ?? object.int("autoStopInterval") ?? 0,
            resources: resources,
            created: info?.string("created") ?? "",
            nodeDomain: metadata.string("nodeDomain") ?? "",
            region: metadata.string("region") ?? "",
            className: metadata.string("class") ?? "",
            updatedAt: metadata.string("updatedAt") ?? "",
            lastSnapshot: metadata.string("lastSnapshot"),
            providerMetadata: metadataText
        )
    }

    static func parseMetadata(_ text: String?) -> [String: JSONValue] {
        guard let text, !text.isEmpty, case .object(let object)? = try? JSONParser.parse(text) else { return [:] }
        return object
    }

    static func decode(_ data: Data) throws -> WorkspaceInfo {
        try decode(JSONParser.parse(data))
    }
}

/// Lenient reads of a JSON object's members, with the same rules as the `Decodable` helpers.
extension [String: JSONValue] {
    func string(_ key: String) -> String? {
        if case .string(let text)? = self[key] { return text }
        return nil
    }

    func double(_ key: String) -> Double? {
        switch self[key] {
        case .number(let number)?: return number
        case .string(let text)?: return Double(text)
        default: return nil
        }
    }

    func int(_ key: String) -> Int? {
        guard let number = double(key), number.isFinite, abs(number) < 9.0e18 else { return nil }
        return Int(number.rounded(.towardZero))
    }

    func bool(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let value)?: return value
        case .string(let text)? where text.lowercased() == "true": return true
        case .string(let text)? where text.lowercased() == "false": return false
        default: return nil
        }
    }

    func stringMap(_ key: String) -> [String: String] {
        guard case .object(let object)? = self[key] else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in object {
            switch value {
            case .string(let text): result[name] = text
            case .number(let number): result[name] = NumberText.format(number)
            case .bool(let flag): result[name] = String(flag)
            default: break
            }
        }
        return result
    }

    func object(_ key: String) -> [String: JSONValue]? {
        if case .object(let object)? = self[key] { return object }
        return nil
    }
}
