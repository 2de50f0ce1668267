package bench

import (
	"strconv"
	"sync"
	"testing"
)

const poolJobs = 1_000_000

// workerPool is seed 000's worker pool with no-op jobs: jobs and results buffered to the
// number of jobs, each worker ranges over jobs and sends each job back on results; main sends
// every job, closes jobs, and receives every result.
func workerPool(workers int) {
	jobs := make(chan int, poolJobs)
	results := make(chan int, poolJobs)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
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
				workerPool(w)
			}
		})
	}
}
