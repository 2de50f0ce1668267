package dev.kanal.examples;

import java.util.List;

/**
 * One seed program that {@code kanal demo NAME} runs.
 *
 * @param name the short kebab-case name given to {@code kanal demo}
 * @param seed where the program comes from: the seed file and its section
 * @param arguments the names of the optional arguments its {@code main} reads, in order; {@code
 *     kanal demo} refuses more than these, as a user who passes one the demo never reads has made
 *     a mistake (a flag it does not have, a typo) that silence would hide
 * @param program the program's {@code main}
 */
public record Demo(String name, String seed, List<String> arguments, Program program) {

  public Demo {
    arguments = List.copyOf(arguments);
  }

  /** A demo whose {@code main} reads no arguments. */
  public Demo(String name, String seed, Program program) {
    this(name, seed, List.of(), program);
  }

  /** A demo's {@code main(String[])}. */
  @FunctionalInterface
  public interface Program {
    void main(String[] args) throws Exception;
  }
}
