package dev.kanal.cli.run;

import java.time.Instant;

/**
 * A job as the worker pool carries it: the {@link JobSpec}, its place in submission order, and
 * what its attempts did so far.
 *
 * <p>{@code firstStart} and {@code last} are written by the worker running an attempt and read
 * after the job's outcome or event has been delivered; the pool's outcome channel and event
 * mailbox order those reads after the writes. They are volatile because a retry may run on
 * another worker than the attempt before it.
 */
final class RunJob {
  final JobSpec spec;
  /** 1, 2, 3... in the order the jobs were submitted (resumed jobs are not): for --keep-order. */
  final long seq;
  /** How logs show the command; made on first use. */
  private volatile String display;

  volatile Instant firstStart;
  volatile AttemptResult last;

  RunJob(JobSpec spec, long seq) {
    this.spec = spec;
    this.seq = seq;
  }

  long number() {
    return spec.number();
  }

  String display(CommandTemplate template) {
    String d = display;
    if (d == null) {
      d = template.display(spec);
      display = d;
    }
    return d;
  }

  /** The pool's log formats print inputs with toString. */
  @Override
  public String toString() {
    return spec.label();
  }
}
