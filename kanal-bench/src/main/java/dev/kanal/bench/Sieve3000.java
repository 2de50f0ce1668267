package dev.kanal.bench;

/** The daisy-chained prime sieve ({@link Sieve}) up to the 3000-th prime. Time per sieve. */
public class Sieve3000 extends SieveShape {
  static final int PRIMES = 3000;

  @Override
  int primes() {
    return PRIMES;
  }
}
