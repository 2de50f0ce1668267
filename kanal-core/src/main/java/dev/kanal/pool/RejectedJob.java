package dev.kanal.pool;

import java.time.Duration;
import java.util.Optional;

/** The handle of a job the pool refused: done at once, with its {@link Outcome.Rejected}. */
final class RejectedJob<T, R> implements Job<T, R> {
  private final Outcome.Rejected<T, R> outcome;

  RejectedJob(T input, RejectedJobException.Reason reason) {
    this.outcome = new Outcome.Rejected<>(0, input, reason);
  }

  @Override
  public long id() {
    return 0;
  }

  @Override
  public T input() {
    return outcome.input();
  }

  @Override
  public boolean accepted() {
    return false;
  }

  @Override
  public boolean isDone() {
    return true;
  }

  @Override
  public Outcome<T, R> outcome() {
    return outcome;
  }

  @Override
  public Optional<Outcome<T, R>> outcome(Duration timeout) {
    return Optional.of(outcome);
  }

  @Override
  public boolean cancel() {
    return false;
  }

  @Override
  public String toString() {
    return "Job[rejected, " + outcome.input() + ", " + outcome.reason() + "]";
  }
}
