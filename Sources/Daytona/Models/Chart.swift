/// A chart a program drew with matplotlib, found by ``SandboxProcess/codeRun(_:params:timeout:)``
/// on the current API (the daemon reads it from the program's output).
///
/// ```swift
/// let run = try await sandbox.process.codeRun(script)
/// for chart in run.charts where chart.type == .line {
///     print(chart.title ?? "untitled", chart.elements.count, "lines")
/// }
/// ```
public struct Chart: Sendable, Hashable, Codable {
    /// The kind of chart.
    public var type: ChartType
    /// The title.
    public var title: String?
    /// The rendered chart as base64-encoded PNG data.
    public var png: String?
    /// The x axis label.
    public var xLabel: String?
    /// The y axis label.
    public var yLabel: String?
    /// The x axis tick positions (numbers, or text for categories).
    public var xTicks: [JSONValue]?
    /// The y axis tick positions.
    public var yTicks: [JSONValue]?
    /// The x axis tick labels.
    public var xTickLabels: [String]?
    /// The y axis tick labels.
    public var yTickLabels: [String]?
    /// The x axis scale, e.g. `linear` or `log`.
    public var xScale: String?
    /// The y axis scale.
    public var yScale: String?
    /// The chart's lines, points, bars, slices or boxes; a composite chart's sub-charts are in
    /// their ``ChartElement/chart``.
    public var elements: [ChartElement]

    /// Creates a chart.
    public init(
        type: ChartType, title: String? = nil, png: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        xTicks: [JSONValue]? = nil, yTicks: [JSONValue]? = nil, xTickLabels: [String]? = nil, yTickLabels: [String]? = nil,
        xScale: String? = nil, yScale: String? = nil, elements: [ChartElement] = []
    ) {
        self.type = type
        self.title = title
        self.png = png
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.xTickLabels = xTickLabels
        self.yTickLabels = yTickLabels
        self.xScale = xScale
        self.yScale = yScale
        self.elements = elements
    }
}

/// One element of a ``Chart``: a line or a set of points (``points``), a bar (``value``,
/// ``group``), a pie slice (``angle``, ``radius``), a box of a box plot (``min`` … ``max``), or a
/// sub-chart of a composite chart (``chart``). Fields that do not apply are `nil`.
public struct ChartElement: Sendable, Hashable, Codable {
    /// The element's label.
    public var label: String?
    /// The points of a line or scatter element, each `[x, y]`.
    public var points: [[JSONValue]]?
    /// The value of a bar or slice.
    public var value: JSONValue?
    /// The group of a bar.
    public var group: String?
    /// The angle of a pie slice, in degrees.
    public var angle: Double?
    /// The radius of a pie slice.
    public var radius: Double?
    /// The minimum of a box.
    public var min: Double?
    /// The first quartile of a box.
    public var firstQuartile: Double?
    /// The median of a box.
    public var median: Double?
    /// The third quartile of a box.
    public var thirdQuartile: Double?
    /// The maximum of a box.
    public var max: Double?
    /// The outliers of a box.
    public var outliers: [Double]?
    /// The sub-chart, for an element of a composite chart.
    public var chart: Chart?

    /// Creates an element.
    public init(
        label: String? = nil, points: [[JSONValue]]? = nil, value: JSONValue? = nil, group: String? = nil, angle: Double? = nil,
        radius: Double? = nil, min: Double? = nil, firstQuartile: Double? = nil, median: Double? = nil, thirdQuartile: Double? = nil,
        max: Double? = nil, outliers: [Double]? = nil, chart: Chart? = nil
    ) {
        self.label = label
        self.points = points
        self.value = value
        self.group = group
        self.angle = angle
        self.radius = radius
        self.min = min
        self.firstQuartile = firstQuartile
        self.median = median
        self.thirdQuartile = thirdQuartile
        self.max = max
        self.outliers = outliers
        self.chart = chart
    }
}

/// The kind of a ``Chart``. Unknown kinds are kept as they are.
public struct ChartType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `line`.
    public var rawValue: String
    /// Creates a kind from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a kind from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// A line chart.
    public static let line: ChartType = "line"
    /// A scatter plot.
    public static let scatter: ChartType = "scatter"
    /// A bar chart.
    public static let bar: ChartType = "bar"
    /// A pie chart.
    public static let pie: ChartType = "pie"
    /// A box-and-whisker plot.
    public static let boxAndWhisker: ChartType = "box_and_whisker"
    /// Several charts in one figure.
    public static let composite: ChartType = "composite_chart"
    /// A chart the daemon could not classify.
    public static let unknown: ChartType = "unknown"
}
