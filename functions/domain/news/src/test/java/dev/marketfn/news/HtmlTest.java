package dev.marketfn.news;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void tagsGoEntitiesAreDecodedWhitespaceCollapses() {
        assertThat(Html.strip("<p>Shares <b>rose</b>&nbsp;5%&#8212;a &quot;record&quot; &amp; more</p>\r\n<p>Next</p>"))
                .isEqualTo("Shares rose 5%—a \"record\" & more Next");
        assertThat(Html.strip("AT&T &#x41;&#65; &bogus; & done")).isEqualTo("AT&T AA &bogus; & done");
    }

    @Test
    void scriptsStylesAndCommentsVanishWithTheirContent() {
        assertThat(Html.strip("a<script type=\"x\">alert('<p>')</script>b<style>p{}</style>c<!-- <b>x</b> -->d"))
                .isEqualTo("a b c d");
        assertThat(Html.strip("<SCRIPT>evil()</SCRIPT >ok")).isEqualTo("ok");
        assertThat(Html.strip("text<script>never closed")).isEqualTo("text");
    }

    @Test
    void hostileMarkupNeverLeavesATag() {
        assertThat(Html.strip("<img src=x onerror=\"alert('>')\">after")).isEqualTo("after");
        assertThat(Html.strip("safe <a href='x")).isEqualTo("safe");
        // an encoded tag is decoded once, to text: it stays text, it is never parsed again
        assertThat(Html.strip("&lt;script&gt;x&lt;/script&gt;")).isEqualTo("<script>x</script>");
        assertThat(Html.strip("1 < 2 and 3 > 2")).isEqualTo("1 < 2 and 3 > 2");
        assertThat(Html.strip("&#0;&#xD800;&#1114112;nul\u0000bell\u0007")).isEqualTo("nul bell");
    }

    @Test
    void linearOnPathologicalInput() {
        String nested = "<".repeat(200_000) + "a".repeat(10);
        long start = System.nanoTime();
        Html.strip(nested);
        Html.strip("&".repeat(300_000));
        Html.strip("<a ".repeat(100_000));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }
}
