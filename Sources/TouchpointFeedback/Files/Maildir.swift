import Foundation
import TouchpointCore

/// A Maildir (the format Postfix, Exim and Dovecot deliver into): messages arrive in `new/`, and a
/// reader moves them to `cur/` with flags after `:2,`. `S` (seen) marks a message feedback has
/// applied, so nothing is applied twice; a mail client shows it as read.
public struct Maildir: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// One message file.
    public struct Message: Sendable, Equatable {
        /// `new/NAME` or `cur/NAME:2,FLAGS`, relative to the Maildir.
        public let path: String
        /// Whether it carries the `S` flag.
        public let isSeen: Bool
        /// When it was delivered: the seconds a Maildir name starts with, when it does.
        public let deliveredAt: Int?
    }

    /// Messages larger than this are not read (a report is a few kilobytes, with the returned
    /// message a few hundred).
    public static let maxMessageSize = 4 << 20

    /// Every message in `new/` and `cur/`, by path.
    public func messages() throws(EnvironmentError) -> [Message] {
        var messages: [Message] = []
        var sawFolder = false
        for sub in ["new", "cur"] {
            let path = folder + "/" + sub
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            sawFolder = true
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw EnvironmentError("cannot read '\(path)': \(error.localizedDescription)")
            }
            for name in names where !name.hasPrefix(".") {
                let flags = name.range(of: ":2,").map { name[$0.upperBound...] } ?? ""
                let seconds = name.prefix { $0.isNumber }
                messages.append(
                    Message(path: sub + "/" + name, isSeen: sub == "cur" && flags.contains("S"), deliveredAt: Int(seconds)))
            }
        }
        guard sawFolder else {
            throw EnvironmentError("'\(folder)' is not a Maildir: it has neither 'new/' nor 'cur/'")
        }
        return messages.sorted { $0.path < $1.path }
    }

    /// The bytes of `message`, or `nil` when it is larger than ``maxMessageSize``.
    public func bytes(of message: Message) throws(EnvironmentError) -> [UInt8]? {
        let path = folder + "/" + message.path
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > Self.maxMessageSize { return nil }
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw EnvironmentError("cannot read '\(path)': \(error.localizedDescription)")
        }
    }

    /// Marks `message` seen: from `new/` into `cur/` with `:2,S`, or `S` added to its flags.
    public func markSeen(_ message: Message) throws(EnvironmentError) {
        guard !message.isSeen else { return }
        let name = String(message.path.drop { $0 != "/" }.dropFirst())
        var base = name
        var flags = ""
        if let info = name.range(of: ":2,") {
            base = String(name[..<info.lowerBound])
            flags = String(name[info.upperBound...])
        } else if let colon = name.firstIndex(of: ":") {
            base = String(name[..<colon])
        }
        let newFlags = String((flags + "S").sorted())
        let source = folder + "/" + message.path
        let target = folder + "/cur/" + base + ":2," + newFlags
        if !FileManager.default.fileExists(atPath: folder + "/cur") {
            do {
                try FileManager.default.createDirectory(atPath: folder + "/cur", withIntermediateDirectories: true)
            } catch {
                throw EnvironmentError("cannot make '\(folder)/cur': \(error.localizedDescription)")
            }
        }
        guard rename(source, target) == 0 else {
            throw EnvironmentError("cannot mark '\(source)' as read: \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the renames of `markSeen` durable.
    public func sync() {
        AtomicFile.syncFolder(of: folder + "/cur/x")
        AtomicFile.syncFolder(of: folder + "/new/x")
    }
}
