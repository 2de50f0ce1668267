package dev.kanal.bench;

/** The daisy-chained prime sieve ({@link Sieve}) up to the 1000-th prime. Time per sieve. */
public class Sieve1000 extends SieveShape {
  static final int PRIMES = 1000;

  @Override
  int primes() {
    return PRIMES;
  }
}
