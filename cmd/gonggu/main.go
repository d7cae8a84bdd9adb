// Command gonggu is the one binary of gonggu: registry, screening, scorecard and ledger for
// consolidating poverty-alleviation results. See the README for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gonggu/gonggu/internal/cli"
)

func main() {
	os.Exit(run(func(ctx context.Context) int {
		m := &cli.Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
		return m.Run(ctx, os.Args[1:])
	}))
}

// console runs fn until it returns or the process is interrupted (Ctrl-C, SIGTERM).
func console(fn func(context.Context) int) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return fn(ctx)
}
