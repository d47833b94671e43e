package dev.distcounter.discovery;

/** Body of {@code POST /register}, {@code /heartbeat} and {@code /deregister}: {@code {"addr":"host:port"}}. */
record AddressMessage(String addr) {}
