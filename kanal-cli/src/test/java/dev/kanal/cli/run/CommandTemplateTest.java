package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {
  private static final JobSpec LINE = JobSpec.line(7, "a b; $(x) 'q'");

  private static JobSpec person() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", "Alice");
    f.put("age", "30");
    return JobSpec.object(3, "{\"name\":\"Alice\",\"age\":30}", f);
  }

  @Test
  void placeholdersAreReplacedInsideArgumentsWithoutSplittingThem() {
    CommandTemplate t = CommandTemplate.of(List.of("cp", "{}", "out/{}.bak", "--n={#}"));

    assertThat(t.argv(LINE)).containsExactly("cp", "a b; $(x) 'q'", "out/a b; $(x) 'q'.bak", "--n=7");
  }

  @Test
  void withoutPlaceholderTheLineGoesLast() {
    assertThat(CommandTemplate.of(List.of("echo", "-n")).argv(LINE)).containsExactly("echo", "-n", "a b; $(x) 'q'");
  }

  @Test
  void withoutCommandTheLineRunsInAShell() {
    CommandTemplate t = CommandTemplate.of(List.of());

    assertThat(t.shell()).isTrue();
    assertThat(t.argv(LINE)).containsExactly("sh", "-c", "a b; $(x) 'q'");
    assertThat(t.display(LINE)).isEqualTo("a b; $(x) 'q'");
  }

  @Test
  void fieldsFillNamedPlaceholdersOfObjectJobsOnly() {
    CommandTemplate t = CommandTemplate.of(List.of("greet", "{name}", "{age}", "{}"));

    assertThat(t.argv(person())).containsExactly("greet", "Alice", "30", "{\"name\":\"Alice\",\"age\":30}");
    // For a line, {name} is just text (awk's {print} and the like stay as they are).
    assertThat(CommandTemplate.of(List.of("awk", "{print}")).argv(JobSpec.line(1, "f")))
        .containsExactly("awk", "{print}", "f");
  }

  @Test
  void displayQuotesForAPosixShell() {
    CommandTemplate t = CommandTemplate.of(List.of("echo", "{}", "plain-arg_1.txt"));

    assertThat(t.display(LINE)).isEqualTo("echo 'a b; $(x) '\\''q'\\''' plain-arg_1.txt");
    assertThat(CommandTemplate.quote("")).isEqualTo("''");
  }

  @Test
  void anObjectJobMustHaveEveryFieldTheCommandUses() {
    CommandTemplate t = CommandTemplate.of(List.of("greet", "{name}", "{city}"));

    assertThatThrownBy(() -> t.check(person())).isInstanceOf(UsageException.class)
        .hasMessage("job 3 {\"name\":\"Alice\",\"age\":30} has no field 'city', which the command uses as {city};"
            + " its fields are [name, age]");
  }

  @Test
  void theProgramIsLookedUpOnThePathUnlessTheLineChoosesIt() {
    CommandTemplate.of(List.of("sh", "-c", "true")).checkProgram();
    CommandTemplate.of(List.of("{}")).checkProgram(); // chosen per job: not checked ahead

    assertThatThrownBy(() -> CommandTemplate.of(List.of("kanal-no-such-program")).checkProgram())
        .hasMessage("command not found: kanal-no-such-program (not in any directory of $PATH)");
    assertThatThrownBy(() -> CommandTemplate.of(List.of("/etc")).checkProgram())
        .hasMessage("command cannot be run: /etc is not an executable file");
  }
}
