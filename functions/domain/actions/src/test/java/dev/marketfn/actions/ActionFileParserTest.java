package dev.marketfn.actions;

import static dev.marketfn.actions.A.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ActionFileParserTest {
    @Test
    void csvRowsAreValidatedLikeEventsAndBadRowsNameLineAndField() {
        String csv = """
                action_id,symbol,type,ratio,amount,currency,ex_date,record_date,pay_date,new_symbol,known_at
                AAPL-2020-split,AAPL,split,4,,,2020-08-31,2020-08-24,2020-08-28,,2020-07-30T20:30:00Z
                AAPL-2020-08-div,AAPL,cash_dividend,,0.82,USD,2020-08-07,2020-08-10,2020-08-13,,2020-07-30T20:30:00Z
                GE-2021-rsplit,GE,reverse_split,8,,,2021-08-02,,,,
                "FB-META-2022","FB","symbol_change",,,,2022-06-09,,,"META",
                BAD-DATE,TSLA,split,5,,,2020-31-08,,,,

                """;
        ActionFileParser.Result r = ActionFileParser.parseCsv(csv);
        assertThat(r.actions()).extracting(a -> a.actionId())
                .containsExactly("AAPL-2020-split", "AAPL-2020-08-div", "FB-META-2022");
        assertThat(r.actions().get(1).amount()).isEqualTo(d("0.82"));
        assertThat(r.actions().get(1).exDate()).isEqualTo(LocalDate.of(2020, 8, 7));
        assertThat(r.actions().get(2).newSymbol()).isEqualTo("META");
        assertThat(r.rejected()).extracting(InvalidInputException::field, InvalidInputException::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line[4].ratio", RejectReason.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("line[6].ex_date", RejectReason.WRONG_TYPE));
    }

    @Test
    void bulkRowsAreRejectedForTheSameReasonsAsEvents() {
        String csv = """
                action_id,symbol,type,ratio,amount,currency,ex_date,record_date,pay_date,new_symbol,known_at
                TSLA-2020-split,TSLA,split,5,,,2020-08-31,2020-08-21,2020-08-28,,2020-08-11T20:00:00Z
                ZERO,TSLA,split,0,,,2020-08-31,,,,
                NEG,TSLA,reverse_split,-0.2,,,2020-08-31,,,,
                SPIN,IBM,spinoff,,,,2021-11-04,,,,
                NOEX,AAPL,split,7,,,,,,,
                """;
        ActionFileParser.Result r = ActionFileParser.parseCsv(csv);
        assertThat(r.actions()).extracting(a -> a.actionId()).containsExactly("TSLA-2020-split");
        assertThat(r.rejected()).extracting(InvalidInputException::field, InvalidInputException::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line[3].ratio", RejectReason.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("line[4].ratio", RejectReason.OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple("line[5].type", RejectReason.INVALID_VALUE),
                        org.assertj.core.groups.Tuple.tuple("line[6].ex_date", RejectReason.MISSING_FIELD));
        assertThat(r.rejected()).allSatisfy(e -> assertThat(e.detail()).isNotBlank());
    }

    @Test
    void csvWithUnknownColumnIsRejected() {
        assertThatThrownBy(() -> ActionFileParser.parseCsv("action_id,symbol,type,exdate\nx,AAPL,split,2020-08-31\n"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("line[1].exdate"));
    }

    @Test
    void jsonArrayUsesTheEventPayloadAndNamesIndexAndField() {
        String json = """
                [{"action_id":"TSLA-2020-split","symbol":"TSLA","type":"split","ratio":5,"ex_date":"2020-08-31"},
                 {"action_id":"X","symbol":"AAPL","type":"cash_dividend","amount":-0.82,"ex_date":"2020-08-07"},
                 {"action_id":"Y","symbol":"AAPL","type":"split","ratio":"four","ex_date":"2020-08-31"}]
                """;
        ActionFileParser.Result r = ActionFileParser.parseJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.actions()).singleElement().satisfies(a -> assertThat(a.ratio()).isEqualTo(d("5")));
        assertThat(r.rejected()).extracting(InvalidInputException::field).containsExactly("[1].amount", "[2].ratio");
        assertThatThrownBy(() -> ActionFileParser.parseJson("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class);
    }
}
