// Package bench holds the Go side of Kanal's benchmarks: the same shapes as the JMH
// benchmarks in kanal-bench (ChanSync, ChanProdCons0/10/100, ... Spawn, WorkerPool), so that
// kanal-bench/compare can print Kanal's time next to Go's, measured on the same machine in the
// same run. Run them with
//
//	go test -run '^$' -bench . -benchtime 1s
//
// Where a shape comes from Go's runtime/chan_test.go its benchmark has the same name and the
// same body; ns/op is Go's own (per message, per select...), and the compare script turns
// "per 100 messages" into "per message" for ChanUncontended and ChanContended.
package bench
