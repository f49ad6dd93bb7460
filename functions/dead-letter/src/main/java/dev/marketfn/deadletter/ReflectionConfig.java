package dev.marketfn.deadletter;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: the detail written with each dead letter is serialized by Jackson through reflection. */
@RegisterForReflection(targets = {DeadLetterDetail.class})
final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
