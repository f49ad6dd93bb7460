package dev.marketfn.bench.e2e;

import picocli.CommandLine.ITypeConverter;

/** A count as people write it: {@code 1000000}, {@code 1_000_000} or {@code 1,000,000}. */
final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return Long.parseLong(value.replace("_", "").replace(",", ""));
    }
}
