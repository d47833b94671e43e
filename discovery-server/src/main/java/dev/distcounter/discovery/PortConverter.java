package dev.distcounter.discovery;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a TCP port to listen on: 1..65535, or 0 for one the system picks. */
public final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("port \"" + value + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port " + port + " is outside 0..65535 (0 picks a free port)");
        }
        return port;
    }
}
