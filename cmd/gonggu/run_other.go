//go:build !windows

package main

import "context"

// run runs the command in the console; systemd and other service managers stop it with
// SIGTERM.
func run(fn func(context.Context) int) int { return console(fn) }
