package bench

import (
	"strconv"
	"sync"
	"testing"
)

const poolJobs = 1_000_000

// workerPool is seed 000's worker pool: jobs and results buffered to the number of jobs,
// each worker ranges over jobs and sends each job back on results; main sends every job,
// closes jobs, and receives every result. The jobs are no-ops, or with cpu about a hundred
// nanoseconds of CPU each (burnCPU; a branch that always goes the same way otherwise).
func workerPool(workers int, cpu bool) {
	jobs := make(chan int, poolJobs)
	results := make(chan int, poolJobs)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if cpu {
					burnCPU(cpuTokens)
				}
				results <- j
			}
		}()
	}
	for j := 1; j <= poolJobs; j++ {
		jobs <- j
	}
	close(jobs)
	for a := 1; a <= poolJobs; a++ {
		<-results
	}
	wg.Wait()
}

// WorkerPool/workers=W: one op = one pool of 1,000,000 jobs; the compare script divides by
// the number of jobs (ns per job).
func BenchmarkWorkerPool(b *testing.B) {
	for _, w := range []int{2, 4, 64} {
		b.Run("workers="+strconv.Itoa(w), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				workerPool(w, false)
			}
		})
	}
}

// cpuTokens is the work of one CPU job, as PoolOverhead's work=cpu: Blackhole.consumeCPU(100).
const cpuTokens = 100

// consumedCPU seeds burnCPU and receives its result only when it happens to be 42, so the
// compiler can neither precompute the loop nor drop it.
var consumedCPU = int64(0x1234_5678)

// burnCPU does what JMH's Blackhole.consumeCPU(tokens) does, step for step: a chain of
// dependent multiply-adds counted down from tokens, so that both languages run the same
// instructions for a job.
//
//go:noinline
func burnCPU(tokens int64) {
	t := consumedCPU
	for i := tokens; i > 0; i-- {
		t += (t*0x5DEECE66D + 0xB + i) & 0xFFFFFFFFFFFF
	}
	if t == 42 {
		consumedCPU += t
	}
}

// WorkerPoolCPU/workers=W: as WorkerPool, with CPU jobs (PoolOverhead's work=cpu rows).
func BenchmarkWorkerPoolCPU(b *testing.B) {
	for _, w := range []int{2, 4, 64} {
		b.Run("workers="+strconv.Itoa(w), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				workerPool(w, true)
			}
		})
	}
}
