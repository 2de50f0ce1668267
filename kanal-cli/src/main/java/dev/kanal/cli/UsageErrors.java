package dev.kanal.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code kanal} and {@code kanal demo} report a mistake on their command line: one line that
 * names it and says where help is, exit status 2; a mistyped command gets the command it most
 * likely meant. Only {@code kanal} with nothing after it prints the whole usage, which is then
 * what the user is after. ({@code kanal run} has its own handler, in {@code RunCommand}.)
 */
final class UsageErrors implements IParameterExceptionHandler {
  private final CommandLine top;

  private UsageErrors(CommandLine top) {
    this.top = top;
  }

  /** Installs the handler on {@code top} and its subcommands present now. */
  static void install(CommandLine top) {
    top.setParameterExceptionHandler(new UsageErrors(top));
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine c = ex.getCommandLine();
    PrintWriter err = c.getErr();
    if (c == top && args.length == 0) {
      err.println(ex.getMessage()); // "Missing required subcommand"
      c.usage(err);
      return CommandLine.ExitCode.USAGE;
    }
    String name = c.getCommandName();
    String help = c == top ? "kanal --help" : "kanal " + name + " --help";
    String what = ex.getMessage();
    if (c == top && ex instanceof UnmatchedArgumentException u && !u.isUnknownOption()) {
      String word = u.getUnmatched().getFirst();
      List<String> commands = List.copyOf(top.getSubcommands().keySet());
      String guess = closest(word, commands);
      what = "no command named '" + word + "'"
          + (guess != null ? "; did you mean '" + guess + "'?" : "")
          + " (commands: " + String.join(", ", commands) + ")";
    } else if (ex instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
      what = "unknown option '" + u.getUnmatched().getFirst() + "'";
    }
    err.println((c == top ? "kanal: " : "kanal " + name + ": ") + what + "; see " + help);
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** The candidate at edit distance 2 or less from {@code word} (a typo), or null. */
  static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: edits, where swapping two neighbours is one edit. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
