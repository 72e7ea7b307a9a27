package io.kanban.core.spi;

/** The host's memory as the kernel reports it ({@code MemTotal} and {@code MemAvailable}), in bytes. */
public record HostMemory(long totalBytes, long availableBytes) {
}
