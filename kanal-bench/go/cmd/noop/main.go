// Command noop does nothing: kanal-bench/compare times its start next to a JVM's.
package main

func main() {}
