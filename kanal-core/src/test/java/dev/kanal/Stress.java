package dev.kanal;

/**
 * Sizes of the stress tests: the CI size times {@code -Dkanal.stress.scale} (default 1), so that
 * {@code -Dkanal.stress.scale=20} runs the same checks twenty times longer.
 */
final class Stress {
  private Stress() {}

  static final int SCALE = Math.max(1, Integer.getInteger("kanal.stress.scale", 1));

  /** {@code ciSize} scaled. */
  static int scaled(int ciSize) {
    return ciSize * SCALE;
  }
}
