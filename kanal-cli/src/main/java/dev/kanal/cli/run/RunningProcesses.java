package dev.kanal.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of the jobs running now, so that they can all be killed at once when kanal
 * itself must end at once (a third Ctrl-C, SIGTERM): a job's process never outlives kanal.
 * The ordinary ways of stopping a job (its timeout, the global timeout, fail-fast, a second
 * Ctrl-C) go through the worker pool, which interrupts the job's worker, which kills the
 * process tree itself (see {@link Spawner}).
 */
final class RunningProcesses {
  private final Set<Long> live = ConcurrentHashMap.newKeySet();

  void add(long pid) {
    live.add(pid);
  }

  void remove(long pid) {
    live.remove(pid);
  }

  int size() {
    return live.size();
  }

  /** Kills every running job's process tree. */
  void killAll() {
    for (long pid : new ArrayList<>(live)) {
      ProcessHandle.of(pid).ifPresent(RunningProcesses::killTree);
    }
  }

  /**
   * Kills {@code root} and every process below it. The tree is read first, then the root is
   * killed (so it starts no new child), then the rest: a child that forked between the two
   * steps is the only one that can escape, and only when its parent was itself just killed.
   */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> below = root.descendants().toList();
    root.destroyForcibly();
    for (ProcessHandle h : below) {
      h.destroyForcibly();
    }
  }
}
