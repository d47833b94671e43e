package dev.distcounter.discovery;

import dev.distcounter.common.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a flag in Go's duration syntax ({@code 5s}, {@code 500ms}, {@code 1m30s}); only positive intervals make sense here. */
public final class GoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            // picocli prefixes "Invalid value for option '--x': " and prints usage after it.
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("duration \"" + value + "\" must be greater than 0");
        }
        return d;
    }
}
