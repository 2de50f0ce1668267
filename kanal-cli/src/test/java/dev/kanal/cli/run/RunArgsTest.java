package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.cli.KanalCli;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@link RunArgs}, the parser that spares a run picocli's set-up, against picocli itself: on
 * every command line it accepts, it must fill {@link RunCommand} exactly as picocli does; and
 * the command lines people type must be among those it accepts, or it would spare nothing.
 */
class RunArgsTest {

  /** What picocli makes of {@code kanal run ARGS}, as the kanal command sets it up; null if it refuses them. */
  private static RunCommand picocli(List<String> args) {
    CommandLine kanal = KanalCli.commandLine();
    List<String> argv = new ArrayList<>();
    argv.add("run");
    argv.addAll(args);
    try {
      kanal.parseArgs(argv.toArray(String[]::new));
    } catch (CommandLine.ParameterException refused) {
      return null;
    }
    return kanal.getSubcommands().get("run").getCommand();
  }

  /** The parsed fields, in one comparable list. */
  private static List<Object> fields(RunCommand c) {
    return Arrays.asList(c.help, c.workers, c.timeout, c.jobTimeout, c.retries, c.backoff, c.failFast,
        c.criticalExitCodes, c.log, c.joblog, c.resume, c.keepOrder, c.progress, c.quiet, c.input, c.env,
        c.config, c.command);
  }

  private static void assertSameAsPicocli(List<String> args) {
    RunCommand fast = RunArgs.parse(args, null);
    if (fast == null) {
      return; // picocli reads these: nothing to compare
    }
    RunCommand reference = picocli(args);
    assertThat(reference).as("picocli refuses %s, which RunArgs accepted", args).isNotNull();
    assertThat(fields(fast)).as("fields for %s", args).isEqualTo(fields(reference));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "-q -j 2 -- true",
      "-j 4 convert {} {}.jpg",
      "-j 2..8 --retries 2 --backoff 1s --joblog jobs.tsv --input urls.txt -- curl -fsS {}",
      "--resume --joblog jobs.tsv --input urls.txt -- curl -fsS {}",
      "--config examples/person.json",
      "--workers=3 --timeout=1m --job-timeout=5s --no-quiet -k --progress echo {#} {}",
      "-e A=1 -e B=x=y --env=C= --critical-exit-codes 3,4 --critical-exit-codes=5 --fail-fast -- sh -c x",
      "--log run.log --no-fail-fast --no-resume --no-keep-order --no-progress -a in.txt echo",
      "",
      "-q",
      "echo -q -- x",
      "-- -q",
  })
  void commandLinesPeopleTypeAreReadWithoutPicocliAndAsPicocliReadsThem(String line) {
    List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));

    assertThat(RunArgs.parse(args, null)).isNotNull();
    assertSameAsPicocli(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "-h", "--help", "-qk", "-j2", "-j", "-j -q", "-j 0", "-j x", "--retries -1", "--retries 010",
      "--timeout 0", "--timeout -1s", "-q -q", "-j 2 -j 3", "--quiet=true", "--bogus", "-",
      "-e NOEQUALS", "-e =x", "--critical-exit-codes 3,x", "--log=",
  })
  void unusualOrWrongCommandLinesAreLeftToPicocli(String line) {
    assertThat(RunArgs.parse(List.of(line.split(" ")), null)).isNull();
  }

  /** kanal has no argument files: {@code @x} is an argument as it is, in both parsers. */
  @ParameterizedTest
  @ValueSource(strings = {
      "-j 2 -- curl -d @body.json {}", "echo @x @@y", "@args.txt", "--log @run.log -- echo {}",
  })
  void argumentsThatStartWithAnAtSignAreTakenAsTheyAre(String line) {
    List<String> args = List.of(line.split(" "));

    RunCommand fast = RunArgs.parse(args, null);
    assertThat(fast).isNotNull();
    assertSameAsPicocli(args);
    List<String> atSigned = args.stream().filter(a -> a.startsWith("@")).toList();
    List<String> kept = new ArrayList<>(fast.command);
    if (fast.log != null) {
      kept.add(fast.log.toString());
    }
    assertThat(kept).containsAll(atSigned);
  }

  /**
   * Random command lines made of option names, values and command words, good and bad: whatever
   * RunArgs accepts, picocli reads the same way. Seeded, so a failure repeats.
   */
  @Test
  void randomCommandLinesAcceptedAreReadAsPicocliReadsThem() {
    String[] names = {
        "-h", "-j", "--workers", "--timeout", "--job-timeout", "--retries", "--backoff", "--fail-fast",
        "--no-fail-fast", "--critical-exit-codes", "--log", "--joblog", "--resume", "--no-resume", "-k",
        "--keep-order", "--no-keep-order", "--progress", "--no-progress", "-q", "--quiet", "--no-quiet",
        "-a", "--input", "-e", "--env", "--config", "--", "-", "-x", "--work", "-qk",
    };
    String[] values = {
        "2", "1..4", "0", "010", "+3", " 2", "-1", "", "1s", "500ms", "0s", "1m30s", "abc", "x=1", "=1",
        "A=", "A=b=c", "A=1,B=2", "3,4", "3,,4", "3,", "@f", "-q", "--", "a b", "/tmp/x", "a\0b", "255",
        "99999999999",
    };
    String[] words = {"echo", "{}", "-n", "--", "-q", "@x", "", "sh", "-c", "{#}"};
    Random random = new Random(20260611);
    int accepted = 0;
    int tries = 3000;
    for (int n = 0; n < tries; n++) {
      List<String> args = new ArrayList<>();
      int options = random.nextInt(5);
      for (int k = 0; k < options; k++) {
        String name = names[random.nextInt(names.length)];
        String value = values[random.nextInt(values.length)];
        switch (random.nextInt(3)) {
          case 0 -> args.add(name);
          case 1 -> {
            args.add(name);
            args.add(value);
          }
          default -> args.add(name + "=" + value);
        }
      }
      int command = random.nextInt(4);
      for (int k = 0; k < command; k++) {
        args.add(words[random.nextInt(words.length)]);
      }
      if (RunArgs.parse(args, null) != null) {
        accepted++;
      }
      assertSameAsPicocli(args);
    }
    assertThat(accepted).as("command lines RunArgs accepted, of %d", tries).isGreaterThan(tries / 10);
  }
}
