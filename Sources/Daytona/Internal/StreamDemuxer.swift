/// Splits a session log into standard output and standard error by the daemon's stream markers
/// (WIRE-current §1.7): each line of stdout starts with the bytes `01 01 01`, each line of
/// stderr with `02 02 02`. Bytes after a marker belong to its stream until the next marker;
/// bytes before the first marker count as stdout.
///
/// The log arrives in pieces, and a marker may be cut between two of them: up to two trailing
/// bytes that could start a marker are held back until the next piece (or ``flush()``).
/// Multi-byte characters cut between pieces are held back per stream, so the text of each
/// stream, and of both together, is always whole characters.
struct StreamDemuxer {
    /// Which stream a piece of text belongs to.
    enum Stream: Sendable, Hashable {
        case stdout
        case stderr
    }

    private var current: Stream = .stdout
    /// Bytes at the end of the last piece that may be the start of a marker.
    private var held: [UInt8] = []
    private var stdoutText = UTF8ChunkDecoder()
    private var stderrText = UTF8ChunkDecoder()

    /// The text of `bytes` (after anything held back), without markers, in order, each part
    /// labelled with its stream. Adjacent parts of one stream are merged.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [(Stream, String)] {
        var input = held
        held.removeAll()
        input.append(contentsOf: bytes)
        var parts: [(Stream, [UInt8])] = []
        var run: [UInt8] = []
        func close() {
            guard !run.isEmpty else { return }
            parts.append((current, run))
            run.removeAll()
        }
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte == 0x01 || byte == 0x02 {
                let available = count - index
                var same = 1
                while same < 3, same < available, input[index + same] == byte { same += 1 }
                if same == 3 {
                    close()
                    current = byte == 0x01 ? .stdout : .stderr
                    index += 3
                    continue
                }
                if same == available {
                    // One or two marker bytes at the very end: wait for the next piece.
                    held = Array(input[index...])
                    break
                }
            }
            run.append(byte)
            index += 1
        }
        close()
        return decode(parts)
    }

    /// Whatever is still held back, as text (at the end of the log).
    mutating func flush() -> [(Stream, String)] {
        var result = decode(held.isEmpty ? [] : [(current, held)])
        held.removeAll()
        let out = stdoutText.flush()
        let err = stderrText.flush()
        if !out.isEmpty { result.append((.stdout, out)) }
        if !err.isEmpty { result.append((.stderr, err)) }
        return result
    }

    private mutating func decode(_ parts: [(Stream, [UInt8])]) -> [(Stream, String)] {
        var result: [(Stream, String)] = []
        for (stream, bytes) in parts {
            let text = stream == .stdout ? stdoutText.decode(bytes) : stderrText.decode(bytes)
            guard !text.isEmpty else { continue }
            if let last = result.last, last.0 == stream {
                result[result.count - 1].1 += text
            } else {
                result.append((stream, text))
            }
        }
        return result
    }

    /// A whole log split at once: the text without markers, stdout and stderr.
    static func split(_ log: String) -> (output: String, stdout: String, stderr: String) {
        var demuxer = StreamDemuxer()
        var output = ""
        var stdout = ""
        var stderr = ""
        for (stream, text) in demuxer.feed(log.utf8) + demuxer.flush() {
            output += text
            if stream == .stdout { stdout += text } else { stderr += text }
        }
        return (output, stdout, stderr)
    }

    /// `log` without its stream markers.
    static func stripped(_ log: String) -> String {
        // Most answers carry markers; a log without the marker bytes is returned as it is.
        guard log.utf8.contains(where: { $0 == 0x01 || $0 == 0x02 }) else { return log }
        return split(log).output
    }
}
