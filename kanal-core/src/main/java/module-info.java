/**
 * Kanal: Go's concurrency model for Java 21+.
 *
 * <p>{@code dev.kanal} holds Go's vocabulary: channels ({@link dev.kanal.Channel},
 * {@link dev.kanal.SendChannel}, {@link dev.kanal.ReceiveChannel}), {@link dev.kanal.Select},
 * goroutines ({@link dev.kanal.Go}), {@link dev.kanal.WaitGroup} and timers
 * ({@link dev.kanal.Time}, {@link dev.kanal.Timer}, {@link dev.kanal.Ticker}).
 */
module dev.kanal {
  exports dev.kanal;
  exports dev.kanal.pool;
}
