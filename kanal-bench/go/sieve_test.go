package bench

import "testing"

// sieve is the daisy-chained prime sieve up to the n-th prime (limit). So that no goroutine
// is left behind, the generator stops at limit and closes its channel, each filter closes its
// output when its input closes, and the run ends when the end of the chain closes: the same
// shape as the Java side (dev.kanal.bench.Sieve).
func sieve(limit int) int {
	first := make(chan int)
	go func() {
		for i := 2; i <= limit; i++ {
			first <- i
		}
		close(first)
	}()
	ch := first
	count := 0
	for {
		p, ok := <-ch
		if !ok {
			return count
		}
		count++
		out := make(chan int)
		go filter(ch, out, p)
		ch = out
	}
}

func filter(in <-chan int, out chan<- int, prime int) {
	for v := range in {
		if v%prime != 0 {
			out <- v
		}
	}
	close(out)
}

func nthPrime(n int) int {
	for size := 32; ; size *= 2 {
		composite := make([]bool, size+1)
		count := 0
		for i := 2; i <= size; i++ {
			if !composite[i] {
				count++
				if count == n {
					return i
				}
				for j := i * i; j <= size; j += i {
					composite[j] = true
				}
			}
		}
	}
}

func benchSieve(b *testing.B, primes int) {
	limit := nthPrime(primes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := sieve(limit); got != primes {
			b.Fatalf("sieve found %d primes, want %d", got, primes)
		}
	}
}

// One op = one whole sieve.
func BenchmarkSieve1000(b *testing.B) { benchSieve(b, 1000) }
func BenchmarkSieve3000(b *testing.B) { benchSieve(b, 3000) }
