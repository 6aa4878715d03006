package dev.batchtracker.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Wire;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * The status lists the dashboard runs on ({@code dashboard/statuses.js}, imported by its scripts) are the wire
 * names of {@link SessionStatus} and {@link NodeStatus}, in their order, with the terminal ones as
 * {@link SessionStatus#isTerminal()} says.
 */
@QuarkusTest
class DashboardStatusesTest {

    private static final Pattern EXPORT = Pattern.compile("(?m)^export const (\\w+) = (\\[.*]);$");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Test
    void theDashboardsStatusListsAreTheWireNamesOfTheEnums() throws IOException {
        Map<String, List<String>> lists = exports(given().when().get("/dashboard/statuses.js")
                .then().statusCode(200).contentType(startsWith("text/javascript"))
                .extract().asString());

        assertThat(lists).containsOnlyKeys("SESSION_STATUSES", "TERMINAL_STATUSES", "NODE_STATUSES");
        assertThat(lists.get("SESSION_STATUSES")).as("every session status")
                .containsExactlyElementsOf(wireNames(SessionStatus.values(), status -> true));
        assertThat(lists.get("TERMINAL_STATUSES")).as("the terminal session statuses")
                .containsExactlyElementsOf(wireNames(SessionStatus.values(), SessionStatus::isTerminal));
        assertThat(lists.get("NODE_STATUSES")).as("every node status")
                .containsExactlyElementsOf(wireNames(NodeStatus.values(), status -> true));
    }

    private static Map<String, List<String>> exports(String module) throws IOException {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Matcher matcher = EXPORT.matcher(module);
        while (matcher.find()) {
            lists.put(matcher.group(1), new ObjectMapper().readValue(matcher.group(2), STRINGS));
        }
        return lists;
    }

    private static <E extends Enum<E>> List<String> wireNames(E[] values, Predicate<E> included) {
        return Arrays.stream(values).filter(included).map(Wire::name).toList();
    }
}
