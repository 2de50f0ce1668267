package dev.kanal.pool;

/**
 * Turns a {@link PoolEvent} into one line of a {@link LogSink} ({@code null}: no line for this
 * event). Two are built in; any lambda will do for a format of your own:
 *
 * <pre>{@code
 * LogFormat mine = e -> e instanceof PoolEvent.JobSucceeded s ? "OK " + s.result() : null;
 * }</pre>
 */
@FunctionalInterface
public interface LogFormat {

  /**
   * Human lines in the seeds' style, after the local time, e.g. {@code 12:00:01.468 ✔️ worker 1
   * finished job 3 (Alice) in 234ms: ...}.
   */
  LogFormat HUMAN = e -> HumanFormat.line(e, true);

  /** {@link #HUMAN} without the time at the start of each line. */
  LogFormat HUMAN_NO_TIME = e -> HumanFormat.line(e, false);

  /**
   * JSON Lines: one JSON object per event and line, e.g. {@code
   * {"time":"2025-06-01T10:00:01.468Z","event":"succeeded","job":3,"worker":1,"attempt":1,
   * "input":"Alice","runMs":234.012,"result":"..."}}. Inputs, results and errors are written as
   * strings ({@code toString()}).
   */
  LogFormat JSON_LINES = JsonLinesFormat::line;

  /** The line for {@code event}, or {@code null} to write nothing for it. */
  String format(PoolEvent event);
}
