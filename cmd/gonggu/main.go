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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &cli.Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
