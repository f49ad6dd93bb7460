package dev.marketfn.codec;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelope checks, in one place: the CloudEvents 1.0 context attributes typed as the specification types them
 * (docs/contract/events.md §Envelope checks), and what a handled type needs of its data. Each problem names the
 * attribute. The codec runs {@link #attributes} once per decoded event; the dispatcher runs {@link #data} once the
 * type is known to be handled.
 */
public final class Envelope {
    /** Larger data is rejected, not parsed: one event must never exhaust a function's memory. */
    public static final int MAX_DATA_BYTES = 1 << 20;
    /** The context attributes of CloudEvents 1.0; every other attribute is an extension. */
    public static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type",
            "datacontenttype", "dataschema", "subject", "time");

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]+");
    /** RFC 3339 {@code date-time}: seconds required, an offset or Z required, 'T' and 'Z' in either case. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    /** RFC 2046 media type: {@code type/subtype}, parameters after a semicolon. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+\\s*(;.*)?", Pattern.DOTALL);

    private Envelope() {
    }

    /** The first attribute that makes the event unreadable, or null. {@code attrs}: every attribute as a string. */
    static InvalidInputException attributes(Map<String, String> attrs) {
        String specVersion = attrs.get("specversion");
        if (blank(specVersion)) {
            return missing("specversion");
        }
        if (!"1.0".equals(specVersion)) {
            return invalid("specversion", "specversion must be 1.0, was '" + specVersion + "'");
        }
        for (String required : new String[] {"id", "source", "type"}) {
            if (blank(attrs.get(required))) {
                return missing(required);
            }
        }
        if (!isUriReference(attrs.get("source"))) {
            return invalid("source", "source must be a URI-reference (RFC 3986), was '" + attrs.get("source") + "'");
        }
        String subject = attrs.get("subject");
        if (subject != null && subject.isEmpty()) {
            return invalid("subject", "subject must be a non-empty string when present");
        }
        String time = attrs.get("time");
        if (time != null && !isTimestamp(time)) {
            return invalid("time", "time must be an RFC 3339 timestamp, was '" + time + "'");
        }
        String dataSchema = attrs.get("dataschema");
        if (dataSchema != null && !isAbsoluteUri(dataSchema)) {
            return invalid("dataschema", "dataschema must be an absolute URI, was '" + dataSchema + "'");
        }
        String contentType = attrs.get("datacontenttype");
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            return invalid("datacontenttype", "datacontenttype must be an RFC 2046 media type, was '" + contentType + "'");
        }
        for (String name : attrs.keySet()) {
            if (!CONTEXT_ATTRIBUTES.contains(name) && !EXTENSION_NAME.matcher(name).matches()) {
                return invalid(name, "attribute names are lower-case letters and digits only (a-z, 0-9)");
            }
        }
        return null;
    }

    /** What a handled type needs of its data: JSON, present, and at most {@link #MAX_DATA_BYTES}; null if fine. */
    public static InvalidInputException data(InEvent event) {
        String contentType = event.dataContentType();
        if (contentType != null && !isJson(contentType)) {
            return unsupported(contentType);
        }
        if (event.data() == null || event.data().length == 0) {
            return new InvalidInputException(RejectReason.MISSING_FIELD, "data",
                    "the event has no data; " + event.type() + " carries JSON data");
        }
        if (event.data().length > MAX_DATA_BYTES) {
            return new InvalidInputException(RejectReason.TOO_LARGE, "data",
                    event.data().length + " bytes exceeds " + MAX_DATA_BYTES);
        }
        if (contentType == null) {
            return unsupported(null);
        }
        return null;
    }

    /**
     * The data content types read as JSON: {@code application/json}, {@code text/json} and any {@code +json} suffix
     * type, in any case (media types are case-insensitive, RFC 2045), parameters such as {@code ;charset=utf-8} allowed.
     */
    public static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || type.equals("text/json")
                || type.endsWith("+json") && !type.startsWith("application/cloudevents");
    }

    /** The media type without parameters, lower case: what content types are compared by. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static InvalidInputException missing(String attribute) {
        return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, attribute,
                "CloudEvent attribute " + attribute + " is required");
    }

    static InvalidInputException invalid(String attribute, String detail) {
        return new InvalidInputException(RejectReason.INVALID_ATTRIBUTE, attribute, detail);
    }

    private static InvalidInputException unsupported(String contentType) {
        return new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype",
                contentType == null ? "no content type; expected application/json"
                        : "expected application/json, was " + contentType);
    }

    private static boolean isUriReference(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isTimestamp(String value) {
        if (!RFC3339.matcher(value).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
