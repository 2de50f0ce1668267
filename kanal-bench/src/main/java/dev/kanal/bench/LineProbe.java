package dev.kanal.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * What a cache line crossing between two cores costs a channel operation, measured on models of
 * Kanal's protocols rather than on Kanal itself: two <em>platform</em> threads that spin (never
 * park), one per core, so that only the memory traffic is left. Each pair of models differs in
 * one thing, how many cache lines the parties write per operation (docs/BENCHMARKS.md, "The
 * hand-off shapes" and "Small buffers"):
 *
 * <ul>
 *   <li>{@code handoff-waiter}: Kanal's unbuffered hand-off while both parties spin. The receiver
 *       CASes a fresh waiter into the channel's slot and spins on the waiter; the sender CASes it
 *       out, claims it by a CAS on its state, writes the value and release-stores "done". Two
 *       lines, the slot's and the waiter's, go to the sender and back per message.
 *   <li>{@code handoff-cell}: the same hand-off with the state and the value in the slot's own
 *       line: one line goes to the sender and back.
 *   <li>{@code ring-split}: Kanal's ring of two slots used as a semaphore (each party sends, then
 *       receives): the counters and sequence numbers in one padded array, the values in another
 *       (two lines per operation).
 *   <li>{@code ring-fielded}: the same ring with counters, sequence numbers and values as fields
 *       of one padded object (one line per operation, when the 40 bytes fall in one line).
 *   <li>{@code ring-locked}: Go's buffered channel instead: a lock word, the count and the two
 *       indexes in one padded object, the values in an array apart, and Go's {@code lock2}
 *       policy for a lock that is held (look four times with 30 spins between, then yield the
 *       CPU once, and again).
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.kanal.bench.LineProbe MODEL [OPS [ROUNDS]]</pre>
 *
 * <p>Prints one line per round: nanoseconds per message (hand-off) or per send-and-receive pair
 * (ring), over both threads. The first rounds are JIT warm-up; read the last ones.
 */
public final class LineProbe {
  private LineProbe() {}

  static final List<String> MODELS =
      List.of("handoff-waiter", "handoff-cell", "ring-split", "ring-fielded", "ring-locked");

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println(
          "usage: LineProbe MODEL [OPS [ROUNDS]]   (MODEL: "
              + String.join(", ", MODELS)
              + "; OPS per thread defaults to 5000000, ROUNDS to 10)");
      System.exit(2);
    }
    if (!MODELS.contains(args[0])) {
      System.err.println(
          "LineProbe: unknown MODEL '" + args[0] + "' (" + String.join(", ", MODELS) + ")");
      System.exit(2);
    }
    int ops = args.length > 1 ? TwoThreads.positive("LineProbe", "OPS", args[1]) : 5_000_000;
    int rounds = args.length > 2 ? TwoThreads.positive("LineProbe", "ROUNDS", args[2]) : 10;
    for (int r = 1; r <= rounds; r++) {
      System.out.printf("LineProbe\t%s\tround %d\t%.1f ns/op%n", args[0], r, round(args[0], ops));
    }
  }

  /** One round on a fresh model: ns per operation, from the start barrier to the end one. */
  static double round(String model, int ops) throws Exception {
    Runnable[] parties =
        switch (model) {
          case "handoff-waiter" -> new WaiterSlot().parties(ops);
          case "handoff-cell" -> new Cell().parties(ops);
          case "ring-split" -> sem(new SplitRing(), ops);
          case "ring-fielded" -> sem(new FieldedRing(), ops);
          case "ring-locked" -> sem(new LockedRing(), ops);
          default -> throw new IllegalArgumentException("unknown model '" + model + "'");
        };
    long elapsed =
        TwoThreads.race("LineProbe", Executors.callable(parties[0]), Executors.callable(parties[1]));
    boolean pairs = model.startsWith("ring");
    return elapsed / (pairs ? 2.0 * ops : ops);
  }

  private static final Object VALUE = "v";

  /** Pads the fields of a subclass away from the object header and what was allocated before. */
  static class PadHead {
    int gap; // fills the header's last four bytes, which would otherwise take a reference field
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  // ------------------------------------------------------------------ handoff-waiter

  /** A waiter: 0 waiting, 1 claimed, 2 done. */
  static final class Waiter {
    volatile int state;
    Object item;
  }

  static class WaiterSlotFields extends PadHead {
    volatile Waiter slot;
  }

  static final class WaiterSlot extends WaiterSlotFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    static final VarHandle SLOT;
    static final VarHandle STATE;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        SLOT = l.findVarHandle(WaiterSlotFields.class, "slot", Waiter.class);
        STATE = l.findVarHandle(Waiter.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    Runnable[] parties(int ops) {
      Runnable receiver =
          () -> {
            for (int i = 0; i < ops; i++) {
              Waiter w = new Waiter();
              while (!SLOT.compareAndSet(this, (Waiter) null, w)) {
                Thread.onSpinWait();
              }
              while (w.state != 2) {
                Thread.onSpinWait();
              }
              if (w.item != VALUE) {
                throw new IllegalStateException("lost a value");
              }
            }
          };
      Runnable sender =
          () -> {
            for (int i = 0; i < ops; i++) {
              Waiter w;
              while ((w = slot) == null || !SLOT.compareAndSet(this, w, (Waiter) null)) {
                Thread.onSpinWait();
              }
              if (!STATE.compareAndSet(w, 0, 1)) {
                throw new IllegalStateException("a waiter was claimed twice");
              }
              w.item = VALUE;
              STATE.setRelease(w, 2);
            }
          };
      return new Runnable[] {receiver, sender};
    }
  }

  // ------------------------------------------------------------------ handoff-cell

  /** 0 empty, 1 a receiver waits, 2 claimed, 3 done (the value is in {@code item}). */
  static class CellFields extends PadHead {
    volatile int state;
    Object item;
  }

  static final class Cell extends CellFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(CellFields.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    Runnable[] parties(int ops) {
      Runnable receiver =
          () -> {
            for (int i = 0; i < ops; i++) {
              int from = i == 0 ? 0 : 3; // collects the last value and waits again, one CAS
              while (!STATE.compareAndSet(this, from, 1)) {
                Thread.onSpinWait();
              }
              while (state != 3) {
                Thread.onSpinWait();
              }
              if (item != VALUE) {
                throw new IllegalStateException("lost a value");
              }
            }
          };
      Runnable sender =
          () -> {
            for (int i = 0; i < ops; i++) {
              while (state != 1 || !STATE.compareAndSet(this, 1, 2)) {
                Thread.onSpinWait();
              }
              item = VALUE;
              STATE.setRelease(this, 3);
            }
          };
      return new Runnable[] {receiver, sender};
    }
  }

  // ------------------------------------------------------------------ rings of two slots

  /**
   * A bounded MPMC ring of two slots in Vyukov's manner, as Kanal's: slot {@code i}'s sequence
   * number is {@code 2p} when free for the sender of position {@code p}, {@code 2p + 1} once
   * that sender published.
   */
  interface Ring {
    boolean offer(Object v);

    Object poll();
  }

  /** Each party acquires (sends) and releases (receives) in turn, as ChanSem. */
  private static Runnable[] sem(Ring ring, int ops) {
    Runnable party =
        () -> {
          for (int i = 0; i < ops; i++) {
            while (!ring.offer(VALUE)) {
              Thread.onSpinWait();
            }
            while (ring.poll() == null) {
              Thread.onSpinWait();
            }
          }
        };
    return new Runnable[] {party, party};
  }

  /**
   * As Kanal's compact ring: counters and sequence numbers in a padded array, values apart.
   * {@link FieldedRing} repeats this algorithm line for line on purpose, with its own storage:
   * where the words lie is the one thing the two models may differ in (a shared implementation
   * behind accessors would add a type check per access to both).
   */
  static final class SplitRing implements Ring {
    private static final VarHandle A = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int TX = 8;
    private static final int RX = 9;
    private static final int SEQ = 10;
    private final long[] ctl = new long[SEQ + 2 + 8];
    private final Object[] buf = new Object[2];

    SplitRing() {
      ctl[SEQ + 1] = 2;
    }

    @Override
    public boolean offer(Object v) {
      while (true) {
        long t = (long) A.getVolatile(ctl, TX);
        int i = (int) (t & 1);
        long s = (long) A.getAcquire(ctl, SEQ + i);
        if (s == 2 * t) {
          if (A.compareAndSet(ctl, TX, t, t + 1)) {
            buf[i] = v;
            A.setRelease(ctl, SEQ + i, 2 * t + 1);
            return true;
          }
        } else if (s < 2 * t) {
          return false;
        } else {
          Thread.onSpinWait();
        }
      }
    }

    @Override
    public Object poll() {
      while (true) {
        long r = (long) A.getVolatile(ctl, RX);
        int i = (int) (r & 1);
        long s = (long) A.getAcquire(ctl, SEQ + i);
        if (s == 2 * r + 1) {
          if (A.compareAndSet(ctl, RX, r, r + 1)) {
            Object v = buf[i];
            buf[i] = null;
            A.setRelease(ctl, SEQ + i, 2 * (r + 2));
            return v;
          }
        } else if (s < 2 * r + 1) {
          return null;
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  static class FieldedRingFields extends PadHead {
    volatile long tx;
    volatile long rx;
    volatile long s0;
    volatile long s1;
    Object v0;
    Object v1;
  }

  /** Counters, sequence numbers and values as fields of one padded object: 40 bytes together. */
  static final class FieldedRing extends FieldedRingFields implements Ring {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    private static final VarHandle TX;
    private static final VarHandle RX;
    private static final VarHandle S0;
    private static final VarHandle S1;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        TX = l.findVarHandle(FieldedRingFields.class, "tx", long.class);
        RX = l.findVarHandle(FieldedRingFields.class, "rx", long.class);
        S0 = l.findVarHandle(FieldedRingFields.class, "s0", long.class);
        S1 = l.findVarHandle(FieldedRingFields.class, "s1", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    FieldedRing() {
      s1 = 2;
    }

    private long seq(int i) {
      return i == 0 ? (long) S0.getAcquire(this) : (long) S1.getAcquire(this);
    }

    private void publish(int i, long s) {
      if (i == 0) {
        S0.setRelease(this, s);
      } else {
        S1.setRelease(this, s);
      }
    }

    @Override
    public boolean offer(Object v) {
      while (true) {
        long t = (long) TX.getVolatile(this);
        int i = (int) (t & 1);
        long s = seq(i);
        if (s == 2 * t) {
          if (TX.compareAndSet(this, t, t + 1)) {
            if (i == 0) {
              v0 = v;
            } else {
              v1 = v;
            }
            publish(i, 2 * t + 1);
            return true;
          }
        } else if (s < 2 * t) {
          return false;
        } else {
          Thread.onSpinWait();
        }
      }
    }

    @Override
    public Object poll() {
      while (true) {
        long r = (long) RX.getVolatile(this);
        int i = (int) (r & 1);
        long s = seq(i);
        if (s == 2 * r + 1) {
          if (RX.compareAndSet(this, r, r + 1)) {
            Object v;
            if (i == 0) {
              v = v0;
              v0 = null;
            } else {
              v = v1;
              v1 = null;
            }
            publish(i, 2 * (r + 2));
            return v;
          }
        } else if (s < 2 * r + 1) {
          return null;
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  static class LockedRingFields extends PadHead {
    volatile int key;
    int count;
    int sendx;
    int recvx;
  }

  /**
   * A ring of two slots behind a lock, as Go's {@code hchan}: whoever holds the lock does the
   * whole operation with plain accesses. A party that finds the lock held backs off as Go's
   * {@code runtime.lock2} does before it would sleep: four rounds of looking at the lock with
   * 30 spins between, then one yield of the CPU; the model yields where Go would go on to a
   * futex.
   */
  static final class LockedRing extends LockedRingFields implements Ring {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    private static final VarHandle KEY;

    static {
      try {
        KEY = MethodHandles.lookup().findVarHandle(LockedRingFields.class, "key", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Object[] buf = new Object[2];

    private void lock() {
      if (KEY.compareAndSet(this, 0, 1)) {
        return;
      }
      while (true) {
        for (int round = 0; round < 4; round++) {
          while (key == 0) {
            if (KEY.compareAndSet(this, 0, 1)) {
              return;
            }
          }
          for (int i = 0; i < 30; i++) {
            Thread.onSpinWait();
          }
        }
        while (key == 0) {
          if (KEY.compareAndSet(this, 0, 1)) {
            return;
          }
        }
        Thread.yield();
      }
    }

    private void unlock() {
      KEY.getAndSet(this, 0); // Go's unlock is an exchange too (it must see a sleeper)
    }

    @Override
    public boolean offer(Object v) {
      lock();
      try {
        if (count == buf.length) {
          return false;
        }
        buf[sendx] = v;
        sendx = sendx == buf.length - 1 ? 0 : sendx + 1;
        count++;
        return true;
      } finally {
        unlock();
      }
    }

    @Override
    public Object poll() {
      lock();
      try {
        if (count == 0) {
          return null;
        }
        Object v = buf[recvx];
        buf[recvx] = null;
        recvx = recvx == buf.length - 1 ? 0 : recvx + 1;
        count--;
        return v;
      } finally {
        unlock();
      }
    }
  }
}
