package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;

import dev.kanal.Channel;

/**
 * Seed 004, the future: call a function before its argument is ready. The call and the
 * preparation of its arguments are fully decoupled; the function runs by itself once its data
 * arrives, and the result is picked up later. Futures combine with the other patterns:
 * multiplex several result channels, feed them from a generator, or chain them into a pipe
 * filter. Prints "get select * from table".
 */
public final class FutureQuery {
  private FutureQuery() {}

  record Query(Channel<String> sql, Channel<String> result) {}

  static void execQuery(Query q) {
    go(
        () -> {
          String sql = q.sql().receive();
          q.result().send("get " + sql);
        });
  }

  public static void main(String[] args) {
    Query q = new Query(Channel.buffered(1), Channel.buffered(1));
    execQuery(q);

    // Prepare the argument.
    q.sql().send("select * from table");
    System.out.println(q.result().receive());
  }
}
