/**
 * Kanal: Go's concurrency model for Java 21+.
 *
 * <p>{@code dev.kanal} holds Go's vocabulary: channels ({@link dev.kanal.Channel},
 * {@link dev.kanal.SendChannel}, {@link dev.kanal.ReceiveChannel}), {@link dev.kanal.Select},
 * goroutines ({@link dev.kanal.Go}), {@link dev.kanal.WaitGroup} and timers
 * ({@link dev.kanal.Time}, {@link dev.kanal.Timer}, {@link dev.kanal.Ticker}).
 *
 * <p>{@code dev.kanal.pattern} holds the seeds' concurrency patterns built on them: Runner,
 * ResourcePool, WorkPool, Dispatcher, pipelines (generator, fan-in, fan-out, filter chain),
 * Future and SharedVariable.
 *
 * <p>{@code dev.kanal.pool} holds the worker pool ({@link dev.kanal.pool.WorkerPool}) built from
 * the same channels, contexts and goroutines.
 */
module dev.kanal {
  exports dev.kanal;
  exports dev.kanal.pattern;
  exports dev.kanal.pool;
}
