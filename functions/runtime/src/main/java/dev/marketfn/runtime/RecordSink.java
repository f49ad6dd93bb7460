package dev.marketfn.runtime;

import dev.marketfn.codec.Decoded;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A function that stores every record of its input topic whatever it holds (the dead-letter sink): the Kafka door hands
 * it each record with what the codec read from it -- a CloudEvent of any type, or a record that is no CloudEvent at
 * all -- instead of routing by type. The store must be idempotent per record (a redelivery after a failed commit
 * stores nothing new); a failure is retried by the door like a handler's, and waits out a database outage
 * ({@link StoreOutage}). Nothing is replied.
 */
public interface RecordSink {
    Uni<Void> store(ConsumerRecord<String, byte[]> record, Decoded decoded);
}
