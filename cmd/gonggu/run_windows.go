//go:build windows

package main

import (
	"context"

	"golang.org/x/sys/windows/svc"
)

// run runs the command in the console, or, when Windows started it as a service (registered
// with `sc.exe create gonggu binPath= "C:\gonggu\gonggu.exe serve --db C:\gonggu\gonggu.db"`),
// under the service control manager, which stops it through the handler below.
func run(fn func(context.Context) int) int {
	if ok, err := svc.IsWindowsService(); err != nil || !ok {
		return console(fn)
	}
	h := &service{fn: fn}
	if err := svc.Run("gonggu", h); err != nil {
		return 1
	}
	return h.code
}

// service is the handler of the Windows service: it starts the command and cancels it when
// the service is stopped or the machine shuts down.
type service struct {
	fn   func(context.Context) int
	code int
}

func (s *service) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	status <- svc.Status{State: svc.StartPending}
	go func() { done <- s.fn(ctx) }()
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for {
		select {
		case c := <-req:
			switch c.Cmd {
			case svc.Interrogate:
				status <- c.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending}
				cancel()
				s.code = <-done
				return false, uint32(s.code)
			}
		case s.code = <-done:
			return false, uint32(s.code)
		}
	}
}
