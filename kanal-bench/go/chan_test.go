package bench

import (
	"runtime"
	"sync"
	"testing"
)

// ChanSync: two goroutines over one unbuffered channel, one receiving then sending, the other
// sending then receiving. One op = one message.
func BenchmarkChanSync(b *testing.B) {
	c := make(chan int)
	n := b.N / 2
	done := make(chan bool, 2)
	go func() {
		for i := 0; i < n; i++ {
			<-c
			c <- 0
		}
		done <- true
	}()
	go func() {
		for i := 0; i < n; i++ {
			c <- 0
			<-c
		}
		done <- true
	}()
	<-done
	<-done
}

// prodCons: GOMAXPROCS producers and as many consumers on one channel of the given capacity;
// each producer sends its share of b.N then a 0 sentinel; a consumer stops at a 0.
// One op = one message.
func prodCons(b *testing.B, capacity int) {
	procs := runtime.GOMAXPROCS(0)
	c := make(chan int, capacity)
	var wg sync.WaitGroup
	for p := 0; p < procs; p++ {
		n := b.N / procs
		if p < b.N%procs {
			n++
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				c <- 1
			}
			c <- 0
		}()
		go func() {
			defer wg.Done()
			for <-c != 0 {
			}
		}()
	}
	wg.Wait()
}

func BenchmarkChanProdCons0(b *testing.B)   { prodCons(b, 0) }
func BenchmarkChanProdCons10(b *testing.B)  { prodCons(b, 10) }
func BenchmarkChanProdCons100(b *testing.B) { prodCons(b, 100) }

// ChanUncontended, as in runtime/chan_test.go: one op = 100 sends and 100 receives on a
// goroutine's own channel.
func BenchmarkChanUncontended(b *testing.B) {
	const C = 100
	b.RunParallel(func(pb *testing.PB) {
		c := make(chan int, C)
		for pb.Next() {
			for i := 0; i < C; i++ {
				c <- 0
			}
			for i := 0; i < C; i++ {
				<-c
			}
		}
	})
}

// ChanContended, as in runtime/chan_test.go: as ChanUncontended, on one shared channel.
func BenchmarkChanContended(b *testing.B) {
	const C = 100
	c := make(chan int, C*runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for i := 0; i < C; i++ {
				c <- 0
			}
			for i := 0; i < C; i++ {
				<-c
			}
		}
	})
}

// SelectUncontended, as in runtime/chan_test.go: one op = one select plus its send.
func BenchmarkSelectUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		c1 := make(chan int, 1)
		c2 := make(chan int, 1)
		c1 <- 0
		for pb.Next() {
			select {
			case <-c1:
				c2 <- 0
			case <-c2:
				c1 <- 0
			}
		}
	})
}

// SelectSyncContended, as in runtime/chan_test.go: one op = one message received by a select.
func BenchmarkSelectSyncContended(b *testing.B) {
	c1 := make(chan int)
	c2 := make(chan int)
	c3 := make(chan int)
	done := make(chan int)
	b.RunParallel(func(pb *testing.PB) {
		go func() {
			for {
				select {
				case c1 <- 0:
				case c2 <- 0:
				case c3 <- 0:
				case <-done:
					return
				}
			}
		}()
		for pb.Next() {
			select {
			case <-c1:
			case <-c2:
			case <-c3:
			}
		}
	})
	close(done)
}

// SelectAsyncContended, as in runtime/chan_test.go: one op = one select plus its send.
func BenchmarkSelectAsyncContended(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	c1 := make(chan int, procs)
	c2 := make(chan int, procs)
	b.RunParallel(func(pb *testing.PB) {
		c1 <- 0
		for pb.Next() {
			select {
			case <-c1:
				c2 <- 0
			case <-c2:
				c1 <- 0
			}
		}
	})
}

// SelectNonblock, as in runtime/chan_test.go: one op = four selects with a default.
func BenchmarkSelectNonblock(b *testing.B) {
	c1 := make(chan int)
	c2 := make(chan int)
	c3 := make(chan int, 1)
	c4 := make(chan int, 1)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-c1:
			default:
			}
			select {
			case c2 <- 0:
			default:
			}
			select {
			case <-c3:
			default:
			}
			select {
			case c4 <- 0:
			default:
			}
		}
	})
}

// ChanNonblocking, as in runtime/chan_test.go: one op = one non-blocking receive attempt.
func BenchmarkChanNonblocking(b *testing.B) {
	c := make(chan int)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-c:
			default:
			}
		}
	})
}

// ChanCreation, as in runtime/chan_test.go: one op = make a channel of capacity 1, send, receive.
func BenchmarkChanCreation(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c := make(chan int, 1)
			c <- 0
			<-c
		}
	})
}

// ChanSem, as in runtime/chan_test.go: one op = acquire and release a channel semaphore.
func BenchmarkChanSem(b *testing.B) {
	type empty struct{}
	c := make(chan empty, runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c <- empty{}
			<-c
		}
	})
}

// ChanClosed, as in runtime/chan_test.go: one op = one non-blocking receive from a closed channel.
func BenchmarkChanClosed(b *testing.B) {
	c := make(chan struct{})
	close(c)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-c:
			default:
				b.Error("unreachable")
			}
		}
	})
}

// PingPong: two goroutines, two unbuffered channels. One op = one round trip.
func BenchmarkPingPong(b *testing.B) {
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- i
		<-pong
	}
	close(ping)
}
