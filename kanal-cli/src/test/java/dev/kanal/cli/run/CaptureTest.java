package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Capture} and {@link CaptureStore}: output stays in memory within the budget, moves to a
 * file past it (the capture's cap or the run's), byte for byte, and stays in memory when no
 * file can be written; releasing and closing leave nothing behind.
 */
class CaptureTest {

  @TempDir Path dir;

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<CaptureStore> stores = new ArrayList<>();

  private CaptureStore store(long budget, long perCapture) {
    return keep(new CaptureStore(dir, budget, perCapture, warnings::add));
  }

  private CaptureStore keep(CaptureStore s) {
    stores.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(CaptureStore::close);
  }

  /** {@code n} random bytes, every value among them. */
  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code b} in pieces of 1 to {@code most} bytes. */
  private static void writeInPieces(Capture c, byte[] b, int most, long seed) {
    Random r = new Random(seed);
    for (int off = 0; off < b.length; ) {
      int len = Math.min(b.length - off, 1 + r.nextInt(most));
      c.write(b, off, len);
      off += len;
    }
  }

  private static byte[] viaWriteTo(Capture c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.writeTo(out);
    return out.toByteArray();
  }

  private static byte[] viaOpen(Capture c) throws IOException {
    try (InputStream in = c.open()) {
      return in.readAllBytes();
    }
  }

  private List<Path> spillFiles(CaptureStore s) throws IOException {
    try (Stream<Path> files = Files.list(s.directory())) {
      return files.toList();
    }
  }

  @Test
  void outputWithinTheBudgetStaysInMemoryAndTouchesNoDisk() throws IOException {
    CaptureStore s = store(1000, 500);
    Capture c = s.newCapture();
    byte[] b = bytes(500, 1);

    writeInPieces(c, b, 40, 2);
    c.end();

    assertThat(c.spilled()).isFalse();
    assertThat(c.size()).isEqualTo(500);
    assertThat(s.memoryUsed()).isEqualTo(500);
    assertThat(s.directory()).as("no directory is made while nothing spills").isNull();
    assertThat(c.toByteArray()).isEqualTo(b);
    assertThat(viaWriteTo(c)).isEqualTo(b);
    assertThat(viaOpen(c)).isEqualTo(b);
  }

  @Test
  void pastItsOwnCapACaptureMovesToAFileByteForByte() throws IOException {
    CaptureStore s = store(1_000_000, 100);
    Capture c = s.newCapture();
    byte[] b = bytes(10_000, 3);

    writeInPieces(c, b, 37, 4);
    c.end();

    assertThat(c.spilled()).isTrue();
    assertThat(c.size()).isEqualTo(10_000);
    assertThat(s.memoryUsed()).as("its memory went back to the budget").isZero();
    assertThat(s.peakMemory()).isLessThanOrEqualTo(100);
    assertThat(spillFiles(s)).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(b));
    assertThat(viaWriteTo(c)).isEqualTo(b);
    assertThat(viaOpen(c)).isEqualTo(b);
    assertThat(c.toByteArray()).isEqualTo(b);
    assertThat(c.isEmpty()).isFalse();
  }

  @Test
  void pastTheRunsBudgetTheCaptureThatWouldGoOverMovesToAFile() {
    CaptureStore s = store(100, 100);
    Capture a = s.newCapture();
    Capture b = s.newCapture();
    byte[] first = bytes(80, 5);
    byte[] second = bytes(30, 6);

    a.write(first, 0, first.length);
    b.write(second, 0, 10);
    b.write(second, 10, 20); // 80 + 30 > 100

    assertThat(a.spilled()).isFalse();
    assertThat(b.spilled()).isTrue();
    assertThat(s.memoryUsed()).isEqualTo(80);
    assertThat(a.toByteArray()).isEqualTo(first);
    assertThat(b.toByteArray()).isEqualTo(second);

    a.release();
    Capture c = s.newCapture();
    c.write(second, 0, 30);
    assertThat(c.spilled()).as("a's release gave its memory back").isFalse();
    assertThat(s.memoryUsed()).isEqualTo(30);
  }

  @Test
  void aBudgetOfZeroPutsEverythingInFilesAndAnEmptyCaptureInNone() throws IOException {
    CaptureStore s = store(0, 0);
    Capture empty = s.newCapture();
    Capture c = s.newCapture();
    byte[] b = bytes(3, 7);

    empty.end();
    c.write(b, 0, 3);
    c.end();

    assertThat(empty.isEmpty()).isTrue();
    assertThat(viaWriteTo(empty)).isEmpty();
    assertThat(c.spilled()).isTrue();
    assertThat(spillFiles(s)).hasSize(1);
    assertThat(viaOpen(c)).isEqualTo(b);
  }

  @Test
  void releaseDeletesTheFileGivesTheMemoryBackAndCanBeRepeated() throws IOException {
    CaptureStore s = store(1000, 100);
    Capture inFile = s.newCapture();
    Capture inMemory = s.newCapture();
    byte[] b = bytes(300, 8);
    inFile.write(b, 0, 300);
    inMemory.write(b, 0, 50);
    assertThat(s.memoryUsed()).isEqualTo(50);
    assertThat(spillFiles(s)).hasSize(1);

    inFile.release();
    inMemory.release();
    inMemory.release();

    assertThat(spillFiles(s)).isEmpty();
    assertThat(s.memoryUsed()).isZero();
    assertThatThrownBy(inFile::toByteArray).isInstanceOf(IllegalStateException.class);
    inFile.write(b, 0, 10); // a late writer: dropped, and no new file
    assertThat(spillFiles(s)).isEmpty();
  }

  @Test
  void closeDeletesEveryFileAndTheDirectoryAndMakesNoMore() {
    CaptureStore s = store(100, 10);
    byte[] b = bytes(100, 9);
    Capture a = s.newCapture();
    Capture c = s.newCapture();
    a.write(b, 0, 100);
    c.write(b, 0, 100);
    Path d = s.directory();
    assertThat(d).isDirectory();

    s.close();

    assertThat(d).doesNotExist();
    Capture late = s.newCapture();
    late.write(b, 0, 100);
    assertThat(late.spilled()).isFalse();
    assertThat(late.toByteArray()).isEqualTo(b);
    assertThat(d).doesNotExist();
    assertThat(warnings).isEmpty();
    s.close();
  }

  @Test
  void whenTheDirectoryCannotBeMadeOutputStaysInMemoryWhole() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    CaptureStore s = keep(new CaptureStore(notADirectory, 10, 10, warnings::add));
    byte[] b = bytes(1000, 10);
    Capture a = s.newCapture();
    Capture c = s.newCapture();

    writeInPieces(a, b, 33, 11);
    writeInPieces(c, b, 7, 12);
    a.end();
    c.end();

    assertThat(a.spilled()).isFalse();
    assertThat(a.toByteArray()).isEqualTo(b);
    assertThat(viaWriteTo(c)).isEqualTo(b);
    assertThat(s.memoryUsed()).as("over the budget, rather than lost").isEqualTo(2000);
    assertThat(s.directory()).isNull();
    assertThat(warnings).as("said once, on one line").singleElement().satisfies(w -> {
      assertThat(w).startsWith("kanal run: cannot write job output to a temporary file in " + notADirectory)
          .endsWith(": keeping it in memory").doesNotContain("\n");
    });
    a.release();
    c.release();
    assertThat(s.memoryUsed()).isZero();
  }

  @Test
  void whenTheFileFailsMidwayItKeepsWhatItTookAndMemoryTheRest() throws IOException {
    // A disk that fills up after 5,000 bytes, in the middle of a write: the file has part of
    // that write, which the capture must not read back twice.
    CaptureStore s = keep(new CaptureStore(dir, 100, 100, warnings::add) {
      @Override
      OutputStream create(Path file) throws IOException {
        return new FilterOutputStream(super.create(file)) {
          long left = 5_000;

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
              throw new IOException("No space left on device");
            }
          }
        };
      }
    });
    Capture c = s.newCapture();
    byte[] b = bytes(20_000, 13);

    writeInPieces(c, b, 300, 14);
    c.end();

    assertThat(c.spilled()).isTrue();
    assertThat(c.toByteArray()).isEqualTo(b);
    assertThat(viaWriteTo(c)).isEqualTo(b);
    assertThat(viaOpen(c)).isEqualTo(b);
    assertThat(s.memoryUsed()).isGreaterThanOrEqualTo(15_000).isLessThan(20_000);
    assertThat(warnings).singleElement().asString().contains("No space left on device");
    c.release();
    assertThat(spillFiles(s)).isEmpty();
    assertThat(s.memoryUsed()).isZero();
  }

  @Test
  void aWriteAfterEndIsDropped() {
    CaptureStore s = store(1000, 1000);
    Capture c = s.newCapture();
    byte[] b = bytes(20, 15);
    c.write(b, 0, 10);

    c.end();
    c.write(b, 10, 10);

    assertThat(c.size()).isEqualTo(10);
    assertThat(s.memoryUsed()).isEqualTo(10);
  }

  @Test
  void concurrentWritersNeverTakeTheMemoryPastTheBudget() throws Exception {
    int writers = 8;
    long budget = 4_000;
    CaptureStore s = store(budget, 1_000);
    List<Capture> captures = new ArrayList<>();
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      captures.add(s.newCapture());
      written.add(bytes(600 + 300 * i, 100 + i)); // some stay under their cap, some do not
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        Capture c = captures.get(i);
        byte[] b = written.get(i);
        long seed = 200 + i;
        done.add(pool.submit(() -> {
          go.await();
          writeInPieces(c, b, 50, seed);
          c.end();
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(s.peakMemory()).isLessThanOrEqualTo(budget);
    long inMemory = 0;
    for (int i = 0; i < writers; i++) {
      Capture c = captures.get(i);
      assertThat(c.toByteArray()).as("capture %d", i).isEqualTo(written.get(i));
      if (!c.spilled()) {
        inMemory += c.size();
      }
    }
    assertThat(s.memoryUsed()).isEqualTo(inMemory);
    assertThat(captures).filteredOn(Capture::spilled).isNotEmpty();
    captures.forEach(Capture::release);
    assertThat(s.memoryUsed()).isZero();
    assertThat(spillFiles(s)).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void theBudgetIsASizeInBytesOrWithAUnit() {
    assertThat(CaptureStore.size("1048576")).isEqualTo(1 << 20);
    assertThat(CaptureStore.size("512k")).isEqualTo(512 << 10);
    assertThat(CaptureStore.size("64M")).isEqualTo(64L << 20);
    assertThat(CaptureStore.size("2g")).isEqualTo(2L << 30);
    assertThat(CaptureStore.size("0")).isZero();
    for (String bad : List.of("", "m", "-1", "1.5m", "+3", "12t", "99999999999999999999")) {
      assertThatThrownBy(() -> CaptureStore.size(bad))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessage("-Dkanal.run.capture-memory: expected a size in bytes such as 1048576 or 64m, got \""
              + bad + "\"");
    }
  }
}
