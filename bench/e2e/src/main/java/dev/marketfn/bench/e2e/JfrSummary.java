package dev.marketfn.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording (settings=profile) says about where a function spends its CPU: execution samples by the
 * library that owns the nearest non-JDK frame, the hottest methods by self time, the project's own methods by
 * inclusive time, GC, and the most allocated types.
 */
public final class JfrSummary {
    private JfrSummary() {
    }

    static String owner(String cls) {
        if (cls.startsWith("dev.marketfn.")) {
            String[] p = cls.split("\\.");
            return "marketfn " + (p.length > 2 ? p[2] : "");
        }
        String[][] libs = {
                {"com.fasterxml.jackson.", "jackson"}, {"io.vertx.pgclient.", "pg client"},
                {"io.vertx.sqlclient.", "sql client"}, {"io.netty.", "netty"}, {"io.vertx.", "vert.x"},
                {"org.apache.kafka.", "kafka client"}, {"io.smallrye.reactive.messaging.", "smallrye messaging"},
                {"io.smallrye.mutiny.", "mutiny"}, {"io.micrometer.", "micrometer"}, {"io.quarkus.", "quarkus"},
                {"org.jboss.", "jboss"}, {"io.smallrye.", "smallrye"}};
        for (String[] l : libs) {
            if (cls.startsWith(l[0])) {
                return l[1];
            }
        }
        return null;
    }

    static boolean jdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    public static List<String> summarize(Path file, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> owners = new HashMap<>();
        Map<String, Long> ownCode = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> alloc = new HashMap<>();
        long samples = 0;
        long gcs = 0;
        Duration gcTime = Duration.ZERO;
        java.time.Instant first = null;
        java.time.Instant last = null;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String name = e.getEventType().getName();
                if (first == null || e.getStartTime().isBefore(first)) {
                    first = e.getStartTime();
                }
                if (last == null || e.getEndTime().isAfter(last)) {
                    last = e.getEndTime();
                }
                switch (name) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        RecordedStackTrace st = e.getStackTrace();
                        String thread = e.getThread("sampledThread") == null ? "?"
                                : e.getThread("sampledThread").getJavaName();
                        threads.merge(threadGroup(thread), 1L, Long::sum);
                        if (st == null || st.getFrames().isEmpty()) {
                            continue;
                        }
                        List<RecordedFrame> frames = st.getFrames();
                        RecordedFrame f0 = frames.get(0);
                        self.merge(f0.getMethod().getType().getName() + "." + f0.getMethod().getName(), 1L, Long::sum);
                        String owner = "jdk only";
                        for (RecordedFrame f : frames) {
                            String cls = f.getMethod().getType().getName();
                            if (!jdk(cls)) {
                                String o = owner(cls);
                                owner = o == null ? "other " + cls.replaceAll("^((?:[a-z0-9]+\\.){1,2}).*", "$1") : o;
                                break;
                            }
                        }
                        owners.merge(owner, 1L, Long::sum);
                        Set<String> mine = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String cls = f.getMethod().getType().getName();
                            if (cls.startsWith("dev.marketfn.")) {
                                mine.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName());
                            }
                        }
                        mine.forEach(m -> ownCode.merge(m, 1L, Long::sum));
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        gcTime = gcTime.plus(e.getDuration());
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        if (e.getClass("objectClass") != null) {
                            alloc.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
                        }
                    }
                    default -> { }
                }
            }
        }
        List<String> out = new ArrayList<>();
        double span = first == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        out.add(String.format(Locale.ROOT, "recording %.0f s, %,d execution samples (Java threads on CPU, ~20 ms period)",
                span, samples));
        out.add(String.format(Locale.ROOT, "GC: %d collections, %.2f s total", gcs, gcTime.toMillis() / 1000.0));
        out.add("by thread:          " + ranked(threads, samples, 6));
        out.add("by owner of the nearest non-JDK frame:");
        rankedLines(owners, samples, top).forEach(l -> out.add("  " + l));
        out.add("hottest methods (self):");
        rankedLines(self, samples, top).forEach(l -> out.add("  " + l));
        out.add("marketfn methods (inclusive):");
        rankedLines(ownCode, samples, top).forEach(l -> out.add("  " + l));
        long allocTotal = alloc.values().stream().mapToLong(Long::longValue).sum();
        out.add(String.format(Locale.ROOT, "allocation (sampled weight %.0f MB), top types:", allocTotal / 1e6));
        rankedLines(alloc, allocTotal, 8).forEach(l -> out.add("  " + l));
        return out;
    }

    static String threadGroup(String t) {
        return t.replaceAll("[-#]?\\d+$", "").replaceAll("\\s*\\|.*$", "");
    }

    static String ranked(Map<String, Long> m, long total, int n) {
        return String.join(", ", m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                .toList());
    }

    static List<String> rankedLines(Map<String, Long> m, long total, int n) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
                .toList();
    }
}
