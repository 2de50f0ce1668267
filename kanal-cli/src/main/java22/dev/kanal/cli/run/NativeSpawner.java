package dev.kanal.cli.run;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Spawner} that starts processes with the C library's {@code posix_spawn}, through
 * the Foreign Function API (Java 22): one {@code exec} per job, like {@code xargs}, where
 * {@link ProcessBuilder} needs two (it starts each process through the JDK's
 * {@code jspawnhelper}). On 2,000 short jobs that halves kanal's CPU time. Linux only (x86-64
 * and AArch64, whose constants are below), glibc 2.34 or newer
 * ({@code posix_spawn_file_actions_addclosefrom_np}); {@link #create} returns null anywhere else,
 * and kanal uses {@link JdkSpawner}. Compiled for Java 22 from src/main/java22 and loaded by
 * name ({@link Spawner#choose}), so the rest of the module still runs on JDK 21.
 *
 * <h2>One attempt</h2>
 *
 * <ol>
 *   <li>Two pipes ({@code O_CLOEXEC}) for standard output and error.
 *   <li>{@code posix_spawn} of the program, with file actions that open {@code /dev/null} as
 *       standard input, {@code dup2} the pipes' write ends to 1 and 2 and close every descriptor
 *       from 3 up (so no descriptor of the JVM leaks into a job), and an empty signal mask. The
 *       program is looked up on {@code PATH} once ({@link #program}); then the parent closes
 *       its copies of the write ends.
 *   <li>{@code poll} and {@code read} of both pipes, into the attempt's {@link Capture}s, until
 *       both reach end of file (every process holding them has ended).
 *   <li>{@code waitid(..., WNOWAIT)}, which does not reap the process, then the process is
 *       marked exited and reaped with a second {@code waitid}.
 * </ol>
 *
 * <p><b>Which thread.</b> Steps 1 and 2 run on the job's own thread, a virtual thread of the
 * worker pool, and so does the rest for at most {@link #BRIEFLY_NANOS}: a native call blocks
 * the carrier thread under it, but only that long, and most short jobs (a {@code true}, a
 * {@code grep}, a small {@code convert}) are over by then. Their attempt then costs no other
 * thread: the only wake-up is the job's own end, as with {@code xargs}. Handing every
 * attempt to a platform thread and back cost two more wake-ups per job, which made 2,000
 * short jobs a fifth slower. A job still running then (or whose worker was interrupted) is
 * left to a platform thread of {@link #THREADS}, which reads the pipes and waits for the end
 * while the worker waits for it in {@link Future#get()}, which an interrupt ends; so a long job
 * holds no carrier thread, and stops, timeouts and Ctrl-C reach it as before.
 *
 * <p><b>Killing without a race on the pid.</b> A stop (the worker interrupted) kills the process
 * tree under {@code lock}, only while the process is spawned and not yet marked exited; the
 * platform thread marks it exited under the same lock before reaping it. So kanal never sends a
 * signal to a pid that the system may have given to another process. The stopped attempt then
 * waits (at most {@code AFTER_KILL}) for the platform thread to see the pipes close, and reports
 * {@link AttemptResult#KILLED} with what was read. Guarded by {@code SpawnerTest} (both
 * spawners, the same behaviour) and every end-to-end test of {@code kanal run}.
 */
@SuppressWarnings("restricted") // native calls are what this class is for; kanal enables native access
final class NativeSpawner implements Spawner {
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);
  private static final int POLL_MS = 250;
  /**
   * How long a job's own thread waits for its process before handing the wait to a platform
   * thread (see the class comment).
   */
  private static final long BRIEFLY_NANOS = Duration.ofMillis(2).toNanos();
  private static final int BUFFER = 64 * 1024;

  // Linux, x86-64 and AArch64.
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int P_PID = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;
  private static final int WNOHANG = 1;
  private static final short POLLIN = 0x1;
  private static final int EINTR = 4;
  private static final int ENOEXEC = 8;
  // siginfo_t for SIGCHLD: si_code at 8, si_pid at 16, si_status at 24; si_code says how the child ended.
  private static final long SI_CODE = 8;
  private static final long SI_PID = 16;
  private static final long SI_STATUS = 24;
  private static final int CLD_EXITED = 1;
  /** Room for glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336), sigset_t, siginfo_t (128). */
  private static final long OPAQUE = 1024;
  /** Room for a job's arguments and environment in each spawning thread; more goes to an arena. */
  private static final long STRINGS = 64 * 1024;

  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kanal-spawn-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final MethodHandle pipe2;
  private final MethodHandle close;
  private final MethodHandle read;
  private final MethodHandle poll;
  private final MethodHandle faInit;
  private final MethodHandle faDestroy;
  private final MethodHandle faAddOpen;
  private final MethodHandle faAddDup2;
  private final MethodHandle faAddCloseFrom;
  private final MethodHandle attrInit;
  private final MethodHandle attrSetFlags;
  private final MethodHandle attrSetSigMask;
  private final MethodHandle sigEmptySet;
  private final MethodHandle spawnp;
  private final MethodHandle spawn;
  private final MethodHandle waitid;
  private final Linker linker;
  private final SymbolLookup libc;
  /** strerror, made on the first error only: every new downcall handle costs milliseconds. */
  private volatile MethodHandle strerror;
  private final MemoryLayout captureLayout;
  private final VarHandle errno;
  private final Map<String, String> environment = Map.copyOf(System.getenv());
  /**
   * {@code NAME=VALUE} strings that recur from job to job (the config's {@code env},
   * {@code KANAL_ATTEMPT=1}...), made once in native memory that lives as long as kanal;
   * bounded, so that values new for every job cannot make it grow forever.
   */
  private final Map<String, MemorySegment> envStrings = new ConcurrentHashMap<>();
  /**
   * kanal's environment without the names a job sets itself, as an array of C string pointers
   * made once, by those names (one set, in practice): a job's environment is a copy of it and
   * the job's own variables.
   */
  private final Map<Set<String>, MemorySegment> baseEnvironment = new ConcurrentHashMap<>();
  private static final int ENV_CACHE = 4096;
  /**
   * Where each program named without a {@code /} was found on kanal's {@code PATH}, as a C
   * string, or {@link MemorySegment#NULL} where it was not: {@code posix_spawnp}, like
   * {@code execvp}, tries every directory of {@code PATH} in turn, one failed {@code execve}
   * per directory before the right one, for every job; kanal looks once (see {@link #program}).
   * Bounded, as a job's program may be a placeholder.
   */
  private final Map<String, MemorySegment> programs = new ConcurrentHashMap<>();
  private static final int PROGRAM_CACHE = 256;
  private final Arena forever = Arena.ofAuto();
  private final MemorySegment devNull = forever.allocateFrom("/dev/null");

  /**
   * Native memory each spawning thread reuses from attempt to attempt (zeroing 64 KiB per job
   * was a measurable part of its cost): the read buffer, libc's opaque structures, and room for
   * the job's argument and environment strings. The spawn attributes never change, so they are
   * set up once per thread.
   */
  private final class Scratch {
    final Arena arena = Arena.ofAuto();
    final MemorySegment buffer = arena.allocate(BUFFER);
    /** What a read brought, copied out of {@code buffer} for the job's {@link Capture}. */
    final byte[] bytes = new byte[BUFFER];
    final MemorySegment actions = arena.allocate(OPAQUE, 16);
    final MemorySegment attr = arena.allocate(OPAQUE, 16);
    final MemorySegment mask = arena.allocate(OPAQUE, 16);
    final MemorySegment info = arena.allocate(OPAQUE, 16);
    final MemorySegment fds = arena.allocate(8 * 2, 4);
    final MemorySegment capture = arena.allocate(captureLayout);
    final MemorySegment outPipe = arena.allocate(JAVA_INT, 2);
    final MemorySegment errPipe = arena.allocate(JAVA_INT, 2);
    final MemorySegment pid = arena.allocate(JAVA_INT);
    final MemorySegment strings = arena.allocate(STRINGS, 16);

    Scratch() {
      // An empty signal mask for the child: the JVM's threads block some signals (SIGQUIT),
      // and a program must not start with them blocked. glibc's posix_spawnattr_t holds no
      // allocation, so it is never destroyed.
      try {
        int r = (int) attrInit.invokeExact(attr);
        r |= (int) sigEmptySet.invokeExact(mask);
        r |= (int) attrSetSigMask.invokeExact(attr, mask);
        r |= (int) attrSetFlags.invokeExact(attr, POSIX_SPAWN_SETSIGMASK);
        if (r != 0) {
          throw new IllegalStateException("posix_spawn attributes could not be set up");
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  private NativeSpawner() {
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    Linker.Option errnoOption = Linker.Option.captureCallState("errno");
    captureLayout = Linker.Option.captureStateLayout();
    errno = captureLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    pipe2 = handle(linker, libc, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errnoOption);
    close = handle(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    read = handle(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errnoOption);
    poll = handle(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errnoOption);
    faInit = handle(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    faDestroy = handle(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    faAddOpen =
        handle(linker, libc, "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    faAddDup2 =
        handle(linker, libc, "posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    faAddCloseFrom =
        handle(linker, libc, "posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    attrInit = handle(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    attrSetFlags =
        handle(linker, libc, "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    attrSetSigMask =
        handle(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    sigEmptySet = handle(linker, libc, "sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    FunctionDescriptor spawnDescriptor =
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    spawnp = handle(linker, libc, "posix_spawnp", spawnDescriptor);
    spawn = handle(linker, libc, "posix_spawn", spawnDescriptor);
    waitid =
        handle(linker, libc, "waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            errnoOption);
    this.linker = linker;
    this.libc = libc;
  }

  private static MethodHandle handle(
      Linker linker, SymbolLookup libc, String name, FunctionDescriptor d, Linker.Option... options) {
    MemorySegment symbol =
        libc.find(name).orElseThrow(() -> new UnsupportedOperationException("no " + name + " in the C library"));
    return linker.downcallHandle(symbol, d, options);
  }

  /**
   * The native spawner, or null where it cannot run: not Linux on x86-64 or AArch64, native
   * access not enabled for kanal (then the JDK would print a warning on the first native call),
   * or a C library without the functions it needs.
   */
  public static Spawner create() {
    String arch = System.getProperty("os.arch");
    if (!"Linux".equals(System.getProperty("os.name"))
        || !("amd64".equals(arch) || "x86_64".equals(arch) || "aarch64".equals(arch))
        || !NativeSpawner.class.getModule().isNativeAccessEnabled()) {
      return null;
    }
    try {
      return new NativeSpawner();
    } catch (RuntimeException | LinkageError unavailable) {
      return null;
    }
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public AttemptResult run(
      List<String> argv, Map<String, String> env, RunningProcesses running, CaptureStore captures) {
    for (String a : argv) {
      if (a.indexOf('\0') >= 0) {
        return Spawner.cannotStart(
            argv, "an argument contains a NUL character", AttemptResult.CANNOT_EXECUTE, Instant.now(), Duration.ZERO,
            captures);
      }
    }
    Attempt a = new Attempt(argv, env, running, captures);
    try {
      if (a.startAndWaitBriefly()) {
        return a.notExecutable ? JdkSpawner.INSTANCE.run(argv, env, running, captures) : a.result;
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t); // invokeExact declares Throwable; native calls throw nothing
    }
    // Still running (or stopped meanwhile): the rest is waited for on a platform thread.
    Future<?> f = THREADS.submit(a);
    try {
      f.get();
    } catch (InterruptedException stop) {
      a.kill();
      a.awaitEnd();
      Thread.currentThread().interrupt(); // restored for the pool, which asked for the stop
      return a.killedResult();
    } catch (ExecutionException e) {
      a.out.release(); // no result will carry them: their memory goes back to the run
      a.err.release();
      throw new IllegalStateException("waiting for " + argv.getFirst() + " failed: " + e.getCause(), e.getCause());
    }
    return a.result;
  }

  /**
   * One attempt: {@link #startAndWaitBriefly} on the caller's thread, then, if the process
   * still runs, {@link #run()} on a platform thread of {@link #THREADS}.
   */
  private final class Attempt implements Runnable {
    private final List<String> argv;
    private final Map<String, String> env;
    private final RunningProcesses running;
    private final CaptureStore captures;
    final Capture out;
    final Capture err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private int pid; // guarded by lock; 0 until spawned
    private boolean exited; // guarded by lock: waited for, about to be reaped
    private volatile boolean abandoned;
    /** The read ends of standard output and error, -1 once at end of file. */
    private final int[] fd = {-1, -1};
    private int open;
    private final Instant start = Instant.now();
    private final long t0 = System.nanoTime();
    AttemptResult result;
    boolean notExecutable;

    Attempt(List<String> argv, Map<String, String> env, RunningProcesses running, CaptureStore captures) {
      this.argv = argv;
      this.env = env;
      this.running = running;
      this.captures = captures;
      this.out = captures.newCapture();
      this.err = captures.newCapture();
    }

    /**
     * Spawns the program and waits for it at most {@link #BRIEFLY_NANOS}, on the caller's thread.
     *
     * @return true with {@link #result} set (or {@link #notExecutable}) if the attempt is over;
     *     false if the process still runs, or the caller was interrupted meanwhile
     */
    boolean startAndWaitBriefly() throws Throwable {
      Scratch scratch = NativeSpawner.this.scratch.get();
      try (Strings strings = new Strings(scratch.strings)) {
        AttemptResult failed = spawn(scratch, strings);
        if (failed != null || notExecutable) {
          result = failed;
          return true;
        }
      }
      if (drain(scratch, BRIEFLY_NANOS) && !Thread.currentThread().isInterrupted() && reapIfExited(scratch)) {
        running.remove(pid);
        return true;
      }
      return false;
    }

    /** The rest of an attempt that outlived {@link #startAndWaitBriefly}, on a platform thread. */
    @Override
    public void run() {
      try {
        Scratch scratch = NativeSpawner.this.scratch.get();
        drain(scratch, -1);
        await(scratch);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t); // invokeExact declares Throwable; native calls throw nothing
      } finally {
        running.remove(pid);
        ended.countDown();
      }
    }

    /**
     * Makes the pipes and spawns the program: null once it runs, or the result of an attempt
     * that could not start it.
     */
    private AttemptResult spawn(Scratch scratch, Strings strings) throws Throwable {
      MemorySegment capture = scratch.capture;
      MemorySegment outPipe = scratch.outPipe;
      MemorySegment errPipe = scratch.errPipe;
      check((int) pipe2.invokeExact(capture, outPipe, O_CLOEXEC), "pipe2", capture);
      int outRead = outPipe.getAtIndex(JAVA_INT, 0);
      int outWrite = outPipe.getAtIndex(JAVA_INT, 1);
      if ((int) pipe2.invokeExact(capture, errPipe, O_CLOEXEC) != 0) {
        int e = errno(capture);
        closeFd(outRead);
        closeFd(outWrite);
        throw new IllegalStateException("pipe2 failed: " + describe(e));
      }
      int errRead = errPipe.getAtIndex(JAVA_INT, 0);
      int errWrite = errPipe.getAtIndex(JAVA_INT, 1);
      int spawned = -1;
      MemorySegment actions = scratch.actions;
      boolean actionsMade = false;
      try {
        actionsMade = (int) faInit.invokeExact(actions) == 0;
        int r = actionsMade ? 0 : -1;
        r |= (int) faAddOpen.invokeExact(actions, 0, devNull, O_RDONLY, 0);
        r |= (int) faAddDup2.invokeExact(actions, outWrite, 1);
        r |= (int) faAddDup2.invokeExact(actions, errWrite, 2);
        r |= (int) faAddCloseFrom.invokeExact(actions, 3);
        if (r != 0) {
          throw new IllegalStateException("posix_spawn file actions could not be set up");
        }
        MemorySegment args = strings(strings, argv);
        MemorySegment envp = environment(strings, env);
        MemorySegment found = program(argv.getFirst());
        if (found != MemorySegment.NULL) {
          spawned = (int) spawn.invokeExact(scratch.pid, found, actions, scratch.attr, args, envp);
        }
        if (spawned != 0) {
          // Not looked up, or what was found is gone: posix_spawnp searches PATH as execvp
          // does and reports what it finds (or fails to).
          spawned = (int) spawnp.invokeExact(
              scratch.pid, args.getAtIndex(ADDRESS, 0), actions, scratch.attr, args, envp);
        }
      } finally {
        // libc allocates for the file actions: always release them, and the parent's write ends
        // (the child has its own copies; end of file comes when every copy is closed).
        if (actionsMade) {
          int ignored = (int) faDestroy.invokeExact(actions);
        }
        closeFd(outWrite);
        closeFd(errWrite);
        if (spawned != 0) {
          closeFd(outRead);
          closeFd(errRead);
        }
      }
      if (spawned != 0) {
        if (spawned == ENOEXEC) {
          // A script without "#!": posix_spawn will not run it; ProcessBuilder runs it with sh,
          // as execvp does. That rare case is left to it.
          notExecutable = true;
          return null;
        }
        return Spawner.cannotStart(
            argv, describe(spawned), AttemptResult.cannotStartCode(spawned), start, since(), captures);
      }
      int child = scratch.pid.get(JAVA_INT, 0);
      lock.lock();
      try {
        pid = child;
      } finally {
        lock.unlock();
      }
      fd[0] = outRead;
      fd[1] = errRead;
      open = 2;
      running.add(child);
      return null;
    }

    /**
     * Reads both pipes until both are at end of file, the attempt is abandoned, or, with a
     * {@code budget} of 0 or more nanoseconds, that time has passed.
     *
     * @return whether both pipes are at end of file (and closed)
     */
    private boolean drain(Scratch scratch, long budget) throws Throwable {
      MemorySegment capture = scratch.capture;
      MemorySegment fds = scratch.fds;
      MemorySegment buf = scratch.buffer;
      byte[] bytes = scratch.bytes;
      Capture[] sink = {out, err};
      long deadline = System.nanoTime() + budget;
      while (open > 0 && !abandoned) {
        int timeout = POLL_MS;
        if (budget >= 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          timeout = (int) Math.min(POLL_MS, (left + 999_999) / 1_000_000);
        }
        for (int i = 0; i < 2; i++) {
          fds.set(JAVA_INT, i * 8L, fd[i]); // a negative fd is ignored by poll
          fds.set(JAVA_SHORT, i * 8L + 4, POLLIN);
          fds.set(JAVA_SHORT, i * 8L + 6, (short) 0);
        }
        int n = (int) poll.invokeExact(capture, fds, 2L, timeout);
        if (n < 0) {
          if (errno(capture) == EINTR) {
            continue;
          }
          throw new IllegalStateException("poll failed: " + describe(errno(capture)));
        }
        for (int i = 0; i < 2 && n > 0; i++) {
          if (fd[i] < 0 || fds.get(JAVA_SHORT, i * 8L + 6) == 0) {
            continue;
          }
          long got = (long) read.invokeExact(capture, fd[i], buf, (long) BUFFER);
          if (got > 0) {
            MemorySegment.copy(buf, JAVA_BYTE, 0, bytes, 0, (int) got);
            sink[i].write(bytes, 0, (int) got);
          } else if (got == 0 || errno(capture) != EINTR) {
            closeFd(fd[i]);
            fd[i] = -1;
            open--;
          }
        }
      }
      closeFd(fd[0]);
      closeFd(fd[1]);
      fd[0] = -1;
      fd[1] = -1;
      return open == 0;
    }

    /**
     * Reaps the process if it has ended, without waiting, and sets {@link #result}.
     *
     * @return whether it had ended
     */
    private boolean reapIfExited(Scratch scratch) throws Throwable {
      MemorySegment info = scratch.info;
      info.set(JAVA_INT, SI_PID, 0); // waitid leaves it 0 when WNOHANG finds nothing
      waitFor(scratch.capture, pid, info, WEXITED | WNOWAIT | WNOHANG);
      if (info.get(JAVA_INT, SI_PID) == 0) {
        return false;
      }
      reap(scratch);
      return true;
    }

    /** Waits for the process to end, then reaps it and sets {@link #result}. */
    private void await(Scratch scratch) throws Throwable {
      waitFor(scratch.capture, pid, scratch.info, WEXITED | WNOWAIT);
      reap(scratch);
    }

    /**
     * Marks the process exited, then reaps it (it has ended: {@code WNOWAIT} saw it, without
     * reaping it, so that its pid could not be reused meanwhile) and sets {@link #result}: its
     * exit status as {@link ProcessBuilder} reports it (the exit code, or 128 + the signal that
     * killed it).
     */
    private void reap(Scratch scratch) throws Throwable {
      lock.lock();
      try {
        exited = true; // from here on, no signal for this pid: it is about to be reaped
      } finally {
        lock.unlock();
      }
      MemorySegment info = scratch.info;
      waitFor(scratch.capture, pid, info, WEXITED);
      int status = info.get(JAVA_INT, SI_STATUS);
      int code = info.get(JAVA_INT, SI_CODE) == CLD_EXITED ? status & 0xff : 0x80 + status;
      out.end();
      err.end();
      result = new AttemptResult(code, out, err, start, since());
    }

    private void waitFor(MemorySegment capture, int child, MemorySegment info, int options) throws Throwable {
      while ((int) waitid.invokeExact(capture, P_PID, child, info, options) != 0) {
        if (errno(capture) != EINTR) {
          throw new IllegalStateException("waitid failed: " + describe(errno(capture)));
        }
      }
    }

    /** Kills the process tree, if the process was spawned and is not yet reaped. */
    void kill() {
      lock.lock();
      try {
        if (pid != 0 && !exited) {
          ProcessHandle.of(pid).ifPresent(RunningProcesses::killTree);
        }
      } finally {
        lock.unlock();
      }
    }

    /** Waits, at most {@code AFTER_KILL}, for the platform thread to finish; uninterruptibly. */
    void awaitEnd() {
      long deadline = System.nanoTime() + AFTER_KILL.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          abandoned = true; // something still holds the pipes: stop reading them
          return;
        }
        try {
          if (ended.await(left, TimeUnit.NANOSECONDS)) {
            return;
          }
        } catch (InterruptedException again) {
          continue; // already stopping
        }
      }
    }

    /**
     * What was read until now, the captures ended: a platform thread abandoned after
     * {@code AFTER_KILL} may still read, and its reads are dropped.
     */
    AttemptResult killedResult() {
      out.end();
      err.end();
      return new AttemptResult(AttemptResult.KILLED, out, err, start, since());
    }

    private Duration since() {
      return Duration.ofNanos(System.nanoTime() - t0);
    }
  }

  /** The job's environment: kanal's, with {@code extra} added or replacing. */
  private MemorySegment environment(SegmentAllocator strings, Map<String, String> extra) {
    MemorySegment base = baseEnvironment.get(extra.keySet());
    if (base == null) {
      List<MemorySegment> entries = environment.entrySet().stream()
          .filter(e -> !extra.containsKey(e.getKey()))
          .map(e -> forever.allocateFrom(e.getKey() + "=" + e.getValue()))
          .toList();
      base = forever.allocate(ADDRESS, Math.max(1, entries.size()));
      for (int i = 0; i < entries.size(); i++) {
        base.setAtIndex(ADDRESS, i, entries.get(i));
      }
      base = base.asSlice(0, ADDRESS.byteSize() * entries.size());
      if (baseEnvironment.size() < 16) {
        baseEnvironment.put(Set.copyOf(extra.keySet()), base);
      }
    }
    long n = base.byteSize() / ADDRESS.byteSize();
    MemorySegment array = strings.allocate(ADDRESS, n + extra.size() + 1L);
    MemorySegment.copy(base, 0, array, 0, base.byteSize());
    long i = n;
    for (Map.Entry<String, String> e : extra.entrySet()) {
      String entry = e.getKey() + "=" + e.getValue();
      MemorySegment c = envStrings.get(entry);
      if (c == null) {
        c = envStrings.size() < ENV_CACHE && !e.getKey().equals("KANAL_JOB")
            ? envStrings.computeIfAbsent(entry, forever::allocateFrom)
            : strings.allocateFrom(entry);
      }
      array.setAtIndex(ADDRESS, i++, c);
    }
    array.setAtIndex(ADDRESS, i, MemorySegment.NULL);
    return array;
  }

  /** A NULL-terminated array of C strings. */
  private static MemorySegment strings(SegmentAllocator allocator, List<String> values) {
    MemorySegment array = allocator.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, allocator.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  /**
   * The file {@code posix_spawn} can start for {@code name} without a search, or
   * {@link MemorySegment#NULL} to leave it to {@code posix_spawnp} (a name with a {@code /},
   * which is not searched for, or one not found): the first directory of kanal's {@code PATH}
   * that holds a regular executable file of that name, as {@code execvp} would find it. Looked up once per name: like a shell's command hash, a program installed
   * earlier on the {@code PATH} while kanal runs is not seen; one removed is (the spawn fails
   * and {@code posix_spawnp} searches again).
   */
  private MemorySegment program(String name) {
    MemorySegment found = programs.get(name);
    if (found != null) {
      return found;
    }
    found = MemorySegment.NULL;
    String path = environment.get("PATH");
    if (path != null && !name.isEmpty() && !name.contains("/")) {
      try {
        for (String dir : path.split(":", -1)) {
          Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            found = forever.allocateFrom(p.toString());
            break;
          }
        }
      } catch (InvalidPathException e) {
        found = MemorySegment.NULL; // a name no path can hold: posix_spawnp says what is wrong
      }
    }
    if (programs.size() < PROGRAM_CACHE) {
      programs.putIfAbsent(name, found);
    }
    return found;
  }

  /**
   * Bump allocation in a spawning thread's scratch memory for one attempt's strings, and in an
   * arena (freed when the attempt ends) for what does not fit.
   */
  private static final class Strings implements SegmentAllocator, AutoCloseable {
    private final MemorySegment region;
    private long used;
    private Arena overflow;

    Strings(MemorySegment region) {
      this.region = region;
    }

    @Override
    public MemorySegment allocate(long size, long alignment) {
      long at = (used + alignment - 1) & -alignment;
      if (at + size <= region.byteSize()) {
        used = at + size;
        return region.asSlice(at, size, alignment);
      }
      if (overflow == null) {
        overflow = Arena.ofConfined();
      }
      return overflow.allocate(size, alignment);
    }

    @Override
    public void close() {
      if (overflow != null) {
        overflow.close();
      }
    }
  }

  private int errno(MemorySegment capture) {
    return (int) errno.get(capture, 0L);
  }

  private void check(int result, String call, MemorySegment capture) {
    if (result != 0) {
      throw new IllegalStateException(call + " failed: " + describe(errno(capture)));
    }
  }

  private void closeFd(int fd) throws Throwable {
    if (fd >= 0) {
      int ignored = (int) close.invokeExact(fd);
    }
  }

  /** The system's text for an error number ({@code No such file or directory}). */
  private String describe(int error) {
    try {
      MethodHandle h = strerror;
      if (h == null) {
        h = handle(linker, libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        strerror = h;
      }
      MemorySegment text = (MemorySegment) h.invokeExact(error);
      return text.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      return "error " + error;
    }
  }
}
