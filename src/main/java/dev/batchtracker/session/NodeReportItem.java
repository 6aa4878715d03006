package dev.batchtracker.session;

/** One item of a bulk node report: which node, and what the executor says of it. */
public record NodeReportItem(String nodeId, NodeReport report) {

    /** The field prefix of item {@code index} in error answers, e.g. {@code reports[3].}. */
    public static String field(int index) {
        return "reports[" + index + "].";
    }

    static String label(int index) {
        return "reports[" + index + "]: ";
    }

    /** An item's refusal, naming the item: in the field of a 400, as an item index of a 409 or 422. */
    static BatchException refused(int index, BatchException e) {
        if (e instanceof InvalidRequestException invalid) {
            return new InvalidRequestException(field(index) + invalid.field(), label(index) + invalid.getMessage());
        }
        if (e instanceof ConflictException conflict) {
            return conflict.atItem(index);
        }
        if (e instanceof UnprocessableException unprocessable) {
            return unprocessable.atItem(index);
        }
        return e;
    }
}
