package dev.marketfn.news;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The evaluation of docs/news.md, rerun by every build: the model against the majority-class baseline on the
 * labelled set {@code eval/financial-news-sentiment.tsv}. The report is compared with the committed
 * {@code src/test/resources/eval/sentiment-report.txt}; run with {@code -Dnews.eval.write=true} to rewrite it after a
 * deliberate change of model or set.
 */
class SentimentEvaluationTest {
    static final List<String> CLASSES = List.of("positive", "negative", "neutral");

    record Example(String label, String group, String text) {
    }

    @Test
    void modelBeatsTheMajorityBaselineAndTheCommittedReportIsCurrent() throws IOException {
        List<Example> set = load();
        Sentiment model = Sentiment.standard();
        List<String> truth = set.stream().map(Example::label).toList();
        List<String> predicted = set.stream().map(e -> Sentiment.label(model.score(e.text()))).toList();
        String majority = CLASSES.stream()
                .max((a, b) -> Long.compare(truth.stream().filter(a::equals).count(), truth.stream().filter(b::equals).count()))
                .orElseThrow();
        List<String> baseline = truth.stream().map(t -> majority).toList();

        String report = "labelled set: " + set.size() + " headlines (" + counts(truth) + ")\n"
                + row("majority baseline (always " + majority + ")", truth, baseline)
                + row(Sentiment.MODEL + " " + Sentiment.VERSION, truth, predicted);
        Path committed = Path.of("src/test/resources/eval/sentiment-report.txt");
        if (Boolean.getBoolean("news.eval.write")) {
            Files.writeString(committed, report);
        }
        assertThat(Files.readString(committed)).isEqualTo(report);
        assertThat(macroF1(truth, predicted)).isGreaterThan(macroF1(truth, baseline) + 0.2);
        assertThat(accuracy(truth, predicted)).isGreaterThan(accuracy(truth, baseline));
    }

    private static String row(String name, List<String> truth, List<String> predicted) {
        return String.format(Locale.ROOT, "%-40s accuracy %.3f  macro-F1 %.3f%n", name, accuracy(truth, predicted),
                macroF1(truth, predicted));
    }

    static double accuracy(List<String> truth, List<String> predicted) {
        int right = 0;
        for (int i = 0; i < truth.size(); i++) {
            right += truth.get(i).equals(predicted.get(i)) ? 1 : 0;
        }
        return (double) right / truth.size();
    }

    /** The unweighted mean over the three classes of F1; a class never predicted and never true would count 0. */
    static double macroF1(List<String> truth, List<String> predicted) {
        double sum = 0;
        for (String c : CLASSES) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < truth.size(); i++) {
                boolean t = truth.get(i).equals(c);
                boolean p = predicted.get(i).equals(c);
                tp += t && p ? 1 : 0;
                fp += !t && p ? 1 : 0;
                fn += t && !p ? 1 : 0;
            }
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / CLASSES.size();
    }

    private static String counts(List<String> truth) {
        List<String> parts = new ArrayList<>();
        for (String c : CLASSES) {
            parts.add(truth.stream().filter(c::equals).count() + " " + c);
        }
        return String.join(", ", parts);
    }

    private static List<Example> load() throws IOException {
        List<Example> out = new ArrayList<>();
        try (InputStream in = SentimentEvaluationTest.class.getResourceAsStream("/eval/financial-news-sentiment.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                out.add(new Example(f[0], f[1], f[2]));
            }
        }
        return out;
    }
}
