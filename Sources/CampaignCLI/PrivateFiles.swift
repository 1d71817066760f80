import Foundation

/// Every file and folder this product writes holds people's phone numbers, so
/// each executable starts with umask 077: the owner's only, whatever the shell's
/// umask (cron's is often 022). The library's own writes ask for 0600/0700 too.
public enum PrivateFiles {
    public static func apply() {
        umask(0o077)
    }
}
