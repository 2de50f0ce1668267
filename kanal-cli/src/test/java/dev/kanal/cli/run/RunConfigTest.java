package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.cli.run.KanalRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kanal run --config FILE}: the JSON fields, flags over fields, the seed's person
 * example, and every kind of mistake in the file, each told in one line with the file, line and
 * column, and the field.
 */
class RunConfigTest {

  /** The repository's example, as the README runs it (tests run in kanal-cli/). */
  static final Path PERSON = Path.of("..", "examples", "person.json");

  @TempDir Path dir;

  private Path config(String json) throws IOException {
    return Files.writeString(dir.resolve("c.json"), json);
  }

  private Result runConfig(String json, String... flags) throws IOException {
    String[] args = new String[flags.length + 2];
    args[0] = "--config";
    args[1] = config(json).toString();
    System.arraycopy(flags, 0, args, 2, flags.length);
    return run("", args);
  }

  private void assertError(String json, String message) throws IOException {
    Result r = runConfig(json);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: " + dir.resolve("c.json") + message + "\n");
    assertThat(r.out()).isEmpty();
  }

  // ------------------------------------------------------------------ fields

  @Test
  void aNulCharacterInAPathAnArgumentOrAVariableIsAUsageErrorNotAStackTrace() throws IOException {
    assertError("{\"input\": \"a\\u0000b\", \"command\": [\"echo\"]}",
        ": \"input\" is not a file name: Nul character not allowed");
    assertError("{\"joblog\": \"j\\u0000.tsv\", \"jobs\": [\"x\"], \"command\": [\"echo\"]}",
        ": \"joblog\" is not a file name: Nul character not allowed");
    Result cmd = runConfig("{\"command\": [\"ec\\u0000ho\"], \"jobs\": [\"x\"]}");
    assertThat(cmd.exit()).as(cmd.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(cmd.err()).isEqualTo("kanal run: the command's argument 'ec?ho' holds a NUL character\n");
    Result env = runConfig("{\"env\": {\"A\": \"x\\u0000y\"}, \"command\": [\"true\"], \"jobs\": [\"x\"]}");
    assertThat(env.exit()).as(env.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(env.err()).isEqualTo("kanal run: env A: a value cannot hold a NUL character\n");
  }

  @Test
  void aConfigGivesTheOptionsTheCommandAndTheJobs() throws IOException {
    Result r = runConfig("""
        {
          "workers": 2,
          "keep-order": true,
          "env": {"PREFIX": "n", "TIMES": 2},
          "command": ["sh", "-c", "echo $PREFIX$1x$TIMES", "sh", "{}"],
          "jobs": ["a", 7, true]
        }
        """);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("nax2", "n7x2", "ntruex2");
  }

  @Test
  void objectJobsFillNamedPlaceholdersAndBracesGiveTheirJson() throws IOException {
    Result r = runConfig("""
        {
          "workers": 1,
          "command": ["printf", "%s is %s: %s\\\\n", "{name}", "{age}", "{}"],
          "jobs": [{"name": "Alice", "age": 30}, {"name": "Bob \\"B\\"", "age": 25.5}]
        }
        """);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly(
        "Alice is 30: {\"name\":\"Alice\",\"age\":30}",
        "Bob \"B\" is 25.5: {\"name\":\"Bob \\\"B\\\"\",\"age\":25.5}");
  }

  @Test
  void theInputFieldReadsLinesFromAFile() throws IOException {
    Path in = Files.writeString(dir.resolve("in.txt"), "x\ny\n");
    Result r = runConfig("{\"workers\": 1, \"input\": \"" + in + "\", \"command\": [\"echo\", \"<{}>\"]}");

    assertThat(r.outLines()).containsExactly("<x>", "<y>");
  }

  @Test
  void flagsOverrideTheConfigsFields() throws IOException {
    String json = """
        {"workers": 3, "retries": 0, "fail-fast": true, "quiet": true, "env": {"A": "config", "B": "config"},
         "command": ["sh", "-c", "echo $A $B $KANAL_WORKER $KANAL_ATTEMPT $1; [ $KANAL_ATTEMPT = 2 ]", "sh", "{}"],
         "jobs": ["1", "2", "3"]}
        """;
    Result asIs = runConfig(json);
    assertThat(asIs.exit()).isEqualTo(ExitStatus.FAIL_FAST);

    Result r = runConfig(json, "-j", "1", "--retries", "1", "--no-fail-fast", "--no-quiet", "-e", "B=flag", "-k");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("config flag 1 2 1", "config flag 1 2 2", "config flag 1 2 3");
    assertThat(r.summary()).contains("3 succeeded");
  }

  @Test
  void aCommandOnTheCommandLineReplacesTheConfigsAndInputReplacesItsJobs() throws IOException {
    Path in = Files.writeString(dir.resolve("in.txt"), "from file\n");
    Result r = runConfig("{\"command\": [\"false\"], \"jobs\": [\"from config\"]}", "--input", in.toString(),
        "--", "echo");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("from file\n");
  }

  @Test
  void thePersonExampleRunsAsTheSeedsPoolWithRetries() {
    Result r = run("", "--config", PERSON.toString());

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).hasSize(6).allMatch(l -> l.matches("✔️ Worker [123] : \\w+ \\(\\d+ ans\\) traité"));
    assertThat(r.out()).contains("Alice (30 ans)", "Bob (25 ans)", "Charlie (36 ans)", "Dave (40 ans)", "Eve (28 ans)",
        "Frank (32 ans)");
    assertThat(r.summary()).contains("6 succeeded, 0 failed, 0 timed out, 0 cancelled, 2 retries");
  }

  @Test
  void thePersonExampleStopsAtACriticalAge() {
    Result r = run("", "--config", PERSON.toString(), "--env", "CRITICAL_AGE=38");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAIL_FAST);
    assertThat(r.err()).contains("❌ Worker").contains(": erreur critique avec Dave (âge 40)")
        .contains("stopped: job 4 (Dave 40) failed with critical exit code 3: the other jobs were cancelled");
    assertThat(r.out()).doesNotContain("Dave");
  }

  // ------------------------------------------------------------------ mistakes

  @Test
  void anUnknownFieldIsNamedWithItsLineAndColumnAndANearMiss() throws IOException {
    assertError("{\n  \"workers\": 3,\n  \"wrokers\": 4\n}", ":3:3: unknown field \"wrokers\" (did you mean \"workers\"?)");
    assertError("{\"jobTimeout\": \"1s\"}", ":1:2: unknown field \"jobTimeout\" (did you mean \"job-timeout\"?)");
    assertError("{\"colour\": \"blue\"}", ":1:2: unknown field \"colour\"; the fields are backoff, command,"
        + " critical-exit-codes, env, fail-fast, input, job-timeout, joblog, jobs, keep-order, log, progress, quiet,"
        + " resume, retries, timeout, workers");
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithWhatWasExpected() throws IOException {
    assertError("{\n  \"retries\": \"two\"\n}", ":2:14: \"retries\": expected a whole number, 0 or more, got \"two\"");
    assertError("{\"workers\": true}", ":1:13: \"workers\": expected a number of workers such as 3, or a range such"
        + " as \"2..8\", got true");
    assertError("{\"fail-fast\": \"yes\"}", ":1:15: \"fail-fast\": expected true or false, got \"yes\"");
    assertError("{\"timeout\": 5}", ":1:13: \"timeout\": expected a duration as a string with a unit, such as"
        + " \"500ms\", \"2s\" or \"1m30s\", got 5");
    assertError("{\"critical-exit-codes\": [3, 256]}", ":1:29: \"critical-exit-codes\": expected an exit code from 1"
        + " to 255, got 256");
    assertError("{\"log\": 3}", ":1:9: \"log\": expected a file name as a string, got 3");
    assertError("{\"env\": {\"A\": [1]}}", ":1:15: \"env\": expected a string, number or boolean for the value of A,"
        + " got an array");
  }

  @Test
  void aBadValueSaysWhatIsWrongWithIt() throws IOException {
    assertError("{\"timeout\": \"5x\"}", ":1:13: \"timeout\": '5x' is not a duration: unknown unit 'x' (use d, h, m,"
        + " s, ms; e.g. 500ms, 2s, 1m30s, 1h)");
    assertError("{\"job-timeout\": \"0\"}", ":1:17: \"job-timeout\": must be more than 0 (leave the field out for no"
        + " limit)");
    assertError("{\"workers\": \"4..2\"}", ":1:13: \"workers\": '4..2': the minimum (4) is more than the maximum (2):"
        + " write MIN..MAX");
    assertError("{\"retries\": -1}", ":1:13: \"retries\": expected a whole number from 0 to 2147483647, got -1");
  }

  @Test
  void theCommandIsAnArrayOfStringsNeverAShellString() throws IOException {
    assertError("{\"command\": \"echo {}\"}", ":1:13: \"command\": expected an array such as [\"echo\", \"{}\"], got a"
        + " string: no shell splits the command, so give each argument as its own string");
    assertError("{\"command\": []}", ":1:14: \"command\": the command is empty: leave \"command\" out to run each job"
        + " with sh -c");
    assertError("{\"command\": [\"echo\", 1]}", ":1:22: \"command\": expected a string (each argument of the command"
        + " is a string), got 1");
  }

  @Test
  void badJobsAreNamed() throws IOException {
    assertError("{\"jobs\": [\"a\", null]}", ":1:16: \"jobs\": expected a job (a string or an object) as job 2, got null");
    assertError("{\"jobs\": [{\"name\": {\"first\": \"A\"}}]}", ":1:20: \"jobs\": expected a string, number or boolean"
        + " for field \"name\" of job 1, got an object");
    assertError("{\"jobs\": \"a\"}", ":1:10: \"jobs\": expected an array of jobs, each a string or an object, e.g."
        + " [\"a\", \"b\"], got \"a\"");
  }

  @Test
  void objectJobsMustFitTheCommand() throws IOException {
    assertLine("{\"jobs\": [{\"name\": \"A\"}]}", "kanal run: job 1 is an object {\"name\":\"A\"}: jobs given as"
        + " objects need a command whose {name} placeholders use their fields, e.g. \"command\": [\"echo\", \"{name}\"]");
    assertLine("{\"command\": [\"echo\", \"{name}\", \"{age}\"], \"jobs\": [{\"name\": \"A\", \"age\": 1}, {\"name\": \"B\"}]}",
        "kanal run: job 2 {\"name\":\"B\"} has no field 'age', which the command uses as {age}; its fields are [name]");
    assertLine("{\"jobs\": [\"a\"], \"input\": \"x.txt\"}", "kanal run: " + dir.resolve("c.json")
        + ": give \"jobs\" or \"input\", not both");
  }

  /** The whole message, for errors found after the file was read. */
  private void assertLine(String json, String line) throws IOException {
    Result r = runConfig(json);
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo(line + "\n");
  }

  @Test
  void brokenJsonIsNamedWithItsLineAndColumn() throws IOException {
    assertError("{\n  \"workers\": 3,\n}", ":3:1: invalid JSON: unexpected '}': expected a field name in double"
        + " quotes (a comma before it?)");
    assertError("{\"workers\": 3 \"retries\": 1}", ":1:15: invalid JSON: unexpected '\"': expected a comma between"
        + " fields");
    assertError("{\"workers\": 3, \"workers\": 4}", ":1:25: invalid JSON: Duplicate field 'workers'");
    assertError("{\"workers\": 3} []", ":1:16: unexpected content after the config's closing }");
  }

  @Test
  void aConfigMustBeAnObject() throws IOException {
    assertError("", ": the file is empty; a config is a JSON object such as {\"workers\": 3}");
    assertError("[1]", ":1:1: a config is a JSON object such as {\"workers\": 3}, not an array");
    assertError("\"workers\"", ":1:1: a config is a JSON object such as {\"workers\": 3}, not a string");
  }

  @Test
  void aMissingConfigIsOneLine() {
    Path missing = dir.resolve("nope.json");
    Result r = run("", "--config", missing.toString());

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: config file not found: " + missing + "\n");
  }
}
