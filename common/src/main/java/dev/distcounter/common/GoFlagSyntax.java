package dev.distcounter.common;

import java.util.Set;

/**
 * Go's flag package accepts {@code -addr=x} as well as {@code --addr=x}. Our command lines use
 * double dashes; this rewrites the single-dash spelling of a known long option so the original's
 * command lines work unchanged. Unknown options are left alone for the parser to report.
 */
public final class GoFlagSyntax {
    private GoFlagSyntax() {}

    /**
     * Rewrites Go's one-dash long options ({@code -addr}) to picocli's two dashes.
     *
     * @param args        the command line as given
     * @param longOptions names of the long options, with their two dashes ({@code --addr})
     */
    public static String[] normalize(String[] args, Set<String> longOptions) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            String arg = out[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                int eq = arg.indexOf('=');
                String name = "-" + (eq < 0 ? arg : arg.substring(0, eq));
                if (longOptions.contains(name)) {
                    out[i] = "-" + arg;
                }
            }
        }
        return out;
    }
}
