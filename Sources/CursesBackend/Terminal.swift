import CNCursesW

/// The ncurses backend. Until the screens land it only reports the library it links, which
/// proves the wide-character build is wired.
public enum Terminal {
    /// ncurses' own version string, e.g. "ncurses 6.4.20221231".
    public static var libraryVersion: String {
        guard let version = curses_version() else { return "unknown" }
        return String(cString: version)
    }
}
