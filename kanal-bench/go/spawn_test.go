package bench

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// parkedGoroutines is 1,000,000 unless KANAL_BENCH_SPAWN says otherwise (for a smoke run).
func parkedGoroutines() int {
	if n, err := strconv.Atoi(os.Getenv("KANAL_BENCH_SPAWN")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// Spawn: 1,000,000 goroutines parked on a receive from one channel. Reports, per op (one
// crowd), s-start (starting them all until each has begun), s-release (close, until each has
// finished) and B/goroutine (heap plus stacks in use while they are parked, less before, after
// a GC). ns/op is the whole cycle and is not used. KANAL_BENCH_SKIP_SPAWN=1 skips it (the
// compare script runs it apart, with a fixed number of ops).
func BenchmarkSpawn(b *testing.B) {
	if os.Getenv("KANAL_BENCH_SKIP_SPAWN") != "" {
		b.Skip("KANAL_BENCH_SKIP_SPAWN is set")
	}
	n := parkedGoroutines()
	var startTotal, releaseTotal time.Duration
	var bytesTotal float64
	for i := 0; i < b.N; i++ {
		c := make(chan int)
		var started, finished sync.WaitGroup
		started.Add(n)
		finished.Add(n)
		before := inUseAfterGC()

		t0 := time.Now()
		for g := 0; g < n; g++ {
			go func() {
				started.Done()
				<-c
				finished.Done()
			}()
		}
		started.Wait()
		startTotal += time.Since(t0)

		// Outside the measurement: let the last ones reach the receive, then weigh them.
		b.StopTimer()
		time.Sleep(100 * time.Millisecond)
		after := inUseAfterGC()
		bytesTotal += float64(after-before) / float64(n)
		b.StartTimer()

		t1 := time.Now()
		close(c)
		finished.Wait()
		releaseTotal += time.Since(t1)
	}
	b.ReportMetric(startTotal.Seconds()/float64(b.N), "s-start")
	b.ReportMetric(releaseTotal.Seconds()/float64(b.N), "s-release")
	b.ReportMetric(bytesTotal/float64(b.N), "B/goroutine")
}

func inUseAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}
