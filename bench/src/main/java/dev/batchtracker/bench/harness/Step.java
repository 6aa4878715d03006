package dev.batchtracker.bench.harness;

/** One measurement: runs, and writes its section and goals into the report. */
interface Step {

    /** The name {@code --only} uses. */
    String name();

    void run(Context context) throws Exception;
}
