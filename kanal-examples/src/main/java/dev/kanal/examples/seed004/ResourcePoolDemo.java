package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;

import dev.kanal.Time;
import dev.kanal.WaitGroup;
import dev.kanal.pattern.ResourcePool;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 004's Pooling program: 25 goroutines run a query each with one of the connections of a
 * pool that keeps 2; the pool makes a connection when none is idle and closes the ones it has
 * no room for.
 *
 * <p>The seed's pool logs what it does ("Acquire: New Resource", "Release: In Queue", ...);
 * {@link ResourcePool} reports it as events, which this program logs with the seed's words.
 * One order differs: the pool reports a new resource once the factory has made it, so
 * "Create: New Connection" comes before "Acquire: New Resource".
 */
public final class ResourcePoolDemo {
  private ResourcePoolDemo() {}

  static final int MAX_GOROUTINES = 25; // the number of routines to use.
  static final int POOLED_RESOURCES = 2; // number of resources in the pool

  /** dbConnection simulates a resource to share. */
  record DbConnection(int id) implements AutoCloseable {
    /** Close lets the pool manage it (the seed's io.Closer); it performs any release work. */
    @Override
    public void close() {
      Log.println("Close: Connection", id);
    }
  }

  /** idCounter gives each connection a unique id. */
  static final AtomicInteger ID_COUNTER = new AtomicInteger();

  /** The factory the pool calls when it needs a new connection. */
  static DbConnection createConnection() {
    int id = ID_COUNTER.incrementAndGet();
    Log.println("Create: New Connection", id);
    return new DbConnection(id);
  }

  public static void main(String[] args) {
    WaitGroup wg = new WaitGroup();
    wg.add(MAX_GOROUTINES);

    // Create the pool to manage our connections.
    ResourcePool<DbConnection> p =
        new ResourcePool<DbConnection>(ResourcePoolDemo::createConnection, POOLED_RESOURCES)
            .onEvent(ResourcePoolDemo::logEvent);

    // Perform queries using connections from the pool.
    for (int query = 0; query < MAX_GOROUTINES; query++) {
      int q = query; // each goroutine needs its own copy of the query value
      go(
          () -> {
            performQueries(q, p);
            wg.done();
          });
    }

    // Wait for the goroutines to finish.
    wg.await();

    // Close the pool.
    Log.println("Shutdown Program.");
    p.close();
  }

  /** performQueries tests the resource pool of connections. */
  static void performQueries(int query, ResourcePool<DbConnection> p) {
    // Acquire a connection from the pool.
    DbConnection conn;
    try {
      conn = p.acquire();
    } catch (RuntimeException err) {
      Log.println(err.getMessage());
      return;
    }

    // Release the connection back to the pool.
    try { // defer p.Release(conn)
      // Wait to simulate a query response.
      Time.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1000)));
      Log.printf("Query: QID[%d] CID[%d]", query, conn.id());
    } finally {
      p.release(conn);
    }
  }

  /** What the seed's pool logs itself. */
  private static void logEvent(ResourcePool.Event event, DbConnection conn) {
    switch (event) {
      case ACQUIRE_SHARED -> Log.println("Acquire:", "Shared Resource");
      case ACQUIRE_NEW -> Log.println("Acquire:", "New Resource");
      case RELEASE_IN_QUEUE -> Log.println("Release:", "In Queue");
      case RELEASE_CLOSING -> Log.println("Release:", "Closing");
      case CLOSE_IDLE -> {} // the seed's Close logs nothing itself; the connection does
    }
  }
}
