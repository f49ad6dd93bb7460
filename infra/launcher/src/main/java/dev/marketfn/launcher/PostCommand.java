package dev.marketfn.launcher;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marketfn post}: one CloudEvent to a function. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = {"POST one CloudEvent to a function; prints the HTTP status, the reply's ce-* headers and content type, and its body.",
                "Exit code 3 when the function refuses the event: a non-2xx reply or a dev.marketfn.rejected.v1 reply."})
final class PostCommand extends Main.Base {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "the function, e.g. http://localhost:8081/")
    String url;
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "CloudEvent type, e.g. dev.marketfn.raw.v1")
    String type;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "file with the JSON data")
    Path data;
    @Option(names = "--source", defaultValue = "/marketfn/cli", paramLabel = "SOURCE",
            description = "CloudEvent source; /providers/<P> on a raw event adds provider=<P> (default: ${DEFAULT-VALUE})")
    String source;
    @Option(names = "--id", paramLabel = "ID", description = "CloudEvent id (default: a random UUID)")
    String id;
    @Option(names = "--subject", paramLabel = "SUBJECT", description = "CloudEvent subject, e.g. the symbol")
    String subject;
    @Option(names = "--ext", paramLabel = "NAME=VALUE", description = "extension attribute (repeatable), e.g. provider=alpaca")
    Map<String, String> ext = new LinkedHashMap<>();
    @Option(names = "--structured", description = "structured mode (application/cloudevents+json) instead of binary")
    boolean structured;

    @Override
    public Integer call() throws Exception {
        java.net.URI uri;
        try {
            uri = Sender.uri(url);
        } catch (LauncherException e) {
            throw usage(e.getMessage());
        }
        if (!Files.isRegularFile(data) || !Files.isReadable(data)) {
            throw new LauncherException("cannot read file " + data);
        }
        byte[] body = Files.readAllBytes(data);
        if (CloudEvent.tree(body) == null) {
            throw new LauncherException(data + " is not valid JSON");
        }
        Map<String, String> extensions = new LinkedHashMap<>(ext);
        if (type.equals(CloudEvent.RAW) && !extensions.containsKey("provider") && source.startsWith("/providers/")) {
            extensions.put("provider", source.substring("/providers/".length()));
        }
        CloudEvent e = new CloudEvent(id != null ? id : UUID.randomUUID().toString(), type, source, subject, extensions, body);
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            r = Sender.post(http, uri, e, structured);
        } catch (java.io.IOException x) {
            throw Sender.unreachable(url, x);
        }
        out.println("HTTP " + r.statusCode());
        r.headers().map().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith("ce-") || k.equalsIgnoreCase("content-type")) {
                out.println(k + ": " + String.join(",", v));
            }
        });
        out.println();
        out.println(r.body());
        boolean refused = r.statusCode() / 100 != 2
                || Sender.REJECTED.equals(CloudEvent.replyType(r));
        return refused ? Main.EXIT_PARTIAL : Main.EXIT_OK;
    }
}
