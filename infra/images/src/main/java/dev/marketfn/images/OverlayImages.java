package dev.marketfn.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code images:} block of an overlay's kustomization.yaml: each base name ({@code marketfn/<function>})
 * mapped to the registry, with an immutable tag (dev) or a digest (prod). Only the entries of the images built
 * change (a new one is appended); the other entries and the rest of the file are kept as written.
 */
final class OverlayImages {
    private OverlayImages() {
    }

    /** A function's image as the overlay pins it: a tag, or a digest (sha256:...), exactly one. */
    record Pin(String function, String registry, String tag, String digest) {
        String yaml() {
            String pin = digest != null ? "    digest: " + digest : "    newTag: \"" + tag + "\"";
            return "  - name: " + baseName(function) + "\n    newName: " + registry + "/" + function + "\n" + pin + "\n";
        }
    }

    /** The image name in knative/base: registry-less, so the registry is set in one place (the overlays). */
    static String baseName(String function) {
        return "marketfn/" + function;
    }

    static void write(Path kustomization, List<Pin> pins) throws IOException {
        List<String> lines = Files.readAllLines(kustomization, StandardCharsets.UTF_8);
        int start = lines.indexOf("images:");
        if (start < 0) {
            throw new IOException(kustomization + " has no top-level images: block");
        }
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).startsWith(" ") || lines.get(end).isEmpty())) {
            end++;
        }
        // the entries of images not in this build stay as they are, in their place
        Map<String, List<String>> kept = new java.util.LinkedHashMap<>();
        String name = null;
        for (String line : lines.subList(start + 1, end)) {
            if (line.startsWith("  - name: ")) {
                name = line.substring("  - name: ".length()).strip();
                kept.put(name, new ArrayList<>());
            }
            if (name != null && !line.isBlank()) {
                kept.get(name).add(line);
            }
        }
        Map<String, Pin> fresh = new java.util.LinkedHashMap<>();
        pins.forEach(p -> fresh.put(baseName(p.function()), p));
        StringBuilder block = new StringBuilder();
        kept.forEach((n, entry) -> {
            Pin p = fresh.remove(n);
            block.append(p != null ? p.yaml() : String.join("\n", entry) + "\n");
        });
        fresh.values().forEach(p -> block.append(p.yaml()));
        List<String> out = new ArrayList<>(lines.subList(0, start + 1));
        out.addAll(block.toString().lines().toList());
        out.addAll(lines.subList(end, lines.size()));
        Files.write(kustomization, out, StandardCharsets.UTF_8);
    }

    /** Pins for every function from one build: prod by digest, dev by the build's tag. */
    static List<Pin> pins(Map<String, String> digests, String registry, String tag, boolean byDigest) {
        return digests.entrySet().stream()
                .map(e -> new Pin(e.getKey(), registry, byDigest ? null : tag, byDigest ? e.getValue() : null))
                .toList();
    }
}
