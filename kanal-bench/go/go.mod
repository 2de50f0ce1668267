module kanal.dev/bench

go 1.19
