package dev.kanal.examples;

/**
 * One seed program that {@code kanal demo NAME} runs.
 *
 * @param name the short kebab-case name given to {@code kanal demo}
 * @param seed where the program comes from: the seed file and its section
 * @param program the program's {@code main}
 */
public record Demo(String name, String seed, Program program) {

  /** A demo's {@code main(String[])}. */
  @FunctionalInterface
  public interface Program {
    void main(String[] args) throws Exception;
  }
}
