package io.zkrpc.core.internal.support;

import java.util.regex.Pattern;

import io.zkrpc.core.registry.ServiceKey;

/**
 * What a service named from outside (a URL path, an operator's input) may look like before zkrpc
 * uses it as a node name or writes it to a log: an interface as a Java binary name
 * ({@code io.example.Orders}, {@code io.example.Outer$Inner}) and a version of letters, digits,
 * {@code .}, {@code _} and {@code -}.
 */
public final class ServiceNames {

    /** Longest interface name accepted; no real one comes near. */
    public static final int MAX_INTERFACE_LENGTH = 512;
    /** Longest version accepted. */
    public static final int MAX_VERSION_LENGTH = 64;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]*");
    private static final int SHOWN_LENGTH = 128;

    private ServiceNames() {
    }

    /**
     * Checks {@code service}'s interface and version.
     *
     * @throws IllegalArgumentException naming which is unusable, the name {@linkplain #shown shown} safely
     */
    public static void check(ServiceKey service) {
        check(service.interfaceName(), service.version());
    }

    /**
     * Checks an interface name and a version (empty for none).
     *
     * @throws IllegalArgumentException naming which is unusable, the name {@linkplain #shown shown} safely
     */
    public static void check(String interfaceName, String version) {
        if (!isBinaryName(interfaceName)) {
            throw new IllegalArgumentException("'" + shown(interfaceName) + "' is not a Java interface name (a binary name such as"
                    + " io.example.OrderService, at most " + MAX_INTERFACE_LENGTH + " characters)");
        }
        if (version.length() > MAX_VERSION_LENGTH || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version '" + shown(version) + "' is not at most " + MAX_VERSION_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
    }

    /** Whether {@code name} is a Java binary name: identifiers joined by dots, nested classes by {@code $}. */
    static boolean isBinaryName(String name) {
        if (name.isEmpty() || name.length() > MAX_INTERFACE_LENGTH) {
            return false;
        }
        boolean start = true;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '.') {
                if (start) {
                    return false;
                }
                start = true;
            } else if (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c)) {
                // isJavaIdentifierPart admits ignorable control characters: never in a name here.
                if (Character.isIdentifierIgnorable(c)) {
                    return false;
                }
                start = false;
            } else {
                return false;
            }
            i += Character.charCount(c);
        }
        return !start;
    }

    /** At most 128 characters of {@code text}, control and format characters replaced by {@code ?}: safe in a log line or a reply. */
    public static String shown(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Zl}\\p{Zp}]", "?");
        return clean.length() <= SHOWN_LENGTH ? clean : clean.substring(0, SHOWN_LENGTH) + "\u2026";
    }
}
