package dev.distcounter.node.cli;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the original's value syntaxes; their messages reach the user as-is. */
final class Converters {
    private Converters() {}

    /** Runs a parser whose IllegalArgumentException message is already a good answer to the user. */
    private static <T> T convert(String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class GoDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Converters.convert(value, GoDuration::parse);
        }
    }

    static final class AddressConverter implements ITypeConverter<NodeAddress> {
        @Override
        public NodeAddress convert(String value) {
            return Converters.convert(value, NodeAddress::parse);
        }
    }

    static final class ByteSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Converters.convert(value, ByteSize::parse);
        }
    }
}
