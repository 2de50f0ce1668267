package dev.kanal.pattern;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.ChannelClosedException;
import dev.kanal.Context;
import dev.kanal.ContextException;
import dev.kanal.Go;
import dev.kanal.SendChannel;
import dev.kanal.WaitGroup;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Seed 004's dispatcher ("another way to write workers"): a queue of jobs, a fixed set of
 * workers, and a dispatcher goroutine that hands each job to an idle worker. Each worker owns
 * a job channel and registers it, every time it becomes idle, on a channel of channels (the
 * worker pool); the dispatcher takes a job, then an idle worker's channel, and sends the job on
 * it.
 *
 * <pre>{@code
 * var d = Dispatcher.fromEnv(System.getenv(), job -> job.payload().uploadToS3());
 * d.run();
 * d.submit(new Job(payload));   // the seed's JobQueue <- work
 * d.close();                    // every queued job is done, every goroutine has ended
 * }</pre>
 *
 * <p>Sizes come from {@code MAX_WORKERS} and {@code MAX_QUEUE} as in the seed, through
 * {@link Config#fromEnv}, which says clearly which value is bad.
 *
 * <h2>Implementation</h2>
 *
 * <p>Channels as in the seed: {@code jobQueue} (buffered, {@code maxQueue}), {@code workerPool}
 * (a {@code Channel<Channel<J>>} of capacity {@code maxWorkers}, so a registration never
 * blocks), and one unbuffered job channel per worker; the seed's per-worker {@code quit}
 * channel is one context for all. One change: the seed's dispatch loop starts a goroutine per
 * job to wait for an idle worker, so with every worker busy, jobs leave the bounded queue for
 * an unbounded pile of goroutines. Here the loop itself waits for an idle worker before taking
 * the next job, so the queue is the only buffer and {@link #submit} blocks when it is full
 * (back-pressure).
 *
 * <p>Shutdown. {@link #close()} closes the queue; the dispatch loop hands out what is left and
 * ends; then the context is cancelled: idle workers leave at once, busy ones after their
 * current job (a worker checks the context when it registers again); close waits for all.
 * {@link #stop()} cancels at once: queued jobs are dropped and {@link #close()} then only
 * waits. Every blocking operation of the goroutines takes the context, so none is left either
 * way. A job that throws goes to the error handler; the worker goes on. Guarded by
 * {@code DispatcherTest}.
 *
 * @param <J> the job type
 */
public final class Dispatcher<J> implements AutoCloseable {

  /** Does one job: the seed's {@code job.Payload.UploadToS3()}. */
  @FunctionalInterface
  public interface Handler<J> {
    void handle(J job) throws Exception;
  }

  /**
   * The dispatcher's sizes.
   *
   * @param maxWorkers how many workers (at least 1)
   * @param maxQueue how many jobs may wait in the queue (0: a submission waits for the
   *     dispatcher)
   */
  public record Config(int maxWorkers, int maxQueue) {
    /** The largest accepted values; beyond them a typo is far more likely than a need. */
    public static final int MAX_WORKERS_LIMIT = 100_000;

    public static final int MAX_QUEUE_LIMIT = 10_000_000;

    public Config {
      if (maxWorkers < 1 || maxWorkers > MAX_WORKERS_LIMIT) {
        throw new IllegalArgumentException(
            "maxWorkers must be from 1 to " + MAX_WORKERS_LIMIT + ", got " + maxWorkers);
      }
      if (maxQueue < 0 || maxQueue > MAX_QUEUE_LIMIT) {
        throw new IllegalArgumentException(
            "maxQueue must be from 0 to " + MAX_QUEUE_LIMIT + ", got " + maxQueue);
      }
    }

    /**
     * The sizes from {@code MAX_WORKERS} and {@code MAX_QUEUE} in {@code env} (pass
     * {@code System.getenv()}), as the seed reads them; an unset or blank variable takes its
     * default.
     *
     * @throws IllegalArgumentException naming the variable and its value when one is not a
     *     whole number in range
     */
    public static Config fromEnv(Map<String, String> env, int defaultWorkers, int defaultQueue) {
      Objects.requireNonNull(env, "env");
      return new Config(
          parse(env, "MAX_WORKERS", defaultWorkers, 1, MAX_WORKERS_LIMIT),
          parse(env, "MAX_QUEUE", defaultQueue, 0, MAX_QUEUE_LIMIT));
    }

    /** {@link #fromEnv(Map, int, int)} with one worker per processor and a queue of 100. */
    public static Config fromEnv(Map<String, String> env) {
      return fromEnv(env, Runtime.getRuntime().availableProcessors(), 100);
    }

    private static int parse(Map<String, String> env, String name, int dflt, int min, int max) {
      String raw = env.get(name);
      if (raw == null || raw.isBlank()) {
        return dflt;
      }
      int v;
      try {
        v = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            name + " must be from " + min + " to " + max + ", got " + v);
      }
      return v;
    }
  }

  private final Config config;
  private final Handler<? super J> handler;
  private final Channel<J> jobQueue;
  private final Channel<Channel<J>> workerPool;
  private final CancellableContext ctx;
  private final WaitGroup goroutines = new WaitGroup();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile BiConsumer<? super J, ? super Throwable> onError =
      (job, e) -> {
        synchronized (System.err) {
          System.err.println("Error handling job " + job + ": " + e);
          e.printStackTrace(System.err);
        }
      };

  /** A dispatcher of {@code config}'s sizes whose workers run {@code handler}. */
  public Dispatcher(Config config, Handler<? super J> handler) {
    this(Context.background(), config, handler);
  }

  /** A dispatcher that also stops, as {@link #stop()} does, when {@code parent} ends. */
  public Dispatcher(Context parent, Config config, Handler<? super J> handler) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.ctx = Context.withCancel(Objects.requireNonNull(parent, "parent"));
    this.jobQueue = Channel.buffered(config.maxQueue());
    this.workerPool = Channel.buffered(config.maxWorkers());
  }

  /** A dispatcher sized by {@code MAX_WORKERS} and {@code MAX_QUEUE} in {@code env}. */
  public static <J> Dispatcher<J> fromEnv(Map<String, String> env, Handler<? super J> handler) {
    return new Dispatcher<>(Config.fromEnv(env), handler);
  }

  /** Sends each failed job and its exception to {@code onError} instead of standard error. */
  public Dispatcher<J> onError(BiConsumer<? super J, ? super Throwable> onError) {
    this.onError = Objects.requireNonNull(onError, "onError");
    return this;
  }

  /** Starts the workers and the dispatch goroutine: the seed's {@code Run}. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Dispatcher.run: already running");
    }
    goroutines.add(config.maxWorkers() + 1);
    for (int i = 0; i < config.maxWorkers(); i++) {
      Go.go(this::worker);
    }
    Go.go(this::dispatch);
  }

  /** A worker: the seed's {@code Worker.Start} loop. */
  private void worker() {
    Channel<J> jobChannel = Channel.unbuffered();
    try {
      while (true) {
        // Register the current worker into the worker queue, then wait for a job or the end.
        workerPool.send(jobChannel, ctx);
        J job = jobChannel.receive(ctx);
        try {
          handler.handle(job);
        } catch (Throwable e) {
          onError.accept(job, e);
        }
        // The job's own interrupt status (a handler that caught InterruptedException and restored
        // it) must not end this worker's next registration: the worker would die still listed in
        // workerPool, and the dispatcher would wait on it forever. The dispatcher stops workers
        // through ctx, never by interrupting them.
        Thread.interrupted();
      }
    } catch (ContextException quit) {
      // we have received a signal to stop
    } finally {
      goroutines.done();
    }
  }

  /** The dispatcher: each job to an idle worker, waiting for one before taking the next job. */
  private void dispatch() {
    try {
      J job;
      while ((job = jobQueue.receiveOrNull(ctx)) != null) {
        // Try to obtain a worker job channel that is available; blocks until a worker is idle.
        Channel<J> jobChannel = workerPool.receive(ctx);
        // Dispatch the job to the worker job channel.
        jobChannel.send(job, ctx);
      }
    } catch (ContextException stopped) {
      // stop(): queued jobs are dropped
    } finally {
      // Queue closed and drained (or stopped): no job will come, so the workers may leave
      // once their current job is done.
      ctx.cancel();
      goroutines.done();
    }
  }

  /**
   * Queues {@code job}; blocks while the queue is full: the seed's {@code JobQueue <- work}.
   *
   * @throws IllegalStateException if the dispatcher is closed or stopped
   */
  public void submit(J job) {
    Objects.requireNonNull(job, "job");
    try {
      jobQueue.send(job, ctx);
    } catch (ChannelClosedException | ContextException e) {
      throw new IllegalStateException("Dispatcher.submit: the dispatcher is closed or stopped");
    }
  }

  /** The job queue, for code that sends jobs itself (in a select, say). */
  public SendChannel<J> jobQueue() {
    return jobQueue.sendOnly();
  }

  /** The sizes in use. */
  public Config config() {
    return config;
  }

  /**
   * Stops at once: jobs still queued are dropped, busy workers finish their current job and
   * leave. Does not wait; {@link #close()} waits.
   */
  public void stop() {
    ctx.cancel();
  }

  /**
   * Graceful shutdown: takes no more jobs, waits until every queued job is done and every
   * goroutine of the dispatcher has ended. Idempotent.
   */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      try {
        jobQueue.close();
      } catch (ChannelClosedException alreadyClosedThroughJobQueue) {
        // Closed by a caller of jobQueue(): the same graceful end, already begun.
      }
      if (!started.get()) {
        ctx.cancel();
      }
    }
    goroutines.await();
  }

  @Override
  public String toString() {
    return "Dispatcher[workers=" + config.maxWorkers() + ", queued=" + jobQueue.len() + "]";
  }
}
