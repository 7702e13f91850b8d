/// The defect categories a report may have; duplicates are only merged within one category.
public enum DefectCategory {
    /// Every accepted category, in the order of their clusterer codes.
    public static let all = ["pothole", "crack", "rutting", "drainage", "marking", "sign", "lighting", "other"]

    /// The clusterer's code for `name`, or nil for an unknown category.
    static func code(_ name: String) -> Int32? {
        all.firstIndex(of: name).map { Int32($0) }
    }
}
