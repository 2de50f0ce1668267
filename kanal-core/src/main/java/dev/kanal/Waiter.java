package dev.kanal;

/**
 * A goroutine waiting in one channel's send or receive queue: Go's {@code sudog}.
 *
 * <p>A plain blocking send or receive uses one waiter that is its own {@link Parker}; a select
 * makes one waiter per channel case, all sharing the select's parker. Queue links
 * ({@code prev}, {@code next}, {@code linked}) are guarded by the channel's lock.
 *
 * <p>{@code item} carries the value: a sender stores its value before it enqueues itself; a
 * waker that matches a receiver stores the received value there before
 * {@link Parker#complete}. {@code success} is false when {@code close} released the waiter.
 */
final class Waiter extends Parker {
  final Parker owner;
  final HChan<?> chan;
  final boolean sending;
  /** Index of the select case this waiter stands for; 0 for a plain send or receive. */
  final int caseIndex;

  Object item;
  boolean success;

  Waiter prev;
  Waiter next;
  boolean linked;

  /**
   * Link in the owning channel's chain of claimed waiters that the lock holder releases after
   * unlocking ({@code HChan.unlockAndRelease}); guarded by the channel's lock until then.
   */
  Waiter releaseNext;

  /** A plain send or receive: the waiter is its own parker. */
  Waiter(Thread thread, HChan<?> chan, boolean sending, Object item) {
    super(thread);
    this.owner = this;
    this.chan = chan;
    this.sending = sending;
    this.caseIndex = 0;
    this.item = item;
  }

  /** One case of a select, parked on the select's shared parker. */
  Waiter(Parker owner, HChan<?> chan, boolean sending, Object item, int caseIndex) {
    super(owner.thread);
    this.owner = owner;
    this.chan = chan;
    this.sending = sending;
    this.caseIndex = caseIndex;
    this.item = item;
  }

  /** The waker's side: publish success or failure (closed) and wake the owner. */
  void release(boolean success) {
    this.success = success;
    owner.complete(this);
  }
}
